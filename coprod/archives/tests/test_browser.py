"""End to end on a real `coprod serve`: the facilitator downloads the demo workshop's archive
and imports it back through the page; every state of the page passes axe-core."""

import re

import pytest
from playwright.sync_api import expect

from coprod.live.tests.conftest import assert_accessible

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
    expect(page.locator("#id_file_error")).to_have_text(
        "Ce fichier n'est pas une archive d'atelier coprod lisible."
    )
    assert_accessible(page, "import page, refused file")

    # The demo workshop's own archive, downloaded with the facilitator's session.
    download = page.request.get(f"{url}/ateliers/{workshop}/archive.zip")
    assert download.ok and download.headers["content-type"] == "application/zip"
    page.get_by_label("Archive d'atelier (fichier .zip)").set_input_files(
        {"name": "atelier.zip", "mimeType": "application/zip", "buffer": download.body()}
    )
    page.get_by_role("button", name="Importer l'atelier").click()
    expect(page.get_by_role("heading", name="Atelier mis à jour")).to_be_visible()
    assert_accessible(page, "import page, workshop replaced")
    page.get_by_role("link", name=re.compile("^Ouvrir l'atelier")).click()
    expect(page).to_have_url(re.compile(rf"/ateliers/{workshop}/$"))
