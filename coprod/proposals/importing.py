"""Proposals collected before the workshop, imported from a CSV or XLSX file.

All or nothing: any invalid row stops the import with its line number, so a file is never
half-imported. Rows that repeat an existing proposal are skipped and reported.
"""

import csv
import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coprod.core import cleaning
from coprod.workshops.services import require

from . import text
from .models import TEXT_MAX, Proposal
from .services import add_many, numbered

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
TEXT_HEADERS = ("proposition", "propositions", "texte", "text", "proposal")
ITEM_HEADERS = ("item", "item plébiscité", "item plebiscite", "priority_item")


def _rows_from_csv(data: bytes) -> list[list[str]]:
    content = cleaning.file_text(data)
    # French spreadsheets write ";" (the comma is the decimal mark): take what the first line uses.
    first = content.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count) if any(d in first for d in ";,\t") else ";"
    return list(csv.reader(io.StringIO(content), delimiter=delimiter))


def _rows_from_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ValidationError(_("Ce fichier XLSX est illisible.")) from error
    sheet = book.worksheets[0]
    return [
        ["" if cell is None else str(cell) for cell in row]
        for row in sheet.iter_rows(values_only=True)
    ]


def check_file(filename: str, size: int) -> None:
    """Refuse at once a file too large or of a format this import does not read."""
    if size > MAX_BYTES:
        raise ValidationError(_("Le fichier dépasse 2 Mo."))
    if not filename.lower().endswith((".csv", ".txt", ".xlsx")):
        raise ValidationError(_("Format non reconnu : importez un fichier .csv ou .xlsx."))


def read_rows(filename: str, data: bytes) -> list[list[str]]:
    check_file(filename, len(data))
    name = filename.lower()
    if name.endswith(".csv") or name.endswith(".txt"):
        return _rows_from_csv(data)
    if name.endswith(".xlsx"):
        return _rows_from_xlsx(data)
    raise ValidationError(_("Format non reconnu : importez un fichier .csv ou .xlsx."))


def _columns(header: list[str]) -> tuple[int, int | None, bool]:
    """Where the text and the item are; whether the first row is a header."""
    names = [text.normalize(h) for h in header]
    text_col = next((i for i, n in enumerate(names) if n in TEXT_HEADERS), None)
    item_col = next(
        (i for i, n in enumerate(names) if n in {text.normalize(h) for h in ITEM_HEADERS}), None
    )
    if text_col is None:
        return 0, None, False  # no header: the first column holds the proposals
    return text_col, item_col, True


def _match_item(value: str, items: list):
    value = text.clean(value)
    if not value:
        return None
    if value.isdigit() and 1 <= int(value) <= len(items):
        return items[int(value) - 1]
    for item in items:
        if text.normalize(item.text) == text.normalize(value):
            return item
    raise ValueError(value)


def import_proposals(workshop, *, actor, filename: str, data: bytes) -> dict:
    """Import a file's proposals into `workshop`; returns what was created and skipped."""
    require(actor, "workshops.run_workshop", workshop)
    rows = [r for r in read_rows(filename, data) if any(str(c).strip() for c in r)]
    if not rows:
        raise ValidationError(_("Le fichier ne contient aucune proposition."))
    text_col, item_col, has_header = _columns(rows[0])
    body = rows[1:] if has_header else rows
    if len(body) > MAX_ROWS:
        raise ValidationError(_("%(n)d lignes au plus par import.") % {"n": MAX_ROWS})
    items = list(workshop.priority_items.all())
    errors, planned = [], []
    first_line = 2 if has_header else 1
    for line, row in enumerate(body, start=first_line):
        try:
            value = cleaning.line(
                row[text_col] if text_col < len(row) else "",
                label=_("proposition"),
                max_length=TEXT_MAX,
            )
        except ValidationError as error:
            errors += numbered(line, error).messages
            continue
        if not value:
            errors.append(_("Ligne %(n)d : proposition vide.") % {"n": line})
            continue
        try:
            item = (
                _match_item(row[item_col], items)
                if item_col is not None and item_col < len(row)
                else None
            )
        except ValueError as unknown:
            errors.append(
                _("Ligne %(n)d : item « %(item)s » inconnu dans cet atelier.")
                % {"n": line, "item": unknown.args[0]}
            )
            continue
        planned.append((value, item))
    if errors:
        raise ValidationError(errors)
    return add_many(workshop, actor=actor, planned=planned, source=Proposal.Source.IMPORT)
