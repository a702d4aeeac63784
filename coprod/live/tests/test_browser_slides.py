"""End to end: the facilitator projects the restitution slides of the demo workshop.

Driven from the keyboard as on a laptop plugged into a projector: → and ← move one slide, End
reaches the last one; the counter and the announcement for screen readers follow.
"""

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, screenshot

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
