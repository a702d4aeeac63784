"""Vote writes (authorise, validate, write in a transaction, publish) and the reads of pages.

consent  validation of a synthesis by consent
polls    prioritisation polls (majority judgment, dots)
summary  what the board and the phones show
orientation  « supports ou nouveau ? »: build on existing actions or develop something new
withdrawal   ballots of a participant removed from the room leave the open votes
console      what the facilitator's console shows: tallies, objections, who has not voted
"""

from .common import VoteClosed
from .consent import (
    answer_objection,
    cast_consent,
    close_validation,
    current_votes,
    open_validation,
    open_votes,
    summaries,
    summarise,
    tally,
    validated_syntheses,
)
from .console import console_votes, orientation_voters, room_people, turnout
from .orientation import (
    candidate_actions,
    cast_orientation,
    close_orientation,
    confirm_orientation,
    my_orientation_ballots,
    open_orientations,
    orientation_results,
    orientations_of,
)
from .polls import (
    GRADE_COLOURS,
    cast_dots,
    cast_grades,
    close_poll,
    create_poll,
    my_ballot,
    open_poll,
    poll_results,
    voter_count,
)
from .summary import board_summary, phone_key, phone_key_of
from .withdrawal import withdraw_open_ballots

__all__ = [
    "GRADE_COLOURS",
    "VoteClosed",
    "answer_objection",
    "board_summary",
    "cast_consent",
    "cast_dots",
    "cast_grades",
    "close_poll",
    "close_validation",
    "console_votes",
    "create_poll",
    "current_votes",
    "my_ballot",
    "open_poll",
    "open_validation",
    "open_votes",
    "phone_key",
    "phone_key_of",
    "poll_results",
    "room_people",
    "summaries",
    "summarise",
    "tally",
    "turnout",
    "validated_syntheses",
    "voter_count",
    # orientation
    "candidate_actions",
    "cast_orientation",
    "close_orientation",
    "confirm_orientation",
    "my_orientation_ballots",
    "open_orientations",
    "orientation_results",
    "orientation_voters",
    "orientations_of",
    # withdrawal
    "withdraw_open_ballots",
]
