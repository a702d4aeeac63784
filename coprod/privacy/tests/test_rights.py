"""A facilitator answers one person's request: export, erase the name, erase the texts."""

import pytest
from django.core.exceptions import PermissionDenied

from coprod.action_sheets.models import Comment, Revision
from coprod.catalogue import models as catalogue
from coprod.participants.models import MoodVote, Participant
from coprod.privacy import rights
from coprod.privacy.models import AuditEntry
from coprod.proposals.models import Proposal
from coprod.testing.factories import UserFactory, WorkshopFactory
from coprod.voting.models import ConsentBallot

GONE = "[texte effacé à la demande de la personne]"


def test_the_export_holds_the_card_and_every_contribution_but_not_the_ballots(
    animateur, workshop, marcel
):
    data = rights.export(animateur, workshop, marcel.pk)
    assert data["carte"]["nom"] == "Marcel Dupuis"
    assert data["carte"]["structure"] == "Mairie de Wy"
    assert [p["texte"] for p in data["propositions"]] == [
        "Un minibus le samedi",
        "Un covoiturage solidaire",
    ]
    assert data["temoignages"][0]["content"] == "Courses au marché de Magny"
    assert data["leviers"][0]["levier"] == "Appel à projets"
    assert {c["texte"] for c in data["commentaires_et_critiques"]} == {
        "Trop cher",
        "Pas de chauffeur",
    }
    assert data["votes"]["validations"] == 1
    # A facilitator must not learn how someone voted: the objection stays with its author.
    assert "objections" not in data
    assert "Trop loin" not in str(data)
    assert rights.holdings(marcel, own=True)["objections"] == [
        {"raison": "Trop loin", "suggestion": "Plus près"}
    ]
    entry = AuditEntry.objects.get()
    assert entry.action == AuditEntry.Action.EXPORT
    assert entry.organisation == workshop.process.organisation
    assert entry.actor_name == "animatrice"
    assert "Marcel" not in entry.target


def test_erasing_the_name_leaves_a_pseudonym_everywhere_once(animateur, workshop, marcel):
    Revision.objects.create(
        sheet=Comment.objects.first().sheet,
        name="title",
        value="Minibus",
        version=1,
        author=marcel,
        author_name=marcel.name,
    )
    assert rights.erase_name(animateur, workshop, marcel.pk) > 0
    marcel.refresh_from_db()
    assert marcel.name == "Participant 2"  # the second to arrive
    assert not marcel.name_consent
    assert catalogue.Testimony.objects.get().witness_name == "Participant 2"
    assert set(Comment.objects.values_list("author_name", flat=True)) == {"Participant 2"}
    assert Revision.objects.get().author_name == "Participant 2"
    assert Proposal.objects.filter(author=marcel).count() == 2  # contributions stay
    assert rights.erase_name(animateur, workshop, marcel.pk) == 0  # idempotent
    assert AuditEntry.objects.filter(action=AuditEntry.Action.ERASE_NAME).count() == 1
    assert not Participant.objects.filter(name__icontains="Marcel").exists()


def test_erasing_the_texts_replaces_them_and_keeps_the_counts(animateur, workshop, marcel):
    assert rights.erase_texts(animateur, workshop, marcel.pk) > 0
    assert list(Proposal.objects.filter(author=marcel).values_list("text", flat=True)) == [
        GONE,
        GONE,
    ]
    testimony = catalogue.Testimony.objects.get()
    assert {testimony.partners, testimony.content, testimony.implementation} == {GONE}
    assert catalogue.Lever.objects.get().title == GONE
    assert set(Comment.objects.values_list("text", flat=True)) == {GONE}
    critique = Comment.objects.get(is_critique=True)
    assert critique.suggestion == GONE  # a critique keeps a suggestion, erased too
    ballot = ConsentBallot.objects.get()
    assert (ballot.reason, ballot.suggestion, ballot.choice) == ("", "", "objection")
    assert MoodVote.objects.get().word == ""
    marcel.refresh_from_db()
    assert marcel.link_to_theme == ""
    assert marcel.name == "Marcel Dupuis"  # the name is a separate request
    assert rights.erase_texts(animateur, workshop, marcel.pk) == 0
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ERASE_TEXTS)
    assert entry.details["proposals"] == 2


def test_another_workshops_facilitator_reaches_nobody(workshop, marcel):
    stranger = UserFactory(username="autre")
    theirs = WorkshopFactory(facilitators=[stranger])
    with pytest.raises(PermissionDenied):
        rights.erase_name(stranger, workshop, marcel.pk)
    with pytest.raises(PermissionDenied):
        rights.export(stranger, workshop, marcel.pk)
    # Through their own workshop, someone else's participant does not exist.
    with pytest.raises(Participant.DoesNotExist):
        rights.erase_texts(stranger, theirs, marcel.pk)
    marcel.refresh_from_db()
    assert marcel.name == "Marcel Dupuis"
    assert not AuditEntry.objects.exists()


def test_search_finds_a_participant_by_part_of_the_name(animateur, workshop, marcel):
    assert [p.name for p in rights.find(animateur, workshop, "dupu")] == ["Marcel Dupuis"]
    assert rights.find(animateur, workshop, "").count() == 2
