"""A new sheet's title: the group's name when the facilitator gave it one, else what the group
oriented (its synthesis, or the priority item) shortened at a word boundary. The table edits it
afterwards like any other field. Pure computation: no Django."""

# Short enough for a board's heading, a phone's table list and a ballot's option.
TITLE_SHORT = 80
ELLIPSIS = "…"
# Left off a shortened title's end before its ellipsis: « des villages, … » reads badly.
TRAILING = " ,;:.!?-–—(«\"'’"


def _in_word(char: str) -> bool:
    return char.isalnum() or char in "'’-"


def shorten(text: str, limit: int = TITLE_SHORT) -> str:
    """`text` on one line, at most `limit` characters: cut before the last word that does not
    fit, with « … »; one word longer than the limit is cut inside."""
    line = " ".join(str(text or "").split())
    if len(line) <= limit:
        return line
    kept = line[: limit - len(ELLIPSIS)]
    if _in_word(kept[-1]) and _in_word(line[len(kept)]):
        # The cut falls inside a word (« l'eau » and « demi-journée » are one): back to its start.
        cut = kept.rfind(" ")
        kept = kept[:cut] if cut > 0 else kept
    return kept.rstrip(TRAILING) + ELLIPSIS


def title_for(group_name: str, subject: str, limit: int = TITLE_SHORT) -> str:
    """The title a sheet starts with: the group's name, else its subject, shortened."""
    name = " ".join(str(group_name or "").split())
    return shorten(name or subject, limit)
