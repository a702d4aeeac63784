"""End to end on a real `coprod serve`: from the workshop's page the facilitator opens the A4
poster, switches to A3, then opens the table cards; each page passes axe-core, and printed by
the browser itself (Chromium's own PDF, the page's `@page` size) it is one sheet of the paper
chosen, with the join code and address, without the toolbar."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from coprod.testing.browser import assert_accessible, screenshot

pytestmark = pytest.mark.browser

POINTS = {"A4": (595.3, 841.9), "A3": (841.9, 1190.6)}


def printed(page, paper: str) -> str:
    """The page as the browser prints it: one sheet of `paper`; its text."""
    reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(POINTS[paper][0], abs=1)
    assert float(box.height) == pytest.approx(POINTS[paper][1], abs=1)
    return reader.pages[0].extract_text()


def test_the_facilitator_prints_the_poster_and_the_cards_from_the_browser(
    server, new_context, facilitator_state
):
    workshop = server.demo["workshop"]
    page = new_context("laptop", storage_state=facilitator_state).new_page()
    page.goto(f"{server.url}/ateliers/{workshop}/")
    code = page.locator("dd.code").inner_text().strip()

    page.get_by_role("link", name="Affiche A4").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Affiche A4")
    expect(page.locator(".sheet .b-code")).to_have_text(code)
    expect(page.get_by_role("img", name=f"Code QR vers {server.url}/j/{code}/")).to_be_visible()
    assert_accessible(page, "poster A4")
    screenshot(page, "poster-a4", full_page=True)
    text = printed(page, "A4")
    assert code in text.split()
    assert f"/j/{code}" in text
    assert "Télécharger le PDF" not in text  # the toolbar is not printed

    page.get_by_role("link", name="Format A3").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Affiche A3")
    expect(page.get_by_role("link", name="Format A3")).to_have_attribute("aria-current", "page")
    assert_accessible(page, "poster A3")
    assert code in printed(page, "A3").split()

    with page.expect_response(lambda r: r.url.endswith("/affiche/a3/pdf/")) as answer:
        page.get_by_role("link", name="Télécharger le PDF (A3)").click()
    assert answer.value.status == 200
    assert answer.value.headers["content-type"] == "application/pdf"

    page.goto(f"{server.url}/ateliers/{workshop}/")
    page.get_by_role("link", name="Chevalets de table").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chevalets de table A4")
    assert_accessible(page, "table cards A4")
    screenshot(page, "table-cards-a4", full_page=True)
    assert printed(page, "A4").split().count(code) == 4
