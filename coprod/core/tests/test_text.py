"""One rule for the text people type (core.text) and its French messages (core.cleaning)."""

import pytest
from django.core.exceptions import ValidationError

from coprod.core import cleaning, text

CONTROL = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\ud800"]


@pytest.mark.parametrize("character", CONTROL)
@pytest.mark.parametrize("clean", [text.clean_line, text.clean_block])
def test_control_characters_are_refused_not_dropped(clean, character):
    """What is stored is what the person sees: a NUL or an escape is refused, never kept
    (PostgreSQL cannot store a NUL; the others are invisible on the board)."""
    with pytest.raises(text.Invisible):
        clean(f"Transport{character} solidaire")


def test_a_line_makes_its_spacing_single():
    assert text.clean_line("  Centre\tsocial\r\n de  Marines ") == "Centre social de Marines"


def test_a_block_keeps_its_lines_and_indentation():
    raw = "\n  Partenaires :\r\n\t- la mairie  \r  - le centre social\n\n"
    assert text.clean_block(raw) == "Partenaires :\n\t- la mairie\n  - le centre social"


def test_letters_and_emoji_sequences_stay_as_typed():
    """NFC, and format characters such as the zero-width joiner of 👩‍🌾 are not controls."""
    decomposed = "Cafe\u0301 des agricultrices 👩\u200d🌾"
    assert text.clean_line(decomposed) == "Café des agricultrices 👩\u200d🌾"


def test_reading_drops_what_writing_refuses():
    assert text.without_control_characters("bus\x00 du\x1b soir\ud800") == "bus du soir"


def test_one_french_message_per_kind_of_refusal():
    with pytest.raises(ValidationError) as invisible:
        cleaning.line("Alice\x00", label="nom", max_length=80)
    with pytest.raises(ValidationError) as too_long:
        cleaning.block("x" * 81, label="nom", max_length=80)
    assert invisible.value.messages == ["« nom » contient des caractères invisibles non autorisés."]
    assert too_long.value.messages == ["« nom » ne doit pas dépasser 80 caractères."]
