"""Who is looking at a live workshop: facilitator, participant, board, or nobody.

Used by the pages and by the WebSocket, so both apply exactly the same rules.
"""

from coprod.accounts.services import user_for_token
from coprod.participants.services import participant_for_token
from coprod.participants.session import (
    remember_participant,
    session_participant,
    session_participant_id,
)
from coprod.workshops.access import can_facilitate, can_follow
from coprod.workshops.models import Workshop

from . import board_grant

__all__ = [
    "audience_for",
    "can_facilitate",
    "remember_participant",
    "session_participant",
    "session_participant_id",
]


def audience_for(workshop_id, *, session=None, user=None, view="", token="", grant=""):
    """The audience a connection belongs to, or None when it may not follow this workshop."""
    workshop = Workshop.objects.filter(pk=workshop_id).select_related("process").first()
    if workshop is None:
        return None
    if token:
        participant = participant_for_token(token)
        if participant is not None:
            ours = participant.workshop_id == workshop.pk and participant.is_admitted
            return "participant" if ours else None
        token_user = user_for_token(token)
        return "facilitator" if can_follow(token_user, workshop) else None
    if view == "phone":
        return "participant" if session_participant(session, workshop.pk) else None
    if view == "board":
        if board_grant.is_valid(grant, workshop):
            return "board"
        return "board" if can_follow(user, workshop) else None
    # The whole team follows the console; observers and scribes too.
    return "facilitator" if can_follow(user, workshop) else None


def connecting_participant(workshop_id, *, session=None, token="") -> int | None:
    """The participant behind a phone's connection (for presence), if it is one."""
    if token:
        participant = participant_for_token(token)
    else:
        participant = session_participant(session, workshop_id)
    if participant is None or not participant.is_admitted:
        return None
    return participant.pk if participant.workshop_id == workshop_id else None
