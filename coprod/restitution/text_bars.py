"""Charts as text for the word-processor formats: a bar of « █ » per value. Pure.

A bar drawn with a glyph prints the same in black and white, survives copy and paste, and is
read out as its number next to it; the longest bar has `WIDTH` blocks.
"""

BLOCK = "\u2588"  # █
WIDTH = 20


def text_bar(value: int, largest: int, width: int = WIDTH) -> str:
    """`value` as blocks, proportional to `largest`; any non-zero value shows one block at least."""
    if value <= 0 or largest <= 0:
        return ""
    return BLOCK * max(1, round(width * value / largest))


def text_bars(values: list[int], width: int = WIDTH) -> list[str]:
    largest = max(values, default=0)
    return [text_bar(value, largest, width) for value in values]
