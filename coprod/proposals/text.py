"""Proposal text rules. Pure computation: no Django import."""

import re

from coprod.core import text as core_text

_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)


def clean(text: str) -> str:
    """One line, no stray spaces, for comparing and matching: control characters are dropped
    here (never raises); writes refuse them through `core.cleaning`."""
    return core_text.clean_line(core_text.without_control_characters(str(text or "")))


def normalize(text: str) -> str:
    """The form two proposals share when they say the same words: case and punctuation folded."""
    return " ".join(_NOT_WORD.sub(" ", clean(text).casefold()).split())


def split_lines(block: str) -> list[str]:
    """Paper post-its pasted one per line: bullets and numbering dropped, blank lines skipped.
    Each line is still to be cleaned (`core.cleaning.line`)."""
    lines = []
    for raw in str(block or "").splitlines():
        line = re.sub(r"^\s*(?:[-*•·–]+|\d+[.)])\s*", "", raw)
        if line.strip():
            lines.append(line)
    return lines
