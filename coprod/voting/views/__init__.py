"""Votes on the phones and the facilitator's controls and polls page."""

from ..live import phone_panel_context
from .facilitator import (
    answer,
    close_vote,
    consent_for,
    create_poll,
    move_poll,
    open_vote,
    poll_for,
    polls,
    synthesis_controls,
)
from .orientation import (
    close_orientation,
    confirm_orientation,
    open_orientations,
    orientation,
)
from .phone import (
    phone_consent,
    phone_orientation,
    phone_panel,
    phone_poll,
)

__all__ = [
    "answer",
    "close_orientation",
    "confirm_orientation",
    "open_orientations",
    "orientation",
    "phone_orientation",
    "close_vote",
    "consent_for",
    "create_poll",
    "move_poll",
    "open_vote",
    "phone_consent",
    "phone_panel",
    "phone_panel_context",
    "phone_poll",
    "poll_for",
    "polls",
    "synthesis_controls",
]
