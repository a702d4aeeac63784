"""The header row of an imported spreadsheet: which field each column gives. Pure computation:
no Django.

Every import (the catalogue, proposals, priority items) names its fields by the words people
write as headers, folded: case, accents, punctuation and spacing do not count, so « Structure
porteuse », « STRUCTURE-PORTEUSE » and « structure_porteuse » are the same header.
"""

import re
import unicodedata
from collections.abc import Mapping, Sequence

from .text import without_control_characters


def fold_header(value) -> str:
    """« Item(s) plébiscité(s) » → « item s plebiscite s »: lower case, no accents, letters and
    digits separated by single spaces."""
    raw = "" if value is None else str(value)
    decomposed = unicodedata.normalize("NFKD", without_control_characters(raw).casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", bare).split())


def map_headers(
    headers: Sequence, words: Mapping[str, Sequence[str]]
) -> tuple[dict[str, int], list[str]]:
    """Where each field is (its first column), and the other headers as written (blank ones
    left out). `words` gives each field the folded headers that name it."""
    known = {word: field for field, names in words.items() for word in names}
    found, ignored = {}, []
    for index, header in enumerate(headers):
        field = known.get(fold_header(header))
        name = "" if header is None else str(header).strip()
        if field and field not in found:
            found[field] = index
        elif name:
            ignored.append(name)
    return found, ignored
