"""Importing proposals collected before the workshop: CSV (as Excel and LibreOffice write it) and XLSX."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook

from coprod.proposals.importing import import_proposals
from coprod.proposals.models import Proposal

pytestmark = pytest.mark.django_db


def csv_bytes(rows, *, encoding="utf-8-sig", sep=";"):
    return "\r\n".join(sep.join(row) for row in rows).encode(encoding)


def xlsx_bytes(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


ROWS = [
    ["Proposition", "Item"],
    ["Un minibus solidaire le jour du marché", "1"],
    [
        "Une maison France services itinérante",
        "Intervenir sur le maintien des services de proximité",
    ],
]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_csv_from_excel_or_libreoffice_is_imported_with_its_items(
    workshop, facilitator, items, encoding
):
    result = import_proposals(
        workshop, actor=facilitator, filename="avant.csv", data=csv_bytes(ROWS, encoding=encoding)
    )
    assert [p.text for p in result["created"]] == [ROWS[1][0], ROWS[2][0]]
    assert [p.priority_item for p in result["created"]] == [items[0], items[1]]
    assert all(p.source == Proposal.Source.IMPORT for p in result["created"])


def test_xlsx_is_imported(workshop, facilitator, items):
    result = import_proposals(
        workshop, actor=facilitator, filename="avant.xlsx", data=xlsx_bytes(ROWS)
    )
    assert len(result["created"]) == 2


def test_file_without_header_reads_the_first_column(workshop, facilitator, items):
    data = csv_bytes(
        [["Un minibus solidaire le jour du marché"], ["Des permanences emploi en mairie"]]
    )
    result = import_proposals(workshop, actor=facilitator, filename="liste.csv", data=data)
    assert len(result["created"]) == 2


def test_invalid_rows_stop_the_whole_import_with_their_line_numbers(workshop, facilitator, items):
    data = csv_bytes([*ROWS, ["", "1"], ["Une idée", "Item inventé"]])
    with pytest.raises(ValidationError) as error:
        import_proposals(workshop, actor=facilitator, filename="avant.csv", data=data)
    assert error.value.messages == [
        "Ligne 4 : proposition vide.",
        "Ligne 5 : item « Item inventé » inconnu dans cet atelier.",
    ]
    assert not Proposal.objects.exists()


def test_duplicates_are_skipped_and_reported(workshop, facilitator, items):
    data = csv_bytes([*ROWS, ["UN MINIBUS solidaire, le jour du marché", ""]])
    result = import_proposals(workshop, actor=facilitator, filename="avant.csv", data=data)
    assert len(result["created"]) == 2
    assert result["duplicates"] == ["UN MINIBUS solidaire, le jour du marché"]


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("notes.pdf", b"%PDF", "Format non reconnu"),
        ("abime.xlsx", b"not a zip", "illisible"),
        ("vide.csv", b"\r\n;\r\n", "aucune proposition"),
    ],
)
def test_unreadable_files_get_a_french_message(
    workshop, facilitator, items, filename, data, message
):
    with pytest.raises(ValidationError, match=message):
        import_proposals(workshop, actor=facilitator, filename=filename, data=data)


def test_only_facilitators_import(workshop, stranger, items):
    with pytest.raises(PermissionDenied):
        import_proposals(workshop, actor=stranger, filename="a.csv", data=csv_bytes(ROWS))
