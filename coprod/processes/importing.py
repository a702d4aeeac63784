"""Priority items from a spreadsheet (CSV, XLSX, ODS, read by `core.spreadsheets`).

`preview` writes nothing: it names the column it reads, the items it would create and the rows
it skips (empty, too long, invisible characters, already there), by spreadsheet line number
(the header is line 1). The page carries the texts to confirm in hidden fields; confirming
sends them through `services.add_priority_items`, which checks each of them again.
"""

import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coprod.core import cleaning, spreadsheets
from coprod.core.headers import fold_header

from .models import ITEM_MAX, PUBLIC_MAX, Process

MAX_ITEMS = 300  # far more than any consultation's most-voted items
# Read on the request thread (processes sit below `jobs` in the layers): a list of items is a
# few kilobytes, and a megabyte of spreadsheet reads in well under a second.
MAX_BYTES = 1024 * 1024
HEADER_WORDS = ("item", "items", "intitule", "intitules", "texte", "proposition", "propositions")
PUBLIC_WORDS = ("public", "publics")  # « Public cible », « Publics » …: several per cell, « ; »


@dataclass
class Skipped:
    line: int
    text: str
    reason: str


@dataclass
class Preview:
    column: str
    items: list[tuple[int, str]] = field(default_factory=list)  # (line, text)
    skipped: list[Skipped] = field(default_factory=list)
    public_column: str = ""
    publics: list[str] = field(default_factory=list)  # target publics not yet in the process


def _folded(text) -> str:
    """The key under which two items (or two publics) are the same: case, accents and
    apostrophes aside. Headers are folded by `core.headers`, as in every import."""
    value = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return " ".join(value.lower().replace("'", " ").replace("’", " ").split())


def _column(headers: list) -> int:
    """The index of the column of items: one named like an item, else a file's only column."""
    for index, header in enumerate(headers):
        words = fold_header(header).split()
        if words and words[0] in HEADER_WORDS:
            return index
    if len([h for h in headers if str(h or "").strip()]) == 1 and len(headers) >= 1:
        return next(i for i, h in enumerate(headers) if str(h or "").strip())
    raise ValidationError(
        _(
            "Aucune colonne d'items trouvée : nommez la colonne « Item » (ou « Intitulé », "
            "« Texte », « Proposition »), ou déposez un fichier d'une seule colonne."
        )
    )


def _public_column(headers: list, items: int) -> int | None:
    for index, header in enumerate(headers):
        words = fold_header(header).split()
        if index != items and words and words[0] in PUBLIC_WORDS:
            return index
    return None


def _publics(process: Process, table, index: int) -> list[str]:
    """The target publics the column names that the process does not have yet (bad ones left:
    the items are what the import is for)."""
    seen = {_folded(name) for name in process.target_publics.values_list("name", flat=True)}
    found = []
    for _line, cells in table.rows:
        cell = cells[index] if index < len(cells) else ""
        for raw in str(cell or "").split(";"):
            try:
                name = cleaning.line(raw, label=_("public cible"), max_length=PUBLIC_MAX)
            except ValidationError:
                continue
            if name and _folded(name) not in seen:
                seen.add(_folded(name))
                found.append(name)
    return found


def check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise ValidationError(
            _("Le fichier dépasse 1 Mo : une liste d'items tient dans bien moins.")
        )


def preview(process: Process, filename: str, data: bytes) -> Preview:
    check_size(len(data))
    table = spreadsheets.read_table(filename, data)
    index = _column(table.headers)
    result = Preview(column=str(table.headers[index]).strip())
    public_index = _public_column(table.headers, index)
    if public_index is not None:
        result.public_column = str(table.headers[public_index]).strip()
        result.publics = _publics(process, table, public_index)
    seen = {_folded(text) for text in process.priority_items.values_list("text", flat=True)}
    for line, cells in table.rows:
        raw = cells[index] if index < len(cells) else ""
        raw = "" if raw is None else str(raw)
        try:
            text = cleaning.line(raw, label=_("item plébiscité"), max_length=ITEM_MAX)
        except ValidationError as error:
            reason = (
                _("trop long (%(max)d caractères au plus)") % {"max": ITEM_MAX}
                if error.code == "too_long"
                else _("caractères invisibles")
            )
            result.skipped.append(Skipped(line, raw[:80], reason))
            continue
        if not text:
            result.skipped.append(Skipped(line, "", _("ligne vide")))
        elif _folded(text) in seen:
            result.skipped.append(Skipped(line, text, _("doublon")))
        elif len(result.items) >= MAX_ITEMS:
            result.skipped.append(
                Skipped(line, text, _("au-delà de %(max)d items") % {"max": MAX_ITEMS})
            )
        else:
            seen.add(_folded(text))
            result.items.append((line, text))
    return result
