"""Joining by code, people without a phone, the mood check and the round-table roster."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coprod.agenda import services as agenda
from coprod.agenda.kinds import StepKind
from coprod.agenda.presets import VEXIN_RUNNING_ORDER
from coprod.participants import services
from coprod.participants.models import MoodVote, Participant
from coprod.testing.factories import MoodVoteFactory, ParticipantFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

UNKNOWN_CODE = (
    "Ce code ne correspond à aucun atelier. Vérifiez les 6 caractères affichés au tableau."
)


def join(workshop, **fields):
    return services.join(code=workshop.join_code, **({"name": "Jeanne Martin"} | fields))


# --- Joining ----------------------------------------------------------------------------------


def test_join_creates_a_participant_and_returns_their_secret_token(workshop):
    """The token identifies the participant, and only its hash is stored."""
    participant, token = join(workshop, organisation="Mairie de Wy-dit-Joli-Village")
    assert participant.workshop == workshop
    assert participant.has_phone
    assert participant.charter_accepted_at is not None
    assert services.participant_for_token(token) == participant
    assert token not in Participant.objects.values_list("token_hash", flat=True)
    assert services.participant_for_token("jeton-inventé") is None


@pytest.mark.parametrize("typed", ["{code}", "{lower}", " {a} {b} ", "{a}-{b}", "{lower_a}-{b}\n"])
def test_join_code_accepts_lower_case_spaces_and_dashes(workshop, typed):
    """People type the code as they can: case, spaces and dashes do not matter."""
    code = workshop.join_code
    raw = typed.format(
        code=code, lower=code.lower(), a=code[:3], b=code[3:], lower_a=code[:3].lower()
    )
    participant, _token = services.join(code=raw, name="Paul")
    assert participant.workshop == workshop


@pytest.mark.parametrize("code", ["", "ZZZZZZ", "AB", "ABCDEFG", "0OO1IL"])
def test_unknown_code_gives_a_clear_french_error(workshop, code):
    """A wrong, short, long or look-alike code says to check the six characters on the board."""
    with pytest.raises(ValidationError) as error:
        services.join(code=code, name="Paul")
    assert error.value.messages == [UNKNOWN_CODE]
    assert not Participant.objects.exists()


def test_ended_workshop_cannot_be_joined(workshop, facilitator):
    agenda.end_workshop(workshop, actor=facilitator)
    with pytest.raises(ValidationError) as error:
        join(workshop)
    assert error.value.messages == [
        "Cet atelier est terminé : il n'est plus possible de le rejoindre."
    ]


def test_live_workshop_can_still_be_joined(workshop, facilitator):
    """Latecomers join a workshop that has already started."""
    agenda.start_workshop(workshop, actor=facilitator)
    participant, _token = join(workshop)
    assert participant.workshop == workshop


def test_identity_is_kept_on_one_line_without_stray_spaces(workshop):
    participant, _token = join(
        workshop,
        name="  Jeanne \n  Martin ",
        organisation=" Association\tLes Amis ",
        link_to_theme="",
    )
    assert (participant.name, participant.organisation) == ("Jeanne Martin", "Association Les Amis")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "   "}, "Indiquez votre nom."),
        ({"name": "x" * 81}, "« nom » ne doit pas dépasser 80 caractères."),
        (
            {"organisation": "x" * 121},
            "« structure » ne doit pas dépasser 120 caractères.",
        ),
        (
            {"link_to_theme": "x" * 301},
            "« lien avec la thématique » ne doit pas dépasser 300 caractères.",
        ),
    ],
)
def test_identity_length_limits(workshop, fields, message):
    """A missing name or an over-long field is refused with a French message, nobody joins."""
    with pytest.raises(ValidationError) as error:
        join(workshop, **fields)
    assert error.value.messages == [message]
    assert not Participant.objects.exists()


@pytest.mark.parametrize("field", ["name", "organisation", "link_to_theme"])
def test_control_characters_in_identity_are_refused(workshop, field):
    """A NUL (which PostgreSQL cannot store) or an escape in any field: refused, nobody joins."""
    fields = {"name": "Alice", field: "Alice\x00 Martin" if field == "name" else "Mairie\x1b"}
    with pytest.raises(ValidationError, match="contient des caractères invisibles non autorisés"):
        join(workshop, **fields)
    assert not workshop.participants.exists()


def test_identity_at_the_limits_is_accepted(workshop):
    participant, _token = join(
        workshop, name="x" * 80, organisation="y" * 120, link_to_theme="z" * 300
    )
    assert len(participant.name) == 80


def test_charter_must_be_accepted(workshop):
    """The seed charter has six rules: joining without accepting them is refused."""
    assert len(workshop.charter_rules) == 6
    with pytest.raises(ValidationError, match="acceptez les règles du jeu"):
        join(workshop, accept_charter=False)
    assert not Participant.objects.exists()


def test_no_charter_nothing_to_accept():
    workshop = WorkshopFactory(charter="")
    participant, _token = join(workshop, accept_charter=False)
    assert participant.charter_accepted_at is None


def test_participant_updates_their_round_table_card(workshop):
    participant, _token = join(workshop)
    services.update_identity(
        participant, name="Jeanne M.", organisation="CCAS", link_to_theme="Aidante"
    )
    participant.refresh_from_db()
    assert (participant.name, participant.organisation, participant.link_to_theme) == (
        "Jeanne M.",
        "CCAS",
        "Aidante",
    )


# --- Type of organisation and consent to be named -------------------------------------------


def test_join_records_the_type_of_organisation_and_the_consent(workshop):
    participant, _token = join(workshop, organisation_kind="association", name_consent=True)
    participant.refresh_from_db()
    assert (participant.organisation_kind, participant.name_consent) == ("association", True)


def test_join_without_answering_gives_no_consent_and_no_type(workshop):
    """Not ticking the box is a no: the name stays out of the restitution."""
    participant, _token = join(workshop)
    participant.refresh_from_db()
    assert (participant.organisation_kind, participant.name_consent) == ("", False)


def test_unknown_type_of_organisation_gives_a_clear_french_error(workshop):
    with pytest.raises(ValidationError) as error:
        join(workshop, organisation_kind="mairie")
    assert error.value.messages == [
        "Type de structure inconnu : « mairie ». Valeurs possibles : collectivite, etat, "
        "association, social, entreprise, habitant, autre, ou vide."
    ]
    assert not Participant.objects.exists()


@pytest.mark.parametrize("consent", ["false", "on", 1])
def test_consent_must_be_a_real_yes_or_no(workshop, consent):
    """A text such as "false" must never be read as a yes."""
    with pytest.raises(ValidationError, match="doit être oui ou non"):
        join(workshop, name_consent=consent)
    assert not Participant.objects.exists()


def test_participant_gives_then_withdraws_consent_from_their_card(workshop):
    participant, _token = join(workshop)
    card = {"name": "Jeanne Martin", "organisation": "CCAS"}
    services.update_identity(participant, **card, organisation_kind="social", name_consent=True)
    assert (participant.organisation_kind, participant.name_consent) == ("social", True)
    services.update_identity(participant, **card, organisation_kind="social", name_consent=False)
    participant.refresh_from_db()
    assert participant.name_consent is False


def test_card_update_without_the_new_fields_keeps_them(workshop):
    participant, _token = join(workshop, organisation_kind="etat", name_consent=True)
    services.update_identity(participant, name="Jeanne M.")
    participant.refresh_from_db()
    assert (participant.name, participant.organisation_kind, participant.name_consent) == (
        "Jeanne M.",
        "etat",
        True,
    )


def test_card_update_checks_the_type_of_organisation(workshop):
    participant, _token = join(workshop, organisation_kind="etat")
    with pytest.raises(ValidationError, match="Type de structure inconnu"):
        services.update_identity(participant, name="Jeanne", organisation_kind="x" * 200)
    participant.refresh_from_db()
    assert participant.organisation_kind == "etat"


# --- People without a phone ------------------------------------------------------------------


def test_facilitator_adds_a_participant_without_phone(workshop, facilitator):
    """Someone with no phone is on the roster, marked as such, and needs no charter tick."""
    participant = services.add_participant_without_phone(
        workshop, actor=facilitator, name="Marcel", organisation="Club des aînés"
    )
    assert participant.workshop == workshop
    assert not participant.has_phone
    assert participant.charter_accepted_at is not None


def test_facilitator_records_the_consent_of_a_participant_without_phone(workshop, facilitator):
    """The facilitator asked: Marcel agrees to be named and is a resident."""
    marcel = services.add_participant_without_phone(
        workshop, actor=facilitator, name="Marcel", organisation_kind="habitant", name_consent=True
    )
    marcel.refresh_from_db()
    assert (marcel.organisation_kind, marcel.name_consent) == ("habitant", True)
    odile = services.add_participant_without_phone(workshop, actor=facilitator, name="Odile")
    assert odile.name_consent is False


def test_facilitator_cannot_add_an_unknown_type_of_organisation(workshop, facilitator):
    with pytest.raises(ValidationError, match="Type de structure inconnu"):
        services.add_participant_without_phone(
            workshop, actor=facilitator, name="Marcel", organisation_kind="club"
        )
    assert not workshop.participants.exists()


def test_only_a_facilitator_adds_a_participant_without_phone(workshop, stranger):
    with pytest.raises(PermissionDenied):
        services.add_participant_without_phone(workshop, actor=stranger, name="Marcel")
    assert not workshop.participants.exists()


def test_facilitator_casts_the_mood_of_a_participant_without_phone(workshop, facilitator, run_to):
    marcel = services.add_participant_without_phone(workshop, actor=facilitator, name="Marcel")
    run_to(workshop, StepKind.MOOD)
    vote = services.cast_mood(marcel, value=2, actor=facilitator)
    assert (vote.participant, vote.value) == (marcel, 2)


def test_stranger_cannot_cast_a_mood_for_someone(workshop, stranger, run_to):
    participant = ParticipantFactory(workshop=workshop)
    run_to(workshop, StepKind.MOOD)
    with pytest.raises(PermissionDenied):
        services.cast_mood(participant, value=5, actor=stranger)
    assert not MoodVote.objects.exists()


# --- Mood check -------------------------------------------------------------------------------


def test_mood_only_while_the_workshop_is_live(workshop):
    participant = ParticipantFactory(workshop=workshop)
    with pytest.raises(ValidationError, match="L'atelier n'est pas en cours."):
        services.cast_mood(participant, value=4)


@pytest.mark.parametrize("kind", [kind for kind, *_rest in VEXIN_RUNNING_ORDER])
def test_mood_only_during_the_mood_step(workshop, run_to, kind):
    """Step × mood matrix: of the nine seed steps only "Comment ça va ?" records an answer;
    during any other one the answer is refused in French and nothing is recorded."""
    participant = ParticipantFactory(workshop=workshop)
    run_to(workshop, kind)
    if kind == StepKind.MOOD:
        assert services.cast_mood(participant, value=4).value == 4
        return
    with pytest.raises(ValidationError) as error:
        services.cast_mood(participant, value=4)
    assert error.value.messages == [
        "« Comment ça va ? » n'est pas la séquence en cours : réponse non enregistrée."
    ]
    assert not MoodVote.objects.exists()


def test_mood_accepted_while_the_mood_step_is_paused(workshop, facilitator, run_to):
    participant = ParticipantFactory(workshop=workshop)
    run_to(workshop, StepKind.MOOD)
    agenda.pause_timer(workshop, actor=facilitator)
    assert services.cast_mood(participant, value=3).value == 3


def test_one_mood_per_participant_which_they_may_change(workshop, run_to):
    """Answering again replaces the first answer instead of counting twice."""
    participant = ParticipantFactory(workshop=workshop)
    run_to(workshop, StepKind.MOOD)
    services.cast_mood(participant, value=2, word="fatigué")
    services.cast_mood(participant, value=5, word="content")
    assert list(MoodVote.objects.values_list("value", "word")) == [(5, "content")]
    assert services.mood_summary(workshop)["total"] == 1


@pytest.mark.parametrize("value", [0, 6, "beaucoup", None])
def test_mood_value_must_be_1_to_5(workshop, run_to, value):
    participant = ParticipantFactory(workshop=workshop)
    run_to(workshop, StepKind.MOOD)
    with pytest.raises(ValidationError) as error:
        services.cast_mood(participant, value=value)
    assert error.value.messages == ["Choisissez une humeur de 1 à 5."]


def test_mood_word_is_limited_to_40_characters(workshop, run_to):
    participant = ParticipantFactory(workshop=workshop)
    run_to(workshop, StepKind.MOOD)
    with pytest.raises(ValidationError, match=r"« mot » ne doit pas dépasser 40 caractères."):
        services.cast_mood(participant, value=4, word="x" * 41)


def test_mood_word_with_a_control_character_is_refused(workshop, run_to):
    participant = ParticipantFactory(workshop=workshop)
    run_to(workshop, StepKind.MOOD)
    with pytest.raises(ValidationError, match="« mot » contient des caractères invisibles"):
        services.cast_mood(participant, value=4, word="ravie\x00")
    assert not MoodVote.objects.exists()


def test_mood_summary_is_an_anonymous_aggregate(workshop):
    """Counts and percentages per level, the mean and the words, but no names."""
    for value, word in [(5, "Ravie"), (4, ""), (4, "curieux"), (1, "")]:
        MoodVoteFactory(participant=ParticipantFactory(workshop=workshop), value=value, word=word)
    MoodVoteFactory(value=1)  # another workshop's vote does not count here
    summary = services.mood_summary(workshop)
    assert summary["total"] == 4
    assert [(lvl["value"], lvl["count"], lvl["percent"]) for lvl in summary["levels"]] == [
        (1, 1, 25),
        (2, 0, 0),
        (3, 0, 0),
        (4, 2, 50),
        (5, 1, 25),
    ]
    assert summary["levels"][4]["label"] == "Très bien"
    assert summary["mean"] == pytest.approx(3.5)
    assert summary["words"] == ["curieux", "ravie"]
    assert "Participant" not in repr(summary)


def test_mood_summary_without_votes(workshop):
    summary = services.mood_summary(workshop)
    assert (summary["total"], summary["mean"], summary["words"]) == (0, None, [])
    assert all(lvl["percent"] == 0 for lvl in summary["levels"])


def test_roster_groups_people_by_organisation(workshop):
    """The round table lists structures alphabetically (any case), people without one apart."""
    for name, organisation in [
        ("Zoé", "mairie de Wy"),
        ("Ahmed", "Association Vexin Solidaire"),
        ("Bruno", "mairie de Wy"),
        ("Claire", ""),
    ]:
        ParticipantFactory(workshop=workshop, name=name, organisation=organisation)
    ParticipantFactory(name="Intrus", organisation="Autre atelier")
    roster = services.roster_by_organisation(workshop)
    assert [(org, [p.name for p in people]) for org, people in roster] == [
        ("Association Vexin Solidaire", ["Ahmed"]),
        ("mairie de Wy", ["Bruno", "Zoé"]),
        ("Sans structure", ["Claire"]),
    ]


def test_roster_shows_residents_as_habitants_not_without_structure(workshop):
    """A resident comes on their own behalf: « Habitant·e », not « Sans structure »; someone who
    only chose a type of structure is shown by it; a typed structure always wins."""
    for name, organisation, kind in [
        ("Denise", "", "habitant"),
        ("Émile", "", "habitant"),
        ("Farid", "", "association"),
        ("Gaëlle", "Comité des fêtes", "habitant"),
        ("Hugo", "", "autre"),
        ("Inès", "", ""),
    ]:
        ParticipantFactory(
            workshop=workshop, name=name, organisation=organisation, organisation_kind=kind
        )
    roster = services.roster_by_organisation(workshop)
    assert [(org, [p.name for p in people]) for org, people in roster] == [
        ("Association", ["Farid"]),
        ("Comité des fêtes", ["Gaëlle"]),
        ("Habitant·e", ["Denise", "Émile"]),
        ("Sans structure", ["Hugo", "Inès"]),
    ]
