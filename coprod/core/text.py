"""What every text field accepts: one rule for names, proposals, labels, sheets and searches.

Pure computation: no Django import (the Django side, `core.cleaning`, turns `Invisible` into a
French ValidationError). Control characters are refused rather than dropped, so that what is
stored is what the person sees; tabs and line breaks are the only ones accepted, as spacing in
a line and as line breaks in a block. Lone surrogates (which no UTF-8 database can store) are
refused with them. Format characters such as the zero-width joiner of emoji sequences stay.
"""

import codecs
import re
import unicodedata

# C0 and C1 controls except \t \n \r, DEL, and surrogates (only JSON can carry one, "\\ud800").
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


class Invisible(ValueError):
    """The text holds control characters that no field accepts."""


def has_control_characters(value: str) -> bool:
    return _FORBIDDEN.search(value) is not None


def without_control_characters(value: str) -> str:
    """The text with its forbidden characters removed (for reading, never for storing input)."""
    return _FORBIDDEN.sub("", value)


def _checked(raw) -> str:
    value = str(raw if raw is not None else "")
    if has_control_characters(value):
        raise Invisible(value)
    return unicodedata.normalize("NFC", value)


def clean_line(raw) -> str:
    """One line: spacing of any kind (tabs, line breaks) becomes single spaces, ends trimmed."""
    return " ".join(_checked(raw).split())


def clean_block(raw) -> str:
    """Several lines: line breaks as `\\n`, trailing spaces and the spacing around the whole
    dropped; the indentation of the following lines and tabs kept."""
    value = _checked(raw).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in value.split("\n")).strip()


# UTF-32 LE before UTF-16 LE: its BOM starts with the other's.
_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def decode(data: bytes) -> str:
    """A text file as spreadsheets write it in France: in the encoding its byte-order mark
    names (UTF-8, UTF-16 as Excel's « Texte Unicode », UTF-32), else UTF-8, else Windows-1252,
    else ISO-8859-1 (which reads any bytes). UnicodeDecodeError when a mark's encoding does not
    read the rest."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding)
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")
