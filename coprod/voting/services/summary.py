"""What the board and the phones need to know about a workshop's votes, in a few queries."""

from coprod.workshops.models import Workshop

from ..models import Orientation, Poll, ValidationVote
from .consent import open_votes, summaries, validated_syntheses
from .orientation import orientation_results
from .polls import poll_results, voter_count


def phone_key(workshop: Workshop) -> str:
    """Changes whenever the set of open votes and polls changes; "" when nothing is open.

    The live phone region uses it to keep a participant's ballot (and what they are typing)
    while a tally moves, and to bring a fresh one when a vote opens or closes.
    """
    votes = ValidationVote.objects.filter(
        workshop=workshop, status=ValidationVote.Status.OPEN
    ).values_list("pk", flat=True)
    polls = Poll.objects.filter(workshop=workshop, status=Poll.Status.OPEN).values_list(
        "pk", flat=True
    )
    orientations = Orientation.objects.filter(
        workshop=workshop, status=Orientation.Status.OPEN
    ).values_list("pk", flat=True)
    return _key(votes, polls, orientations)


def _key(vote_ids, poll_ids, orientation_ids=()) -> str:
    return "-".join(
        [f"v{pk}" for pk in sorted(vote_ids)]
        + [f"p{pk}" for pk in sorted(poll_ids)]
        + [f"o{pk}" for pk in sorted(orientation_ids)]
    )


def phone_key_of(summary: dict) -> str:
    """`phone_key` from a `board_summary` already read (no query)."""
    return _key(
        [row["vote"].pk for row in summary["votes"]],
        [e["poll"].pk for e in summary["open_polls"]],
        [row["orientation"].pk for row in summary["open_orientations"]],
    )


def board_summary(workshop: Workshop, *, orientation_rows: list | None = None) -> dict:
    """Aggregates only, never names: open votes with their tallies, open polls with their
    turnout, closed polls with their ranking, the validated syntheses, and the open orientation
    votes with their counts (taken from `orientation_rows`, every orientation's results, when
    the caller already read them)."""
    polls = list(Poll.objects.filter(workshop=workshop).exclude(status=Poll.Status.DRAFT))
    open_polls = [{"poll": p, "voters": voter_count(p)} for p in polls if p.is_open]
    closed = sorted(
        (p for p in polls if p.status == Poll.Status.CLOSED),
        key=lambda p: (p.closed_at, p.pk),
        reverse=True,
    )
    votes = summaries(open_votes(workshop))
    validated = validated_syntheses(workshop)
    if orientation_rows is not None:
        open_orientations = [r for r in orientation_rows if r["orientation"].is_open]
    else:
        # Open orientations only (one query when none is): the orientation step reads the rest.
        orientations = list(
            Orientation.objects.filter(workshop=workshop, status=Orientation.Status.OPEN)
            .select_related("synthesis", "priority_item")
            .order_by("position", "id")
        )
        open_orientations = orientation_results(orientations) if orientations else []
    return {
        "open_orientations": open_orientations,
        "votes": votes,
        "open_polls": open_polls,
        "results": [poll_results(p) for p in closed],
        "validated": validated,
        "active": bool(votes or open_polls or closed),
    }
