"""End to end on a real `coprod serve` and its worker: the facilitator downloads the demo
workshop's archive and imports it back through the page; every state of the pages passes
axe-core."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from coprod.testing.browser import assert_accessible

pytestmark = pytest.mark.browser


def test_import_page_round_trip_is_accessible(server, new_context, facilitator_state):
    url, workshop = server.url, server.demo["workshop"]
    page = new_context("laptop", storage_state=facilitator_state).new_page()
    page.goto(f"{url}/ateliers/importer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Importer un atelier")
    assert_accessible(page, "import page")

    # Nothing chosen: the error is said at the field and linked to it.
    page.get_by_role("button", name="Importer l'atelier").click()
    field = page.get_by_label("Archive d'atelier (fichier .zip)")
    expect(page.locator("#id_file_error")).to_have_text("Choisissez l'archive à importer.")
    expect(field).to_have_attribute("aria-describedby", "id_file_helptext id_file_error")
    assert_accessible(page, "import page, no file")

    # A file that is not an archive.
    field.set_input_files(
        {"name": "notes.zip", "mimeType": "application/zip", "buffer": b"pas une archive"}
    )
    page.get_by_role("button", name="Importer l'atelier").click()
    expect(page.locator("#job-status")).to_contain_text(
        "Ce fichier n'est pas une archive d'atelier coprod lisible."
    )
    assert_accessible(page, "import job, refused file")
    page.get_by_role("link", name="Retour").click()

    # The demo workshop's own archive, written by the worker, downloaded from its job's page.
    page.goto(f"{url}/ateliers/{workshop}/archive.zip")
    with page.expect_download() as downloading:
        page.get_by_role("link", name=re.compile("^Télécharger archive-")).click()
    body = Path(downloading.value.path()).read_bytes()
    page.goto(f"{url}/ateliers/importer/")
    page.get_by_label("Archive d'atelier (fichier .zip)").set_input_files(
        {"name": "atelier.zip", "mimeType": "application/zip", "buffer": body}
    )
    page.get_by_role("button", name="Importer l'atelier").click()
    expect(page.locator("#job-status")).to_contain_text(
        "a été remplacé par le contenu de l'archive."
    )
    assert_accessible(page, "import job, workshop replaced")
    page.get_by_role("link", name=re.compile("^Ouvrir l'atelier")).click()
    expect(page).to_have_url(re.compile(rf"/ateliers/{workshop}/$"))
