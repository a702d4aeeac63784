"""End to end: the facilitator projects the restitution slides of the demo workshop.

Driven from the keyboard as on a laptop plugged into a projector: → and ← move one slide, End
reaches the last one; the counter and the announcement for screen readers follow.
"""

import re

import pytest
from playwright.sync_api import expect

from coprod.testing.browser import assert_accessible, screenshot

pytestmark = pytest.mark.browser


def visible_title(page):
    return page.locator("#slides > .slide:visible").locator("h1, h2")


def test_slides_are_driven_by_the_keyboard(server, new_context, facilitator_state):
    laptop = new_context("board", storage_state=facilitator_state)
    page = laptop.new_page()
    page.goto(f"{server.url}/ateliers/{server.demo['workshop']}/restitution/diaporama/")

    slides = page.locator("#slides > .slide")
    total = slides.count()
    assert total > 3
    counter = page.locator(".controls .counter")
    announce = page.locator("#announce")
    expect(counter).to_have_text(f"1 / {total}")
    expect(page.locator("#slides > .slide:visible")).to_have_count(1)
    expect(visible_title(page)).to_have_count(1)
    assert_accessible(page, "first slide")
    screenshot(page, "slides-cover")

    seen = [visible_title(page).inner_text()]
    for number in (2, 3, 4):
        page.keyboard.press("ArrowRight")
        expect(counter).to_have_text(f"{number} / {total}")
        title = slides.nth(number - 1).get_attribute("data-title")
        expect(visible_title(page)).to_have_text(title)
        expect(announce).to_contain_text(title)
        expect(announce).to_contain_text(f"{number} sur {total}")
        seen.append(title)
    assert len(set(seen)) > 1, "the titles changed from slide to slide"
    expect(page).to_have_url(re.compile(r"#diapo-4$"))

    page.keyboard.press("ArrowLeft")
    expect(counter).to_have_text(f"3 / {total}")
    expect(announce).to_contain_text(slides.nth(2).get_attribute("data-title"))

    page.keyboard.press("End")
    expect(counter).to_have_text(f"{total} / {total}")
    expect(visible_title(page)).to_have_text(slides.nth(total - 1).get_attribute("data-title"))
    page.keyboard.press("ArrowRight")
    expect(counter).to_have_text(f"{total} / {total}")
    screenshot(page, "slides-last")

    page.keyboard.press("Home")
    expect(counter).to_have_text(f"1 / {total}")


def test_without_javascript_every_slide_is_readable(server, new_context, facilitator_state):
    page = new_context(
        "laptop", storage_state=facilitator_state, java_script_enabled=False
    ).new_page()
    page.goto(f"{server.url}/ateliers/{server.demo['workshop']}/restitution/diaporama/")
    slides = page.locator("#slides > .slide")
    total = slides.count()
    expect(page.locator("#slides > .slide:visible")).to_have_count(total)
    expect(page.locator(".controls")).to_be_hidden()
    expect(slides.last.locator(".slide-number")).to_have_text(f"{total} / {total}")


def test_restitution_pages_pass_axe_and_publish_for_participants(
    server, new_context, facilitator_state
):
    """The facilitator's restitution page, the published public page and the share page."""
    page = new_context("laptop", storage_state=facilitator_state).new_page()
    page.goto(f"{server.url}/ateliers/{server.demo['workshop']}/restitution/")
    assert_accessible(page, "restitution page")
    page.get_by_role("button", name="Publier la restitution").click()
    expect(page.get_by_text("La restitution est publiée.")).to_be_visible()
    public_link = page.locator("a[href*='/restitution/']").filter(has_text="://").first
    public_url = public_link.get_attribute("href")
    visitor = new_context("phone").new_page()
    visitor.goto(f"{server.url}{public_url}")
    expect(visitor.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(visitor, "public restitution")
    visitor.goto(f"{server.url}{public_url}partager/")
    expect(visitor.locator("svg")).to_have_count(1)
    assert_accessible(visitor, "share page")
    page.get_by_role("button", name="Retirer la publication").click()
    expect(page.get_by_text("La restitution n'est plus publiée.")).to_be_visible()
    assert visitor.goto(f"{server.url}{public_url}").status == 404
