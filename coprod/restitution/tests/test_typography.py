"""French no-break spaces in documents (typography.french)."""

from coprod.restitution.typography import NBSP, NNBSP, french


def test_spaces_before_double_punctuation_do_not_break():
    assert french("Pourquoi ? Parce que ; voilà : oui !") == (
        f"Pourquoi{NNBSP}? Parce que{NNBSP}; voilà{NBSP}: oui{NNBSP}!"
    )


def test_guillemets_hold_their_words():
    assert french("« Bus »") == f"«{NBSP}Bus{NBSP}»"
    assert french("«Bus»") == f"«{NBSP}Bus{NBSP}»"


def test_urls_times_and_plain_text_are_left_alone():
    assert french("https://example.org/a?b=1 à 18:30") == "https://example.org/a?b=1 à 18:30"
    assert french("") == ""


def test_applying_twice_changes_nothing():
    once = french("Quoi ? « Oui » : d'accord !")
    assert french(once) == once
