"""Column widths for the word-processor formats (`layout.column_widths`, pure)."""

import pytest

from coprod.restitution.layout import LINE, PADDING, column_widths
from coprod.restitution.text_bars import BLOCK

LONG = "Un projet expérimental pour les publics éloignés des services, porté avec les communes " * 2


def test_a_long_text_gets_the_room_short_columns_keep_their_words_whole():
    """« Rang » stays narrow, the option takes the rest, no header word is cut."""
    shares = column_widths(["Rang", "Option", "Mention majoritaire", "Jugements"], [["1", LONG]])
    assert sum(shares) == pytest.approx(1)
    rank, option, grade, count = (share * LINE for share in shares)
    assert rank == pytest.approx(len("Rang") + PADDING)
    assert count == pytest.approx(len("Jugements") + PADDING)
    assert grade >= len("majoritaire") + PADDING
    assert option > rank + grade + count


def test_a_text_chart_bar_is_never_wrapped():
    """A bar of « █ » is one word, about twice as wide as a letter per block."""
    shares = column_widths(["Libellé", "Votes", ""], [[LONG, "18", BLOCK * 20]])
    assert shares[2] * LINE >= 40 + PADDING


def test_short_columns_share_the_width_by_what_they_hold():
    """Everything fits on one line: each column in proportion to its longest cell (padded)."""
    four, three = 4 + PADDING, 3 + PADDING
    assert column_widths(["a", "bbb"], [["aaaa", "b"]]) == pytest.approx(
        [four / (four + three), three / (four + three)]
    )
