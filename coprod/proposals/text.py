"""Proposal text rules. Pure computation: no Django import."""

import re
import unicodedata

_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)


def clean(text: str) -> str:
    """One line, no stray spaces, no invisible control characters."""
    text = unicodedata.normalize("NFC", str(text or ""))
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\n\t")
    return " ".join(text.split())


def normalize(text: str) -> str:
    """The form two proposals share when they say the same words: case and punctuation folded."""
    return " ".join(_NOT_WORD.sub(" ", clean(text).casefold()).split())


def split_lines(block: str) -> list[str]:
    """Paper post-its pasted one per line: bullets and numbering dropped, blank lines skipped."""
    lines = []
    for raw in str(block or "").splitlines():
        line = re.sub(r"^\s*(?:[-*•·–]+|\d+[.)])\s*", "", raw)
        if line := clean(line):
            lines.append(line)
    return lines
