"""Join codes: short, typed on a phone, read aloud in a village hall."""

import pytest

from coprod.workshops import codes

LOOK_ALIKES = set("0O1IL5S8B")


def test_new_codes_use_only_the_unambiguous_alphabet():
    """No 0/O, 1/I/L, 5/S or 8/B: every character of a code can be read from the back."""
    drawn = [codes.new_code() for _ in range(500)]
    assert all(len(code) == 6 for code in drawn)
    assert set("".join(drawn)) <= set(codes.ALPHABET)
    assert not set(codes.ALPHABET) & LOOK_ALIKES
    assert len(set(drawn)) > 490  # random draws, not a counter or a constant


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [("acd-efg", "ACDEFG"), (" ACD EFG ", "ACDEFG"), ("a c-d\te f g", "ACDEFG"), ("", "")],
)
def test_normalise_ignores_case_spaces_and_dashes(typed, normalised):
    assert codes.normalise(typed) == normalised


@pytest.mark.parametrize(
    ("code", "valid"),
    [("ACDEFG", True), ("ACDEF", False), ("ACDEFGH", False), ("ACDEF0", False), ("acdefg", False)],
)
def test_looks_valid_checks_length_and_alphabet(code, valid):
    assert codes.looks_valid(code) is valid
