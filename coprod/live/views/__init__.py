"""The three live pages — phone, board, facilitator console — and their live regions.

Each page renders its live region with the same partial the hub pushes; `*_live` views re-render
it on reconnect. Controls post here, go through the services, and answer with the region.
"""

from .board import board, board_join, board_live
from .console import add_offline_participant, admission, console, console_live, control, mood_for
from .phone import (
    phone,
    phone_admission,
    phone_identity,
    phone_live,
    phone_me,
    phone_mood,
)

__all__ = [
    "add_offline_participant",
    "admission",
    "board",
    "board_join",
    "board_live",
    "console",
    "console_live",
    "control",
    "mood_for",
    "phone",
    "phone_admission",
    "phone_identity",
    "phone_live",
    "phone_me",
    "phone_mood",
]
