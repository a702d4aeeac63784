"""Folding text for search and duplicate detection. Pure computation: no Django."""

import unicodedata


def fold(value: str) -> str:
    """Lower case, no accents, single spaces: « Épicerie  Solidaire » → « epicerie solidaire »."""
    decomposed = unicodedata.normalize("NFKD", str(value or "").casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.replace("’", "'").split())


def action_key(title: str, organisation: str) -> str:
    return f"{fold(title)}|{fold(organisation)}"
