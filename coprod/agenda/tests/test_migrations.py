"""Steps written when a step had one text shown to everyone, after the split into two."""

import importlib

import pytest
from django.apps import apps

from coprod.agenda.kinds import StepKind
from coprod.agenda.presets import VEXIN_RUNNING_ORDER, split_single_text
from coprod.testing.factories import StepFactory

pytestmark = pytest.mark.django_db

split = importlib.import_module(
    "coprod.agenda.migrations.0003_step_participant_text_and_facilitator_notes"
)
SEED_PROPOSALS = next(text for kind, *_r, text in VEXIN_RUNNING_ORDER if kind == "proposals")


def test_the_templates_text_becomes_the_facilitators_notes():
    """« L'inscrire sur le tableau » was never meant for the room: it moves to the notes and the
    room reads the template's text for participants, even with the line breaks changed."""
    assert split_single_text(StepKind.PROPOSALS, SEED_PROPOSALS.replace(". ", ".\n")) == (
        split_single_text(StepKind.PROPOSALS, SEED_PROPOSALS)[0],
        SEED_PROPOSALS,
    )
    assert split_single_text(StepKind.PROPOSALS, SEED_PROPOSALS)[0].startswith("Écrivez")


def test_a_typed_text_stays_for_the_room():
    """A text a facilitator typed was shown on the board: the room keeps reading it. The
    template's text under another kind of step is typed text too."""
    assert split_single_text(StepKind.FREE, "Pause de 10 minutes.") == ("Pause de 10 minutes.", "")
    assert split_single_text(StepKind.FREE, SEED_PROPOSALS) == (SEED_PROPOSALS, "")


def test_migration_splits_the_stored_steps_and_back():
    """Forward, each stored step is split by its content; backward, the template's steps get
    their one text back and a step with two texts keeps both."""
    seeded = StepFactory(kind=StepKind.PROPOSALS, instructions=SEED_PROPOSALS)
    typed = StepFactory(kind=StepKind.FREE, instructions="Pause de 10 minutes.")
    split.split_texts(apps, None)
    seeded.refresh_from_db()
    typed.refresh_from_db()
    assert seeded.instructions.startswith("Écrivez vos propositions")
    assert seeded.facilitator_notes == SEED_PROPOSALS
    assert (typed.instructions, typed.facilitator_notes) == ("Pause de 10 minutes.", "")
    typed.facilitator_notes = "Sonner la cloche."
    typed.save()
    split.join_texts(apps, None)
    seeded.refresh_from_db()
    typed.refresh_from_db()
    assert seeded.instructions == SEED_PROPOSALS
    assert typed.instructions == "Pause de 10 minutes.\n\nSonner la cloche."
