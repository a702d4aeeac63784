"""French typography for documents: non-breaking spaces where French wants them. Pure.

A space before « ; ! ? » becomes a narrow no-break space (U+202F), before « : » and « » » and
after « « » a no-break space (U+00A0), so a line never starts with the punctuation. Spaces are
only replaced, never invented before « : ; ! ? » (a URL or a time keeps its colon), except
inside « » where French always wants one.
"""

import re

NBSP = "\u00a0"
NNBSP = "\u202f"

_BEFORE_TIGHT = re.compile(r"[ \u00a0\u202f]+([;!?])")
_BEFORE_COLON = re.compile(r"[ \u00a0\u202f]+:")
_AFTER_OPEN = re.compile(r"«[ \u00a0\u202f]*")
_BEFORE_CLOSE = re.compile(r"[ \u00a0\u202f]*»")


def french(text: str) -> str:
    """`text` with French no-break spaces; idempotent."""
    if not text:
        return text or ""
    text = _BEFORE_TIGHT.sub(NNBSP + r"\1", text)
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    text = _AFTER_OPEN.sub("«" + NBSP, text)
    text = _BEFORE_CLOSE.sub(NBSP + "»", text)
    return text
