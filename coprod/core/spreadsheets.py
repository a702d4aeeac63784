"""Reading spreadsheets into rows: CSV (as Excel and LibreOffice write it), XLSX, ODS.

Shared by every import (the catalogue, proposals, priority items): it reads cells, each import
decides what its columns mean. Bounded: file size, unpacked size of the zip-based formats, rows and columns. Line numbers are
those a spreadsheet shows (blank lines kept). tablib reads CSV and XLSX; ODS has a small
streaming reader because tablib's drops repeated cells (LibreOffice writes runs of equal cells
as one repeated cell) and keeps only the first line of a multi-line cell.
"""

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import tablib
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coprod.core import cleaning

MAX_BYTES = 10 * 1024 * 1024
MAX_UNPACKED = 100 * 1024 * 1024  # XLSX and ODS are zip files: bound what they unpack to
MAX_ROWS = 20_000
MAX_COLUMNS = 200
SEPARATOR = ";"
PROGRESS_EVERY = 500  # rows between two progress reports while reading a large sheet

# Told (rows read, rows in all) while a sheet is read: a large XLSX takes seconds.
Progress = Callable[[int, int], None]


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list]]  # (spreadsheet line number, cells)
    header_line: int = 1  # where `headers` was read (ODS: the first non-empty line)


# A character no spreadsheet writes as a separator: a text file whose first line has no
# separator is one column, whatever commas its later lines hold (sentences, not cells).
_ONE_COLUMN = "\x1f"


def _delimiter(content: str) -> str:
    sample = "\n".join(content[:65536].split("\n")[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        first = content.split("\n", 1)[0]
        counts = {d: first.count(d) for d in ";,\t"}
        best = max(counts, key=counts.get)
        return best if counts[best] else SEPARATOR


def _keep_blank_lines(content: str) -> str:
    """tablib drops blank lines; keep them as one empty cell so line numbers stay right.

    A line is blank between records only when an even number of quotes precedes it (quotes
    inside a field are doubled, so the parity tells whether we are inside a quoted field).
    """
    lines = content.replace("\r\n", "\n").split("\n")
    quotes = 0
    for i, line in enumerate(lines):
        if quotes % 2 == 0 and not line.strip():
            lines[i] = '""'
        quotes += line.count('"')
    if lines and lines[-1] == '""':
        lines.pop()  # the final line end
    return "\n".join(lines)


def _rows_from_csv(data: bytes) -> Table:
    content = cleaning.file_text(data)
    first = next((line for line in content.split("\n") if line.strip()), "")
    delimiter = _delimiter(content) if any(d in first for d in ";,\t") else _ONE_COLUMN
    dataset = tablib.Dataset()
    try:
        dataset.load(_keep_blank_lines(content), format="csv", delimiter=delimiter)
    except tablib.InvalidDimensions:
        raise ValidationError(
            _(
                "Certaines lignes ont plus de colonnes que la ligne d'en-tête : vérifiez le "
                "séparateur (« ; ») et les guillemets."
            )
        ) from None
    except csv.Error as error:
        raise ValidationError(_("Ce fichier CSV est illisible (%(e)s).") % {"e": error}) from None
    return Table(list(dataset.headers or []), [(i, list(r)) for i, r in enumerate(dataset, 2)])


def _check_zip(data: bytes, kind: str) -> None:
    try:
        unpacked = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError(
            _("Ce fichier %(kind)s est illisible ou endommagé.") % {"kind": kind}
        ) from None
    if unpacked > MAX_UNPACKED:
        raise ValidationError(
            _("Ce fichier %(kind)s est trop volumineux une fois décompressé.") % {"kind": kind}
        )


def _rows_from_xlsx(data: bytes, progress: Progress | None = None) -> Table:
    """The active sheet, streamed as tablib reads it (openpyxl, read-only, values only), with
    the rows read told to `progress` against the sheet's declared size."""
    from openpyxl import load_workbook

    _check_zip(data, "XLSX")
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        total = max((sheet.max_row or 0) - 1, 0)
        lines = sheet.iter_rows(values_only=True)
        headers = list(next(lines, ()))
        rows = []
        for line, values in enumerate(lines, 2):
            cells = list(values)
            cells += [""] * (len(headers) - len(cells))
            rows.append((line, cells))
            if progress is not None and line % PROGRESS_EVERY == 0:
                progress(line - 1, max(total, line - 1))
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ValidationError(_("Ce fichier XLSX est illisible ou endommagé.")) from error
    return Table(headers, rows)


_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def _ods_text(paragraph) -> str:
    """The text of a <text:p>, with its spaces (<text:s c="3"/>), tabs and line breaks."""
    parts = [paragraph.text or ""]
    for child in paragraph:
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "s":
            parts.append(" " * int(child.get(f"{{{_TEXT}}}c", "1")))
        elif tag == "tab":
            parts.append("\t")
        elif tag == "line-break":
            parts.append("\n")
        else:
            parts.append(_ods_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _ods_cell(cell):
    kind = cell.get(f"{{{_OFFICE}}}value-type")
    if kind == "date":
        value = cell.get(f"{{{_OFFICE}}}date-value", "")
        try:
            return datetime.fromisoformat(value).date() if value else ""
        except ValueError:
            return value
    if kind in ("float", "percentage", "currency"):
        value = float(cell.get(f"{{{_OFFICE}}}value", "0"))
        return int(value) if value.is_integer() else value
    return "\n".join(_ods_text(p) for p in cell.iter(f"{{{_TEXT}}}p"))


def _ods_row(element) -> list:
    cells = []
    for cell in element:
        if cell.tag not in (f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell"):
            continue
        repeat = int(cell.get(f"{{{_TABLE}}}number-columns-repeated", "1"))
        cells.extend([_ods_cell(cell)] * min(repeat, MAX_COLUMNS))
        if len(cells) > MAX_COLUMNS:
            break
    while cells and cells[-1] in ("", None):
        cells.pop()
    return cells


def _ods_sheet(stream) -> list[tuple[int, list]]:
    """The non-empty rows of the first sheet, with their line numbers, streamed."""
    from defusedxml.ElementTree import iterparse

    rows, line, depth = [], 0, 0
    for event, element in iterparse(stream, events=("start", "end")):
        if element.tag == f"{{{_TABLE}}}table":
            depth += 1 if event == "start" else -1
            if depth == 0:
                break  # the first sheet only
        elif event == "end" and element.tag == f"{{{_TABLE}}}table-row" and depth == 1:
            cells = _ods_row(element)
            repeat = int(element.get(f"{{{_TABLE}}}number-rows-repeated", "1"))
            if cells:
                for _copy in range(min(repeat, MAX_ROWS + 2)):
                    line += 1
                    rows.append((line, cells))
            else:
                line += repeat  # LibreOffice writes the empty rest of a sheet as one row
            element.clear()
            if len(rows) > MAX_ROWS + 1:
                break
    return rows


def _rows_from_ods(data: bytes) -> Table:
    """The first sheet of an ODS file.

    Not through tablib: its ODS reader drops repeated cells (LibreOffice writes two empty or
    identical neighbouring cells as one, with a repeat count), which shifts columns, and keeps
    only the first line of a multi-line cell. This streams content.xml instead, with defusedxml.
    """
    _check_zip(data, "ODS")
    try:
        with (
            zipfile.ZipFile(io.BytesIO(data)) as archive,
            archive.open("content.xml") as content,
        ):
            rows = _ods_sheet(content)
    except Exception as error:  # no content.xml, damaged or hostile XML
        raise ValidationError(_("Ce fichier ODS est illisible ou endommagé.")) from error
    if not rows:
        return Table([], [])
    line, headers = rows[0]  # the first non-empty line names the columns
    return Table([str(h) for h in headers], rows[1:], header_line=line)


def check_file(filename: str, size: int) -> None:
    """Refuse at once a file too large or of a format this import does not read."""
    if size > MAX_BYTES:
        raise ValidationError(
            _("Le fichier dépasse %(mb)d Mo : découpez-le en plusieurs fichiers.")
            % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    if not (filename or "").lower().endswith((".csv", ".txt", ".xlsx", ".ods")):
        raise ValidationError(_("Format non reconnu : importez un fichier .csv, .xlsx ou .ods."))


def read_table(filename: str, data: bytes, progress: Progress | None = None) -> Table:
    check_file(filename, len(data))
    name = (filename or "").lower()
    if name.endswith((".csv", ".txt")):
        return _rows_from_csv(data)
    if name.endswith(".xlsx"):
        return _rows_from_xlsx(data, progress)
    if name.endswith(".ods"):
        return _rows_from_ods(data)
    raise ValidationError(_("Format non reconnu : importez un fichier .csv, .xlsx ou .ods."))
