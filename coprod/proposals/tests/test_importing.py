"""Importing proposals collected before the workshop: CSV (as Excel and LibreOffice write it) and XLSX."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from coprod.proposals.importing import import_proposals
from coprod.proposals.models import Proposal
from coprod.testing.jobs import started_job

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


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "utf-16", "utf-32"])
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
        ("unicode.csv", b"\xff\xfeU\x00n\x00 \x00b\x00u\x00s\x00\n", "comme un texte UTF-16"),
        ("unicode.csv", b"\xff\xfe\x00\x00Un bus", "comme un texte UTF-32"),
        (
            "nul.csv",
            b"Un bus\nUn march\x00 le dimanche",
            "Ligne 2 : « proposition » contient",
        ),
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


def _upload(facilitator_client, workshop, name, data):
    return facilitator_client.post(
        reverse("proposals:import", args=[workshop.pk]), {"file": SimpleUploadedFile(name, data)}
    )


def test_the_page_answers_at_once_and_the_job_reports_what_it_added(
    workshop, facilitator_client, items
):
    response = _upload(facilitator_client, workshop, "propositions.csv", csv_bytes(ROWS))
    job = started_job(response)
    body = facilitator_client.get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert "2 propositions ajoutées." in body
    assert reverse("proposals:manage", args=[workshop.pk]) in body
    assert Proposal.objects.filter(workshop=workshop).count() == 2


def test_a_bad_file_is_reported_on_the_jobs_page_and_adds_nothing(
    workshop, facilitator_client, items
):
    rows = [["Proposition", "Item"], ["", "1"], ["Un minibus", "9"]]
    job = started_job(_upload(facilitator_client, workshop, "p.csv", csv_bytes(rows)))
    body = facilitator_client.get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert "Ligne 2 : proposition vide." in body
    assert "Ligne 3 : item « 9 » inconnu dans cet atelier." in body
    assert not Proposal.objects.filter(workshop=workshop).exists()
    assert job.input_path.read_bytes() == csv_bytes(rows)  # kept until the job is forgotten


def test_a_file_of_another_format_is_refused_on_the_page(workshop, facilitator_client):
    response = _upload(facilitator_client, workshop, "propositions.pdf", b"%PDF")
    assert response.status_code == 400
    assert "Format non reconnu : importez un fichier .csv ou .xlsx." in response.content.decode()
