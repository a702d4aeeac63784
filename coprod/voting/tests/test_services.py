"""Validation by consent: opening, answering, objections, closing, the rule."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from coprod.grouping.models import Synthesis
from coprod.testing.factories import ParticipantFactory, WorkshopFactory
from coprod.voting import services
from coprod.voting.models import ConsentBallot, ValidationVote

from .conftest import make_synthesis

pytestmark = pytest.mark.django_db


def cast(vote, person, choice, reason="", suggestion=""):
    return services.cast_consent(
        vote, participant=person, choice=choice, reason=reason, suggestion=suggestion
    )


def test_opening_puts_the_synthesis_to_the_vote_with_two_thirds_by_default(synthesis, facilitator):
    vote = services.open_validation(synthesis, actor=facilitator)
    assert vote.min_share == "2/3" and not vote.allow_open_objections
    assert vote.get_min_share_display() == "les deux tiers"
    synthesis.refresh_from_db()
    assert synthesis.status == Synthesis.Status.VOTING


def test_the_rule_is_configurable(synthesis, facilitator, people):
    vote = services.open_validation(
        synthesis, actor=facilitator, min_share="1/2", allow_open_objections=True
    )
    for person, choice in zip(people[:4], ["for", "for", "objection", "objection"], strict=True):
        cast(vote, person, choice, "Trop vague", "Préciser")
    closed = services.close_validation(vote, actor=facilitator)
    assert closed.validated is True  # half agree, unanswered objections accepted


def test_unknown_rule_is_refused(synthesis, facilitator):
    with pytest.raises(ValidationError):
        services.open_validation(synthesis, actor=facilitator, min_share="0.1")


def test_empty_synthesis_cannot_go_to_the_vote(workshop, facilitator):
    empty = make_synthesis(workshop, "   ")
    with pytest.raises(ValidationError, match="Écrivez la synthèse"):
        services.open_validation(empty, actor=facilitator)


def test_one_open_vote_per_synthesis(vote, synthesis, facilitator):
    with pytest.raises(ValidationError, match="déjà ouvert"):
        services.open_validation(synthesis, actor=facilitator)


def test_participant_or_stranger_cannot_open_close_or_answer(vote, synthesis, people, stranger):
    cast(vote, people[0], "objection", "Flou", "Préciser le public")
    ballot = ConsentBallot.objects.get()
    for actor in (stranger,):
        with pytest.raises(PermissionDenied):
            services.open_validation(synthesis, actor=actor)
        with pytest.raises(PermissionDenied):
            services.close_validation(vote, actor=actor)
        with pytest.raises(PermissionDenied):
            services.answer_objection(ballot, actor=actor, answer="Non")


def test_an_objection_needs_a_reason_and_a_suggestion(vote, people):
    with pytest.raises(ValidationError) as error:
        cast(vote, people[0], "objection")
    assert set(error.value.message_dict) == {"reason", "suggestion"}
    with pytest.raises(ValidationError) as error:
        cast(vote, people[0], "objection", reason="Trop vague")
    assert "suggestion" in error.value.message_dict
    assert "règle du jeu" in error.value.message_dict["suggestion"][0]
    assert not ConsentBallot.objects.exists()


def test_reason_is_at_most_300_characters(vote, people):
    with pytest.raises(ValidationError, match="300"):
        cast(vote, people[0], "objection", "x" * 301, "y")


def test_unknown_choice_is_refused(vote, people):
    with pytest.raises(ValidationError, match="pour"):
        cast(vote, people[0], "maybe")


def test_a_changed_answer_is_counted_once(vote, people):
    cast(vote, people[0], "for")
    cast(vote, people[0], "objection", "Flou", "Préciser")
    cast(vote, people[0], "live_with", "ignored", "ignored")
    summary = services.tally(vote)
    assert summary["voters"] == 1
    assert summary["counts"] == {"for": 0, "live_with": 1, "objection": 0}
    ballot = ConsentBallot.objects.get()
    assert ballot.reason == "" and ballot.suggestion == ""


def test_a_closed_vote_refuses_ballots(vote, people, facilitator):
    cast(vote, people[0], "for")
    services.close_validation(vote, actor=facilitator)
    with pytest.raises(services.VoteClosed):
        cast(vote, people[1], "for")
    with pytest.raises(ValidationError, match="déjà clos"):
        services.close_validation(vote, actor=facilitator)


def test_a_participant_of_another_workshop_is_refused(vote):
    other = ParticipantFactory(workshop=WorkshopFactory())
    with pytest.raises(PermissionDenied):
        cast(vote, other, "for")


def test_unanswered_objection_blocks_validation(vote, people, facilitator):
    for person in people[:5]:
        cast(vote, person, "for")
    cast(vote, people[5], "objection", "Oublie les aînés", "Ajouter les personnes âgées")
    preview = services.tally(vote)
    assert preview["open_objections"] == 1
    assert not preview["outcome"].validated
    assert "Des objections attendent une réponse." in preview["reasons"]
    closed = services.close_validation(vote, actor=facilitator)
    assert closed.validated is False
    assert Synthesis.objects.get().status == Synthesis.Status.NOT_VALIDATED


def test_answered_objection_lets_the_synthesis_pass(vote, people, facilitator, clock):
    for person in people[:5]:
        cast(vote, person, "for")
    ballot = cast(vote, people[5], "objection", "Oublie les aînés", "Ajouter les aînés")
    services.answer_objection(ballot, actor=facilitator, answer="Ajouté dans la fiche action.")
    summary = services.tally(vote)
    assert summary["open_objections"] == 0
    assert summary["objections"][0]["answer"] == "Ajouté dans la fiche action."
    assert "participant" not in summary["objections"][0]  # never who objected
    closed = services.close_validation(vote, actor=facilitator)
    assert closed.validated is True
    synthesis = Synthesis.objects.get()
    assert synthesis.status == Synthesis.Status.VALIDATED
    assert synthesis.validated_at == clock.now
    assert services.validated_syntheses(synthesis.cluster.workshop) == [synthesis]


def test_changing_an_objection_reopens_it(vote, people, facilitator):
    ballot = cast(vote, people[0], "objection", "Flou", "Préciser")
    services.answer_objection(ballot, actor=facilitator, answer="Précisé.")
    cast(vote, people[0], "objection", "Toujours flou", "Nommer les communes")
    assert services.tally(vote)["open_objections"] == 1


def test_share_below_the_rule_is_not_validated(vote, people, facilitator):
    for person, choice in zip(people, ["for", "for", "for", "objection"], strict=False):
        cast(vote, person, choice, "Non", "Autrement")
    ballot = ConsentBallot.objects.get(choice="objection")
    services.answer_objection(ballot, actor=facilitator, answer="Entendu.")
    summary = services.tally(vote)
    assert summary["percent"] == 75 and summary["outcome"].validated  # 3/4 ≥ 2/3
    cast(vote, people[4], "objection", "Non", "Autrement")
    services.answer_objection(
        ConsentBallot.objects.get(participant=people[4]), actor=facilitator, answer="Ok"
    )
    assert not services.tally(vote)["outcome"].validated  # 3/5 < 2/3


def test_nobody_voted_is_not_validated(vote, facilitator):
    assert services.close_validation(vote, actor=facilitator).validated is False


def test_a_new_round_after_a_failed_vote(vote, synthesis, facilitator, people):
    services.close_validation(vote, actor=facilitator)
    again = services.open_validation(synthesis, actor=facilitator, min_share="1/2")
    assert services.current_votes(synthesis.cluster.workshop) == {synthesis.pk: again}
    cast(again, people[0], "for")
    assert services.close_validation(again, actor=facilitator).validated


def test_facilitator_votes_only_for_someone_without_a_phone(vote, people, offline, facilitator):
    services.cast_consent(vote, participant=offline, choice="for", actor=facilitator)
    assert services.tally(vote)["voters"] == 1
    with pytest.raises(PermissionDenied, match="téléphone"):
        services.cast_consent(vote, participant=people[0], choice="for", actor=facilitator)


def test_answering_needs_text_and_an_objection(vote, people, facilitator):
    ballot = cast(vote, people[0], "for")
    with pytest.raises(ValidationError):
        services.answer_objection(ballot, actor=facilitator, answer="Merci")
    objection = cast(vote, people[1], "objection", "Flou", "Préciser")
    with pytest.raises(ValidationError, match="Écrivez la réponse"):
        services.answer_objection(objection, actor=facilitator, answer="  ")


def test_events_are_published_after_commit(synthesis, facilitator, people):
    from django.test import TestCase

    from coprod.realtime import events

    sent = []

    def record(sender, event_type, **kwargs):
        sent.append(event_type)

    events.published.connect(record, dispatch_uid="test-voting-sent")
    try:
        with TestCase.captureOnCommitCallbacks(execute=True):
            vote = services.open_validation(synthesis, actor=facilitator)
        with TestCase.captureOnCommitCallbacks(execute=True):
            cast(vote, people[0], "for")
        with TestCase.captureOnCommitCallbacks(execute=True):
            cast(vote, people[0], "for")  # the same answer again: nothing to announce
        with TestCase.captureOnCommitCallbacks(execute=True):
            services.close_validation(vote, actor=facilitator)
    finally:
        events.published.disconnect(dispatch_uid="test-voting-sent")
    assert sent == ["votes.changed", "tally.updated", "votes.changed"]


def test_phone_key_follows_the_open_votes(workshop, synthesis, facilitator):
    assert services.phone_key(workshop) == ""
    vote = services.open_validation(synthesis, actor=facilitator)
    key = services.phone_key(workshop)
    assert key == f"v{vote.pk}"
    services.close_validation(vote, actor=facilitator)
    assert services.phone_key(workshop) == ""


def test_board_summary_shows_aggregates_only(workshop, vote, people):
    cast(vote, people[0], "for")
    cast(vote, people[1], "objection", "Secret", "Autre idée")
    summary = services.board_summary(workshop)
    (row,) = summary["votes"]
    assert row["voters"] == 2 and row["agreeing"] == 1 and row["objections_count"] == 1
    assert "objections" not in row and summary["active"]


def test_validation_vote_keeps_one_open_round_in_the_database(vote, synthesis):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ValidationVote.objects.create(
            workshop=vote.workshop, synthesis=synthesis, opened_at=timezone.now()
        )
