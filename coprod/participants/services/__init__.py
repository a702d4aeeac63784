"""Participant writes (authorise, validate, write, publish) and the reads of their pages.

joining    joining by code: admitted at once, or waiting for approval; bursts of arrivals
admission  who is in the room, and the gate of every participant's write
cards      the round-table card, people without a phone, presence, the roster
mood       « Comment ça va ? »
"""

from .admission import (
    admit_all_pending,
    check_acting,
    check_writing_during,
    dismiss_join_surge,
    require_admitted,
    room_of,
    set_admission,
    set_registration,
)
from .cards import (
    add_participant_without_phone,
    mark_connection,
    participant_for_token,
    roster_by_organisation,
    update_identity,
)
from .joining import JOIN_KEY_MIN, SURGE_JOINS, SURGE_SECONDS, join, workshop_for_code
from .mood import cast_mood, mood_summary

__all__ = [
    "JOIN_KEY_MIN",
    "SURGE_JOINS",
    "SURGE_SECONDS",
    "add_participant_without_phone",
    "admit_all_pending",
    "cast_mood",
    "check_acting",
    "check_writing_during",
    "dismiss_join_surge",
    "join",
    "mark_connection",
    "mood_summary",
    "participant_for_token",
    "require_admitted",
    "room_of",
    "roster_by_organisation",
    "set_admission",
    "set_registration",
    "update_identity",
    "workshop_for_code",
]
