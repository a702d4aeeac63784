"""What the board and the phones need to know about a workshop's votes, in a few queries."""

from coprod.workshops.models import Workshop

from ..models import Poll, ValidationVote
from .consent import open_votes, summaries, validated_syntheses
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
    return _key(votes, polls)


def _key(vote_ids, poll_ids) -> str:
    return "-".join([f"v{pk}" for pk in sorted(vote_ids)] + [f"p{pk}" for pk in sorted(poll_ids)])


def phone_key_of(summary: dict) -> str:
    """`phone_key` from a `board_summary` already read (no query)."""
    return _key(
        [row["vote"].pk for row in summary["votes"]], [e["poll"].pk for e in summary["open_polls"]]
    )


def board_summary(workshop: Workshop) -> dict:
    """Aggregates only, never names: open votes with their tallies, open polls with their
    turnout, closed polls with their ranking, and the validated syntheses."""
    polls = list(Poll.objects.filter(workshop=workshop).exclude(status=Poll.Status.DRAFT))
    open_polls = [{"poll": p, "voters": voter_count(p)} for p in polls if p.is_open]
    closed = sorted(
        (p for p in polls if p.status == Poll.Status.CLOSED),
        key=lambda p: (p.closed_at, p.pk),
        reverse=True,
    )
    votes = summaries(open_votes(workshop))
    validated = validated_syntheses(workshop)
    return {
        "votes": votes,
        "open_polls": open_polls,
        "results": [poll_results(p) for p in closed],
        "validated": validated,
        "active": bool(votes or open_polls or closed),
    }
