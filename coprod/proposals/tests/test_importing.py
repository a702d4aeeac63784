"""Importing proposals collected before the workshop: CSV (as Excel and LibreOffice write it),
XLSX and ODS; the preview, then the import of exactly what it showed."""

import pytest
import tablib
from django.core.exceptions import PermissionDenied, ValidationError

from coprod.proposals import importing
from coprod.proposals.importing import import_proposals, preview
from coprod.proposals.models import Proposal
from coprod.proposals.services import submit_proposal

pytestmark = pytest.mark.django_db


def csv_bytes(rows, *, encoding="utf-8-sig", sep=";"):
    return "\r\n".join(sep.join(row) for row in rows).encode(encoding)


def sheet_bytes(rows, fmt):
    """An XLSX or ODS file as a spreadsheet saves it (blank rows included)."""
    return tablib.Dataset(*rows[1:], headers=rows[0]).export(fmt)


ROWS = [
    ["Proposition", "Item"],
    ["Un minibus solidaire le jour du marché", "1"],
    [
        "Une maison France services itinérante",
        "Intervenir sur le maintien des services de proximité",
    ],
]


def do_import(workshop, facilitator, filename, data, **kwargs):
    return import_proposals(workshop, actor=facilitator, filename=filename, data=data, **kwargs)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "utf-16", "utf-32"])
def test_csv_from_excel_or_libreoffice_is_imported_with_its_items(
    workshop, facilitator, items, encoding
):
    result = do_import(workshop, facilitator, "avant.csv", csv_bytes(ROWS, encoding=encoding))
    assert [p.text for p in result["created"]] == [ROWS[1][0], ROWS[2][0]]
    assert [p.priority_item for p in result["created"]] == [items[0], items[1]]
    assert all(p.source == Proposal.Source.IMPORT for p in result["created"])


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_xlsx_and_ods_are_imported(workshop, facilitator, items, fmt):
    result = do_import(workshop, facilitator, f"avant.{fmt}", sheet_bytes(ROWS, fmt))
    assert [p.priority_item for p in result["created"]] == [items[0], items[1]]


def test_a_list_of_sentences_without_header_is_imported_from_its_first_line(
    workshop, facilitator, items
):
    data = "Un minibus solidaire le jour du marché\nDes permanences, en mairie\n".encode()
    result = do_import(workshop, facilitator, "liste.txt", data)
    assert [p.text for p in result["created"]] == [
        "Un minibus solidaire le jour du marché",
        "Des permanences, en mairie",
    ]


def test_one_column_keeps_the_commas_of_its_sentences(workshop, facilitator, items):
    data = b"Proposition\nUn bus, le soir, pour les jeunes\n"
    result = do_import(workshop, facilitator, "a.csv", data)
    assert [p.text for p in result["created"]] == ["Un bus, le soir, pour les jeunes"]


def test_a_file_with_no_proposition_column_is_refused_and_creates_nothing(
    workshop, facilitator, items
):
    data = csv_bytes([["idée", "A"], ["Un minibus", "B"]])
    with pytest.raises(ValidationError) as refused:
        do_import(workshop, facilitator, "idees.csv", data)
    assert refused.value.messages == [
        "Aucune colonne de propositions dans ce fichier. Colonnes attendues : « Proposition » "
        "(ou « Texte ») et, si besoin, « Item » (le numéro ou le texte de l'item plébiscité), "
        "nommées sur la première ligne ; ou une seule colonne, une proposition par ligne, sans "
        "en-tête. Colonnes trouvées : « idée », « A »."
    ]
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods"])
def test_skipped_rows_are_told_by_the_line_a_spreadsheet_shows(workshop, facilitator, items, fmt):
    rows = [
        ROWS[0],
        ["", ""],  # line 2: blank, not reported
        [ROWS[1][0], "1"],  # 3
        ["", "2"],  # 4
        ["", ""],  # 5
        ["Une idée", "Item inventé"],  # 6
        ["UN MINIBUS solidaire, le jour du marché", ""],  # 7
        ["x" * 501, ""],  # 8
        ["Un café associatif", "3"],  # 9
    ]
    data = csv_bytes(rows) if fmt == "csv" else sheet_bytes(rows, fmt)
    result = preview(workshop, f"avant.{fmt}", data)
    assert [(r.line, r.text) for r in result.rows] == [
        (3, ROWS[1][0]),
        (9, "Un café associatif"),
    ]
    assert [importing.skip_message(s) for s in result.skipped] == [
        "Ligne 4 : proposition vide.",
        "Ligne 6 : item « Item inventé » inconnu dans cet atelier.",
        "Ligne 7 : même proposition que la ligne 3 : « UN MINIBUS solidaire, le jour du marché ».",
        f"Ligne 8 : proposition trop longue (501 caractères, 500 au plus) : « {'x' * 79}… ».",
    ]
    assert not Proposal.objects.exists()  # the preview writes nothing


def test_what_the_workshop_already_has_is_skipped(workshop, facilitator, items):
    submit_proposal(
        workshop, text_value="Un minibus solidaire le jour du marché", actor=facilitator
    )
    result = do_import(workshop, facilitator, "avant.csv", csv_bytes(ROWS))
    assert [p.text for p in result["created"]] == [ROWS[2][0]]
    assert result["skipped"] == [
        "Ligne 2 : déjà dans l'atelier : « Un minibus solidaire le jour du marché »."
    ]


def test_the_import_creates_exactly_what_the_preview_showed(workshop, facilitator, items):
    data = csv_bytes([*ROWS, ["", "1"]])
    shown = importing.preview_data(
        preview(workshop, "a.csv", data), workshop, filename="a.csv", shown=10
    )
    result = do_import(workshop, facilitator, "a.csv", data, expected=shown["fingerprint"])
    assert [(p.text, p.priority_item.text) for p in result["created"]] == [
        (r["text"], r["item"]) for r in shown["rows"]
    ]


def test_a_workshop_changed_since_the_preview_imports_nothing(workshop, facilitator, items):
    data = csv_bytes(ROWS)
    shown = importing.preview_data(
        preview(workshop, "a.csv", data), workshop, filename="a.csv", shown=10
    )
    submit_proposal(workshop, text_value=ROWS[2][0], actor=facilitator)  # typed meanwhile
    with pytest.raises(ValidationError, match="ont changé depuis l'aperçu"):
        do_import(workshop, facilitator, "a.csv", data, expected=shown["fingerprint"])
    assert Proposal.objects.count() == 1


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("notes.pdf", b"%PDF", "Format non reconnu : importez un fichier .csv, .xlsx ou .ods."),
        ("abime.xlsx", b"not a zip", "illisible"),
        ("vide.csv", b"\r\n;\r\n", "aucune proposition"),
        ("entete.csv", b"Proposition;Item\r\n", "aucune proposition"),
        ("unicode.csv", b"\xff\xfeU\x00n\x00 \x00b\x00u\x00s\x00\n", "comme un texte UTF-16"),
        ("unicode.csv", b"\xff\xfe\x00\x00Un bus", "comme un texte UTF-32"),
        ("gros.csv", b"x" * (importing.MAX_BYTES + 1), "Le fichier dépasse 2 Mo."),
    ],
)
def test_unreadable_files_get_a_french_message(
    workshop, facilitator, items, filename, data, message
):
    with pytest.raises(ValidationError, match=message):
        preview(workshop, filename, data)


def test_invisible_characters_skip_their_line(workshop, facilitator, items):
    result = preview(workshop, "nul.csv", b"Un bus le soir\nUn march\x00 le dimanche")
    assert [importing.skip_message(s) for s in result.skipped] == [
        "Ligne 2 : « proposition » contient des caractères invisibles non autorisés."
    ]


def test_too_many_rows(workshop, facilitator, items, monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 1)
    with pytest.raises(ValidationError, match="Le fichier compte 2 propositions : 1 au plus"):
        preview(workshop, "a.csv", csv_bytes(ROWS))


def test_only_facilitators_import(workshop, stranger, items):
    with pytest.raises(PermissionDenied):
        do_import(workshop, stranger, "a.csv", csv_bytes(ROWS))
