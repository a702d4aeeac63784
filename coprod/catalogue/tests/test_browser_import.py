"""End to end on a real `coprod serve` and a real `coprod worker`: a facilitator imports a large
catalogue file, sees it wait for the worker, then its preview (the columns it understood, what it
creates), confirms it with « Importer N actions » and reads the result; a file without a title
column fails with its French reason, naming the columns it has. Every new page passes axe-core.

The worker is started by the test (the server runs with COPROD_WORKER=0), so that the page of a
job not yet begun is seen for sure; its progress as it runs is the views' test's
(jobs/tests/test_views.py), a browser would only see it when the machine happens to be slow."""

import io
import json
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from coprod.core import testserver
from coprod.testing.browser import LiveServer, assert_accessible, screenshot

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


@pytest.fixture(scope="module")
def server():
    """`coprod serve` without its own worker; `worker` below starts one."""
    servers = testserver.prepare(extra_env={"COPROD_WORKER": "0"})
    try:
        with ThreadPoolExecutor(1) as pool:
            demo = pool.submit(servers.manage, "demo", "--json")
            servers.start(1)
            demo = json.loads(demo.result())
        yield LiveServer(servers=servers, demo=demo)
    finally:
        servers.close()


@pytest.fixture
def worker(server):
    def start() -> subprocess.Popen:
        started.append(
            subprocess.Popen(
                [sys.executable, "-m", "coprod.cli", "worker", "--interval", "0.2"],
                env=server.servers.env,
                stdout=subprocess.DEVNULL,
            )
        )
        return started[-1]

    started: list[subprocess.Popen] = []
    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)


def test_a_large_import_waits_for_the_worker_then_shows_its_result(
    server, new_context, facilitator_state, worker
):
    page = new_context(
        "laptop", storage_state=facilitator_state, viewport={"width": 1440, "height": 900}
    ).new_page()
    open_import(page, server)
    upload(page, "catalogue.xlsx", XLSX, large_xlsx())

    # The page answers at once: the job waits for a worker, and its page says so.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lecture d'un fichier")
    expect(page.locator("#job-status")).to_contain_text("En attente")
    assert_accessible(page, "catalogue preview job, waiting")
    screenshot(page, "job-waiting")
    worker()

    # Read, it opens the preview by itself.
    expect(page.get_by_role("heading", name="Aperçu de « catalogue.xlsx »")).to_be_visible(
        timeout=60_000
    )
    expect(page.get_by_text(f"{ROWS} actions à créer")).to_be_visible()
    columns = page.locator("#import-columns")
    expect(columns.get_by_role("row", name="« Titre »")).to_contain_text("Titre")
    expect(columns.get_by_role("row", name="« Structure porteuse »")).to_contain_text(
        "Structure porteuse"
    )
    assert_accessible(page, "catalogue preview")
    screenshot(page, "import-catalogue-preview")
    page.get_by_role("button", name=f"Importer {ROWS} actions").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Import dans le catalogue")
    expect(page.locator("#job-status")).to_contain_text(
        f"Import terminé : {ROWS} actions créées", timeout=60_000
    )
    assert_accessible(page, "catalogue import job, done")
    page.get_by_role("link", name="Voir le catalogue").click()
    # The demo's examples are there too.
    expect(page.locator("#results-title")).to_have_text(re.compile(r"^120\d\d actions$"))


def test_a_failed_import_says_why_in_french(server, new_context, facilitator_state, worker):
    worker()
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
