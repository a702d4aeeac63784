"""What the live pages show during the round table and the mood check (rows of
`coprod.live.panels`): the roster by organisation, the anonymous mood tally, and each phone's
own region (its card, its mood)."""

from .models import MoodVote
from .services import mood_summary, roster_by_organisation

# Faces from Unicode 6.0/6.1 only: 🙁 and 🙂 (Unicode 7) are missing from older phones' fonts.
MOOD_FACES = {1: "😞", 2: "😕", 3: "😐", 4: "😊", 5: "😄"}
MOOD_LEVELS = [(level.value, level.label, MOOD_FACES[level.value]) for level in MoodVote.Level]


def roster(state) -> list:
    return roster_by_organisation(state.workshop)


def mood(state) -> dict:
    return mood_summary(state.workshop)


def card_personal(participant, state) -> dict:
    """The round table's phone region: the participant's card (`me`, already there)."""
    return {}


def mood_personal(participant, state) -> dict:
    return {"my_mood": participant.mood_votes.first(), "mood_levels": MOOD_LEVELS}
