"""Folding text for search and duplicate detection. Pure computation: no Django."""

import unicodedata

from coprod.core.text import without_control_characters


def fold(value: str) -> str:
    """Lower case, no accents, single spaces: « Épicerie  Solidaire » → « epicerie solidaire »
    (control characters dropped: a search for them finds what it would without them)."""
    decomposed = unicodedata.normalize(
        "NFKD", without_control_characters(str(value or "")).casefold()
    )
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.replace("’", "'").split())


def action_key(title: str, organisation: str) -> str:
    return f"{fold(title)}|{fold(organisation)}"
