"""The page and table geometry the word-processor formats (ODT, DOCX) share. Pure.

The PDF gets the same page from its stylesheet (`@page { size: A4 }`) and lets WeasyPrint size
its columns; a word processor needs each column's width written down, or it splits them evenly
and a « Rang » column takes as much room as the option beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

from .text_bars import BLOCK

# A4, portrait, 2 cm margins: what the French public sector prints on.
PAGE_WIDTH_CM = 21.0
PAGE_HEIGHT_CM = 29.7
MARGIN_CM = 2.0
TEXT_WIDTH_CM = PAGE_WIDTH_CM - 2 * MARGIN_CM

# A table of at most this many rows moves to the next page whole rather than split.
SHORT_TABLE = 12

# About how many characters of a table's text fit across the text width, and the room a
# cell's padding and borders take, in characters.
LINE = 80
PADDING = 3


def _width(text: str) -> int:
    """Printed width in average characters: a « █ » of a text chart is about two."""
    return len(text) + text.count(BLOCK)


def column_widths(header: Sequence, rows: Sequence[Sequence], line: int = LINE) -> list[float]:
    """Each column's share of the table's width (they add up to 1). A column gets what its
    longest cell needs when everything fits on one line; otherwise at least its longest word
    (so « Jugements » or a bar never breaks), and the rest of the line goes to the columns
    with long texts, in proportion to what they still lack."""
    count = max([len(header)] + [len(row) for row in rows])
    cells = [[str(row[i]) if i < len(row) else "" for row in [header, *rows]] for i in range(count)]
    wants = [min(line, max(_width(c) for c in column)) + PADDING for column in cells]
    if sum(wants) > line:
        words = [
            max(_width(w) for c in column for w in c.split() or [""]) + PADDING for column in cells
        ]
        floors = [min(want, word) for want, word in zip(wants, words, strict=True)]
        spare = line - sum(floors)
        lacking = [want - floor for want, floor in zip(wants, floors, strict=True)]
        if spare > 0 and sum(lacking):
            wants = [
                f + spare * lack / sum(lacking) for f, lack in zip(floors, lacking, strict=True)
            ]
        else:
            wants = floors
    total = sum(wants)
    return [want / total for want in wants]
