"""What a file of proposals will create, before anything is written. Pure computation: no Django.

`read` takes a spreadsheet's cells (a header row and numbered rows, as `core.spreadsheets`
reads them) and says which columns it understood (the header as written → the field), which it
ignores, the proposals it will create, and the rows it skips with their line number (as a
spreadsheet shows it: the header is line 1) and why (a code: `importing` words it in French).

A file where no column holds the proposals is refused (`NoUsableColumn`): the first column is
never taken for the text when a header names something else. The one exception is a list of
sentences with no header at all, one column, as a facilitator types it: its first line is then a
sentence, not a single word such as « Idées » (which is a header this import does not know).
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from coprod.core import text as core_text
from coprod.core.headers import fold_header, map_headers

from . import text

TEXT, ITEM = "text", "item"
# Headers as people write them, folded (lower case, no accents, punctuation as spaces).
HEADER_WORDS = {
    TEXT: (
        "proposition",
        "propositions",
        "texte",
        "texte de la proposition",
        "text",
        "proposal",
        "proposals",
    ),
    ITEM: (
        "item",
        "items",
        "item plebiscite",
        "items plebiscites",
        "numero d item",
        "priority item",
    ),
}

# Why a row is skipped.
EMPTY = "empty"  # no text (an item alone, spaces)
INVISIBLE = "invisible"  # control characters
TOO_LONG = "too_long"  # over the proposals' length limit
UNKNOWN_ITEM = "unknown_item"  # neither the number nor the text of one of the workshop's items
REPEATED = "repeated"  # the same proposal on an earlier line of the file
EXISTING = "existing"  # already among the workshop's proposals

SHOWN_CHARS = 80  # of a skipped row's text, to recognise it


class NoUsableColumn(ValueError):
    """No column holds the proposals; `found` are the file's headers as written."""

    def __init__(self, found: list[str]):
        super().__init__(found)
        self.found = found


class NoRows(ValueError):
    """The file holds nothing but blank cells (or a header alone)."""


class TooManyRows(ValueError):
    def __init__(self, count: int, limit: int):
        super().__init__(count, limit)
        self.count, self.limit = count, limit


@dataclass(frozen=True)
class Column:
    header: str  # as written in the file; "" in a file without a header
    position: int  # 0-based
    field: str  # TEXT or ITEM


@dataclass(frozen=True)
class Planned:
    line: int
    text: str
    item: int | None  # index in the `items` given to `read`; None: chosen from the text


@dataclass(frozen=True)
class Skipped:
    line: int
    reason: str
    value: str = ""  # the text (or the unknown item), shortened
    other: int = 0  # REPEATED: the line it repeats; TOO_LONG: its length


@dataclass
class Reading:
    columns: list[Column]
    ignored: list[str]
    has_header: bool
    rows: list[Planned]
    skipped: list[Skipped]


def cell_text(value) -> str:
    """A cell as text: a whole number written as one (XLSX stores 1 as 1.0), a date as ISO."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _blank(cells) -> bool:
    return not any(cell_text(c).strip() for c in cells)


def _cell(cells: list, index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cell_text(cells[index])


def _columns(headers: list) -> tuple[list[Column], list[str]]:
    found, ignored = map_headers(headers, HEADER_WORDS)
    columns = [Column(cell_text(headers[i]).strip(), i, f) for f, i in found.items()]
    return sorted(columns, key=lambda c: c.position), ignored


def _is_one_sentence_list(headers: list, rows: list[tuple[int, list]]) -> bool:
    """No header: one column only, whose first line reads as a sentence (two words or more)."""
    if any(not _blank(cells[1:]) for cells in [headers, *(c for _line, c in rows)]):
        return False
    first = _cell(headers, 0)
    return not first.strip() or len(fold_header(first).split()) > 1


def _match_item(value: str, items: Sequence[str]) -> int | None:
    if value.isdigit() and 1 <= int(value) <= len(items):
        return int(value) - 1
    wanted = text.normalize(value)
    return next((i for i, item in enumerate(items) if text.normalize(item) == wanted), None)


def _short(value: str) -> str:
    return value if len(value) <= SHOWN_CHARS else value[: SHOWN_CHARS - 1] + "…"


def read(
    headers: list,
    rows: list[tuple[int, list]],
    *,
    header_line: int = 1,
    items: Sequence[str] = (),
    existing: Collection[str] = (),
    max_length: int,
    max_rows: int,
) -> Reading:
    """What importing these cells would create and skip.

    `items` are the workshop's priority items' texts in their order (an « Item » cell gives
    one by its number or its text); `existing` the normalized texts of its proposals."""
    if _blank(headers) and all(_blank(cells) for _line, cells in rows):
        raise NoRows()
    columns, ignored = _columns(headers)
    by_field = {c.field: c.position for c in columns}
    has_header = TEXT in by_field
    if has_header:
        body = rows
    elif _is_one_sentence_list(headers, rows):
        columns, ignored, by_field = [Column("", 0, TEXT)], [], {TEXT: 0}
        body = [(header_line, list(headers)), *rows]
    else:
        raise NoUsableColumn([cell_text(h).strip() for h in headers if cell_text(h).strip()])
    body = [(line, cells) for line, cells in body if not _blank(cells)]
    if not body:
        raise NoRows()
    if len(body) > max_rows:
        raise TooManyRows(len(body), max_rows)

    planned, skipped, seen = [], [], {}
    existing = set(existing)
    for line, cells in body:
        try:
            value = core_text.clean_line(_cell(cells, by_field[TEXT]))
        except core_text.Invisible:
            skipped.append(Skipped(line, INVISIBLE))
            continue
        if not value:
            skipped.append(Skipped(line, EMPTY))
            continue
        if len(value) > max_length:
            skipped.append(Skipped(line, TOO_LONG, _short(value), len(value)))
            continue
        item = None
        wanted = text.clean(_cell(cells, by_field.get(ITEM)))
        if wanted:
            item = _match_item(wanted, items)
            if item is None:
                skipped.append(Skipped(line, UNKNOWN_ITEM, _short(wanted)))
                continue
        key = text.normalize(value)
        if key in seen:
            skipped.append(Skipped(line, REPEATED, _short(value), seen[key]))
            continue
        if key in existing:
            skipped.append(Skipped(line, EXISTING, _short(value)))
            continue
        seen[key] = line
        planned.append(Planned(line, value, item))
    return Reading(columns, ignored, has_header, planned, skipped)
