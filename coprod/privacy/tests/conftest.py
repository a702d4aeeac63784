import pytest

from coprod.action_sheets.models import Comment
from coprod.catalogue.models import Testimony
from coprod.participants.models import MoodVote
from coprod.testing.factories import (
    SAID,
    ActionFactory,
    CommentFactory,
    LeverFactory,
    ParticipantFactory,
    ProposalFactory,
    SheetFactory,
    UserFactory,
    WorkshopFactory,
    make_synthesis,
)
from coprod.voting.models import ConsentBallot, ValidationVote


@pytest.fixture
def animateur(db):
    return UserFactory(username="animatrice")


@pytest.fixture
def workshop(animateur):
    return WorkshopFactory(facilitators=[animateur], title="Atelier 4")


@pytest.fixture
def marcel(workshop):
    """A participant who said, wrote and voted something of every kind."""
    ParticipantFactory(workshop=workshop, name="Josiane Leclerc")  # arrived first
    person = ParticipantFactory(
        workshop=workshop,
        name="Marcel Dupuis",
        organisation="Mairie de Wy",
        link_to_theme="Je conduis le minibus",
        name_consent=True,
    )
    ProposalFactory(workshop=workshop, author=person, text="Un minibus le samedi")
    ProposalFactory(workshop=workshop, author=person, text="Un covoiturage solidaire")
    MoodVote.objects.create(workshop=workshop, participant=person, value=4, word="content")
    action = ActionFactory(process=workshop.process)
    Testimony.objects.create(
        action=action, workshop=workshop, witness=person, witness_name=person.name, **SAID
    )
    LeverFactory(
        process=workshop.process, workshop=workshop, author=person, title="Appel à projets"
    )
    sheet = SheetFactory(workshop=workshop)
    CommentFactory(sheet=sheet, author=person, author_name=person.name, text="Trop cher")
    Comment.objects.create(
        sheet=sheet,
        author=person,
        author_name=person.name,
        text="Pas de chauffeur",
        is_critique=True,
        suggestion="Former des bénévoles",
    )
    vote = ValidationVote.objects.create(
        workshop=workshop, synthesis=make_synthesis(workshop, "Se déplacer")
    )
    ConsentBallot.objects.create(
        vote=vote,
        participant=person,
        choice=ConsentBallot.Choice.OBJECTION,
        reason="Trop loin",
        suggestion="Plus près",
    )
    return person
