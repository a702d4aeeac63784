"""Validation of a synthesis by consent: open the vote, answer, answer objections, close.

The voting services own the status of a `Synthesis` once it goes to the vote: VOTING while a
round is open, then VALIDATED or NOT_VALIDATED.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coprod.core import cleaning
from coprod.core.transactions import write_with_retry
from coprod.grouping import services as grouping_services
from coprod.grouping.models import Synthesis
from coprod.participants.models import Participant
from coprod.realtime.events import publish_on_commit
from coprod.workshops.models import Workshop
from coprod.workshops.services import require

from .. import methods
from ..models import ANSWER_MAX, REASON_MAX, ConsentBallot, ValidationVote
from .common import VoteClosed, check_voter

Choice = ConsentBallot.Choice


def open_validation(
    synthesis: Synthesis, *, actor, min_share: str = "2/3", allow_open_objections: bool = False
) -> ValidationVote:
    """Put a synthesis to the vote of the group, with the rule the facilitator chose."""
    workshop = synthesis.cluster.workshop
    require(actor, "workshops.run_workshop", workshop)
    if min_share not in ValidationVote.Share.values:
        raise ValidationError(_("Choisissez la part du groupe qui doit être d'accord."))

    def write():
        # New proposals shown in this group are stored there before it freezes.
        grouping_services.settle(workshop)
        locked = Synthesis.objects.select_for_update().get(pk=synthesis.pk)
        if not locked.text.strip():
            raise ValidationError(_("Écrivez la synthèse avant de la soumettre au vote."))
        if locked.status == Synthesis.Status.VALIDATED:
            raise ValidationError(_("Cette synthèse est déjà validée."))
        if ValidationVote.objects.filter(
            synthesis=locked, status=ValidationVote.Status.OPEN
        ).exists():
            raise ValidationError(_("Un vote est déjà ouvert pour cette synthèse."))
        vote = ValidationVote.objects.create(
            workshop=workshop,
            synthesis=locked,
            min_share=min_share,
            allow_open_objections=bool(allow_open_objections),
            opened_by=actor,
        )
        Synthesis.objects.filter(pk=locked.pk).update(
            status=Synthesis.Status.VOTING, validated_at=None
        )
        publish_on_commit(workshop.pk, "votes.changed", {"vote": vote.pk})
        return vote

    try:
        vote = write_with_retry(write)
    except IntegrityError:  # two clicks on « ouvrir le vote » at once
        raise ValidationError(_("Un vote est déjà ouvert pour cette synthèse.")) from None
    synthesis.refresh_from_db()
    return vote


def _clean_consent(choice, reason, suggestion) -> tuple[str, str, str]:
    if choice not in Choice.values:
        raise ValidationError(
            {"choice": _("Choisissez « pour », « je peux vivre avec » ou « objection ».")}
        )
    if choice != Choice.OBJECTION:
        return choice, "", ""
    errors = {}
    try:
        reason = cleaning.line(reason, label=_("Raison"), max_length=REASON_MAX)
    except ValidationError as error:
        errors["reason"] = error.messages
    try:
        suggestion = cleaning.line(suggestion, label=_("Suggestion"), max_length=REASON_MAX)
    except ValidationError as error:
        errors["suggestion"] = error.messages
    if not errors and not reason:
        errors["reason"] = [_("Une objection s'accompagne de sa raison : écrivez-la.")]
    if not errors.get("suggestion") and not suggestion:
        errors["suggestion"] = [
            _("Une critique s'accompagne d'une suggestion (règle du jeu) : proposez-en une.")
        ]
    if errors:
        raise ValidationError(errors)
    return choice, reason, suggestion


def cast_consent(
    vote: ValidationVote,
    *,
    participant: Participant,
    choice,
    reason="",
    suggestion="",
    actor=None,
) -> ConsentBallot:
    """Record or change a participant's answer; one ballot each, whatever the taps and retries.

    A facilitator (`actor`) answers for someone without a phone.
    """
    check_voter(vote.workshop_id, participant, actor)
    choice, reason, suggestion = _clean_consent(choice, reason, suggestion)

    def write():
        # The vote's row is the lock every ballot and the closing take (PostgreSQL): nothing
        # is counted after the close, and two taps of one person queue instead of colliding.
        locked = ValidationVote.objects.select_for_update().get(pk=vote.pk)
        if not locked.is_open:
            raise VoteClosed(_("Ce vote est clos : votre réponse n'a pas été enregistrée."))
        ballot = ConsentBallot.objects.filter(vote=locked, participant=participant).first()
        if ballot is None:
            ballot = ConsentBallot.objects.create(
                vote=locked,
                participant=participant,
                choice=choice,
                reason=reason,
                suggestion=suggestion,
                entered_by=actor,
            )
        elif (ballot.choice, ballot.reason, ballot.suggestion) != (choice, reason, suggestion):
            ballot.choice, ballot.reason, ballot.suggestion = choice, reason, suggestion
            # A changed objection is a new objection: the earlier answer no longer fits it.
            ballot.answer, ballot.answered_at = "", None
            ballot.entered_by = actor
            ballot.save()
        else:
            return ballot  # the same answer again (a retry): nothing changes
        publish_on_commit(locked.workshop_id, "tally.updated", {"vote": locked.pk})
        return ballot

    return write_with_retry(write)


def answer_objection(ballot: ConsentBallot, *, actor, answer) -> ConsentBallot:
    """The facilitator answers an objection (shown without its author); it no longer blocks."""
    vote = ballot.vote
    require(actor, "workshops.run_workshop", vote.workshop)
    answer = cleaning.line(answer, label=_("Réponse"), max_length=ANSWER_MAX)
    if not answer:
        raise ValidationError(_("Écrivez la réponse à l'objection."))

    def write():
        locked = ValidationVote.objects.select_for_update().get(pk=vote.pk)
        if not locked.is_open:
            raise VoteClosed(_("Ce vote est clos."))
        current = ConsentBallot.objects.get(pk=ballot.pk)
        if current.choice != Choice.OBJECTION:
            raise ValidationError(_("Cette réponse n'est plus une objection."))
        ConsentBallot.objects.filter(pk=ballot.pk).update(answer=answer, answered_at=timezone.now())
        publish_on_commit(locked.workshop_id, "objection.answered", {"vote": locked.pk})

    write_with_retry(write)
    ballot.refresh_from_db()
    return ballot


def close_validation(vote: ValidationVote, *, actor) -> ValidationVote:
    """Close the vote: the synthesis is validated if the rule holds, else it is not."""
    require(actor, "workshops.run_workshop", vote.workshop)

    def write():
        locked = ValidationVote.objects.select_for_update().get(pk=vote.pk)
        if not locked.is_open:
            raise VoteClosed(_("Ce vote est déjà clos."))
        outcome = tally(locked)["outcome"]
        now = timezone.now()
        ValidationVote.objects.filter(pk=locked.pk).update(
            status=ValidationVote.Status.CLOSED, closed_at=now, validated=outcome.validated
        )
        Synthesis.objects.filter(pk=locked.synthesis_id).update(
            status=Synthesis.Status.VALIDATED
            if outcome.validated
            else Synthesis.Status.NOT_VALIDATED,
            validated_at=now if outcome.validated else None,
        )
        publish_on_commit(locked.workshop_id, "votes.changed", {"vote": locked.pk})

    write_with_retry(write)
    vote.refresh_from_db()
    return vote


# --- Reading ---------------------------------------------------------------------------------


def _counts(vote_ids) -> dict[int, dict]:
    rows = (
        ConsentBallot.objects.filter(vote_id__in=vote_ids)
        .values("vote_id")
        .annotate(
            **{c: Count("id", filter=Q(choice=c)) for c in Choice.values},
            open_objections=Count("id", filter=Q(choice=Choice.OBJECTION, answer="")),
        )
    )
    return {row.pop("vote_id"): row for row in rows}


def _reasons_text(outcome: methods.ConsentOutcome, vote: ValidationVote) -> list[str]:
    texts = {
        "no_voters": _("Personne n'a encore répondu."),
        "too_few_voters": _("Trop peu de personnes ont répondu."),
        "share_too_low": _("Moins de %(share)s des votants sont pour ou peuvent vivre avec.")
        % {"share": vote.get_min_share_display()},
        "open_objections": _("Des objections attendent une réponse."),
    }
    return [texts[r] for r in outcome.reasons]


def summarise(vote: ValidationVote, counts: dict | None = None) -> dict:
    """Aggregates only (safe for the board and every phone): counts, share, outcome preview."""
    if counts is None:
        counts = _counts([vote.pk]).get(vote.pk, {})
    per_choice = {c: counts.get(c, 0) for c in Choice.values}
    open_objections = counts.get("open_objections", 0)
    outcome = methods.consent_outcome(per_choice, open_objections, vote.rule)
    voters = outcome.voters
    agreeing = per_choice[Choice.FOR] + per_choice[Choice.LIVE_WITH]
    return {
        "vote": vote,
        "counts": per_choice,
        "voters": voters,
        "agreeing": agreeing,
        "share": outcome.share,
        "percent": round(100 * outcome.share) if voters else 0,
        "percents": {c: round(100 * n / voters) if voters else 0 for c, n in per_choice.items()},
        "objections_count": per_choice[Choice.OBJECTION],
        "open_objections": open_objections,
        "outcome": outcome,
        "reasons": _reasons_text(outcome, vote),
    }


def tally(vote: ValidationVote) -> dict:
    """Counts, share, the outcome if it closed now, and the objections (for the facilitator:
    reason, suggestion and answer, never who wrote them)."""
    summary = summarise(vote)
    summary["objections"] = list(
        vote.ballots.filter(choice=Choice.OBJECTION)
        .order_by("created_at", "id")
        .values("id", "reason", "suggestion", "answer", "answered_at")
    )
    return summary


def current_votes(workshop: Workshop) -> dict[int, ValidationVote]:
    """Each synthesis' latest vote round, by synthesis id."""
    votes = ValidationVote.objects.filter(workshop=workshop).order_by("opened_at", "id")
    return {vote.synthesis_id: vote for vote in votes}


def open_votes(workshop: Workshop) -> list[ValidationVote]:
    return list(
        ValidationVote.objects.filter(workshop=workshop, status=ValidationVote.Status.OPEN)
        .select_related("synthesis")
        .order_by("opened_at", "id")
    )


def summaries(votes: list[ValidationVote]) -> list[dict]:
    """Aggregates of several votes in one query."""
    counts = _counts([v.pk for v in votes])
    return [summarise(v, counts.get(v.pk, {})) for v in votes]


def validated_syntheses(workshop: Workshop) -> list[Synthesis]:
    return list(
        Synthesis.objects.filter(
            cluster__workshop=workshop, status=Synthesis.Status.VALIDATED
        ).select_related("cluster")
    )
