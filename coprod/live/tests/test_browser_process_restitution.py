"""End to end: from a workshop's restitution page to its process's restitution page, which passes
axe-core and offers the process's document and open data."""

import re

import pytest
from playwright.sync_api import expect

from coprod.testing.browser import assert_accessible, screenshot

pytestmark = pytest.mark.browser


def test_process_restitution_page(server, new_context, facilitator_state):
    page = new_context("laptop", storage_state=facilitator_state).new_page()
    page.goto(f"{server.url}/ateliers/{server.demo['workshop']}/restitution/")
    link = page.get_by_role("link", name=re.compile("restitution de la démarche"))
    link.focus()
    page.keyboard.press("Enter")  # reachable from the keyboard
    expect(page).to_have_url(re.compile(r"/demarches/\d+/restitution/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Restitution de la démarche")
    expect(page.get_by_role("heading", name="Des items plébiscités aux projets")).to_be_visible()
    for label in ("PDF", "ODT (LibreOffice)", "DOCX (Word)", "Markdown", "JSON"):
        expect(page.get_by_role("link", name=label, exact=True)).to_be_visible()
    back = page.get_by_role("link", name=re.compile("Restitution de l’atelier"))
    expect(back.first).to_have_attribute(
        "href", f"/ateliers/{server.demo['workshop']}/restitution/"
    )
    assert_accessible(page, "process restitution page")
    screenshot(page, "process-restitution", full_page=True)

    # The document is prepared by the server's worker; its page offers it once ready.
    page.get_by_role("link", name="Markdown", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Restitution de la démarche")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("^Télécharger restitution-")).click()
    assert_accessible(page, "process document ready")
    assert download.value.suggested_filename.startswith("restitution-")
    assert download.value.suggested_filename.endswith(".md")
