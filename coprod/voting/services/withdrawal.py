"""Ballots of someone the facilitator removed from the room: out of every vote still open.

Closed votes keep their result: it was decided with the room as it was. Each open vote counts
the ballots it lost (`withdrawn`), so its tally says that it changed and why.
"""

from django.db.models import F

from coprod.participants.models import Participant
from coprod.realtime.events import publish_on_commit

from ..models import (
    ConsentBallot,
    DotBallot,
    GradeBallot,
    Orientation,
    OrientationBallot,
    Poll,
    ValidationVote,
)


def withdraw_open_ballots(participant: Participant) -> int:
    """Delete the participant's ballots in the workshop's open votes, polls and orientations,
    counting them on each; returns how many votes lost a ballot. Runs inside the caller's
    transaction (coprod.live.services.remove_participant authorises it)."""
    votes = list(
        ConsentBallot.objects.filter(
            participant=participant, vote__status=ValidationVote.Status.OPEN
        ).values_list("vote_id", flat=True)
    )
    ConsentBallot.objects.filter(participant=participant, vote_id__in=votes).delete()
    ValidationVote.objects.filter(pk__in=votes).update(withdrawn=F("withdrawn") + 1)

    polls = set()
    for model in (GradeBallot, DotBallot):
        rows = model.objects.filter(participant=participant, option__poll__status=Poll.Status.OPEN)
        polls.update(rows.values_list("option__poll_id", flat=True))
        rows.delete()
    Poll.objects.filter(pk__in=polls).update(withdrawn=F("withdrawn") + 1)

    orientations = list(
        OrientationBallot.objects.filter(
            participant=participant, orientation__status=Orientation.Status.OPEN
        ).values_list("orientation_id", flat=True)
    )
    OrientationBallot.objects.filter(
        participant=participant, orientation_id__in=orientations
    ).delete()
    Orientation.objects.filter(pk__in=orientations).update(withdrawn=F("withdrawn") + 1)

    changed = len(votes) + len(polls) + len(orientations)
    if changed:
        publish_on_commit(participant.workshop_id, "tally.updated", {"withdrawn": changed})
    return changed
