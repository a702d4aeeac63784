"""End to end on a real `coprod serve` and its worker: a facilitator imports a large catalogue
file, follows the reading's progress, confirms the preview and reads the result; a file without
a title column fails with its French reason. Every new page passes axe-core."""

import io
import re

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from coprod.live.tests.conftest import assert_accessible, screenshot

from .conftest import HEADERS

pytestmark = pytest.mark.browser

ROWS = 12_000  # enough for the reading to take a few seconds, under the 20,000-row limit


def large_xlsx() -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADERS[:3])
    for n in range(1, ROWS + 1):
        sheet.append([f"Action {n}", "Un minibus les jours de marché", f"Association {n % 97}"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def open_import(page, server) -> None:
    page.goto(f"{server.url}/ateliers/{server.demo['workshop']}/")
    page.get_by_role("link", name="Actions existantes du territoire").click()
    page.get_by_role("link", name="Importer", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importer des actions")


def upload(page, name: str, mime: str, body: bytes) -> None:
    page.get_by_label("Fichier CSV, XLSX ou ODS").set_input_files(
        {"name": name, "mimeType": mime, "buffer": body}
    )
    page.get_by_role("button", name="Voir l'aperçu").click()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_a_large_import_shows_its_progress_then_its_result(server, new_context, facilitator_state):
    page = new_context("laptop", storage_state=facilitator_state).new_page()
    open_import(page, server)
    upload(page, "catalogue.xlsx", XLSX, large_xlsx())

    # The page answers at once: the worker reads the file, the job's page follows it.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lecture d'un fichier")
    expect(page.locator("#job-status progress")).to_be_visible()
    expect(page.locator("#job-status")).to_contain_text(re.compile(r"\d+ sur \d+"))
    assert_accessible(page, "catalogue preview job, reading")
    screenshot(page, "job-progress")

    # Read, it opens the preview by itself.
    expect(page.get_by_role("heading", name="Aperçu de « catalogue.xlsx »")).to_be_visible(
        timeout=60_000
    )
    expect(page.get_by_text(f"{ROWS} actions à créer")).to_be_visible()
    assert_accessible(page, "catalogue preview")
    page.get_by_role("button", name="Confirmer l'import").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Import dans le catalogue")
    expect(page.locator("#job-status")).to_contain_text(
        f"Import terminé : {ROWS} actions créées", timeout=60_000
    )
    assert_accessible(page, "catalogue import job, done")
    page.get_by_role("link", name="Voir le catalogue").click()
    # The demo's examples are there too.
    expect(page.locator("#results-title")).to_have_text(re.compile(r"^120\d\d actions$"))


def test_a_failed_import_says_why_in_french(server, new_context, facilitator_state):
    page = new_context("laptop", storage_state=facilitator_state).new_page()
    open_import(page, server)
    upload(page, "notes.csv", "text/csv", b"Commentaire;Auteur\nBien;Ana\n")

    status = page.locator("#job-status")
    expect(status).to_contain_text("Ce travail n’a pas abouti")
    expect(status).to_contain_text(
        "Colonne « Titre » introuvable. Colonnes trouvées : « Commentaire », « Auteur »."
    )
    assert_accessible(page, "catalogue preview job, failed")
    page.get_by_role("link", name="Retour").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importer des actions")
