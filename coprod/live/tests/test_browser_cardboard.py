"""End to end, issue 18: the groups as a card board on the console, at 1440×900.

Nine proposals grouped in three; the facilitator drags a card onto another group with the
mouse, moves another with the keyboard only (its « Déplacer vers… » select, the focus kept on
the card afterwards), adopts a suggested name, and splits a group; each change is announced in
the console's live region, the numbers of the other groups never change, the page never scrolls
sideways nor reloads, and axe-core finds nothing.
"""

import pytest
from playwright.sync_api import expect

from coprod.testing.browser import (
    LiveRegion,
    assert_accessible,
    assert_not_reloaded,
    mark_page,
    screenshot,
)
from coprod.testing.themes import THEMES

from .test_browser import STEP_4, create_workshop, expect_step, idle, open_console, tab_to
from .test_browser_console import drive

pytestmark = pytest.mark.browser

TRANSPORT, SHOPS, JOBS = THEMES["transport"], THEMES["shops"], THEMES["jobs"]
CONSOLE_1440 = {"width": 1440, "height": 900}
GROUPED = """
from django.contrib.auth import get_user_model
from coprod.grouping import services
from coprod.testing.factories import ProposalFactory
from coprod.testing.themes import THEMES
from coprod.workshops.models import Workshop
w = Workshop.objects.get(pk={workshop})
for row in zip(*THEMES.values()):
    for text in row:
        ProposalFactory(workshop=w, text=text)
services.auto_group(w, actor=get_user_model().objects.get(username="{user}"), k=3)
"""


def shot(page, name: str) -> None:
    """The console's window at 1440×900, scrolled to the board, among the test artifacts."""
    page.locator("#console-groups-title").evaluate("el => el.scrollIntoView()")
    screenshot(page, f"cardboard-{name}")


def column_of(board, text: str):
    return board.locator("section.board-column").filter(
        has=board.page.locator(".board-card", has_text=text)
    )


def no_sideways_scroll(page) -> None:
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    ), "the console scrolls sideways"


def test_the_card_board_with_the_mouse_and_with_the_keyboard(
    server, new_context, facilitator_state
):
    laptop = new_context("laptop", storage_state=facilitator_state, viewport=CONSOLE_1440)
    created = create_workshop(laptop.new_page(), server.url, "Tableau de cartes")
    workshop = created["id"]
    server.servers.manage(
        "shell", "-c", GROUPED.format(workshop=workshop, user=server.demo["facilitator"])
    )
    console = open_console(laptop, server.url, workshop)
    mark_page(console)
    announced = LiveRegion(console, "#console-announce")
    drive(console, "Commencer l'atelier")
    for _ in range(3):
        drive(console, "Séquence suivante →")
    expect_step([(console, "console")], STEP_4)

    board = console.locator("#console-groups .card-board")
    expect(board.locator("section.board-column[data-cluster]")).to_have_count(3)
    names = board.locator(".group-name")
    expect(names).to_have_text(["Groupe 1", "Groupe 2", "Groupe 3"])
    transport = column_of(board, TRANSPORT[0])
    jobs = column_of(board, JOBS[0])
    expect(transport.locator(".board-card")).to_have_count(3)
    expect(transport.locator(".fit").first).to_contain_text("proche du groupe")
    expect(transport).to_contain_text("Nom suggéré :")
    no_sideways_scroll(console)
    shot(console, "grouped")
    assert_accessible(console, "console, card board")

    # The mouse: a jobs card dragged onto the transport group.
    idle(console)
    console.locator(".board-card", has_text=JOBS[1]).drag_to(transport.locator("h3"))
    announced.expect_said("est maintenant dans Groupe", partial=True)
    expect(transport.locator(".board-card")).to_have_count(4)
    expect(jobs.locator(".board-card")).to_have_count(2)
    # Weakly placed: the intruder comes first in its new group, said to be far from it.
    intruder = transport.locator(".board-card").first
    expect(intruder).to_contain_text(JOBS[1])
    expect(intruder.locator(".fit")).to_contain_text("plus proche du Groupe")
    shot(console, "dragged")

    # The keyboard only: the same card sent to « Nouveau groupe » from its select.
    idle(console)
    select = intruder.get_by_label("Déplacer vers…")
    tab_to(console, select, limit=200)
    console.keyboard.press("N")  # « Nouveau groupe »
    expect(select).to_have_value("new")
    console.keyboard.press("Tab")
    console.keyboard.press("Enter")
    announced.expect_said("est maintenant dans Groupe 4.", partial=True)
    expect(names).to_have_text(["Groupe 1", "Groupe 2", "Groupe 3", "Groupe 4"])
    alone = column_of(board, JOBS[1])
    expect(alone.locator(".fit")).to_have_text("seule dans son groupe")
    # The focus stays on the moved card, in its new group.
    expect(alone.get_by_label("Déplacer vers…")).to_be_focused()

    # A suggested name, adopted in one key press.
    idle(console)
    use = transport.get_by_role("button", name="Utiliser")
    suggested = transport.locator(".suggested-label strong").inner_text()
    tab_to(console, use, limit=200)
    console.keyboard.press("Enter")
    announced.expect_said(f"s'appelle « {suggested} ».", partial=True)
    expect(transport.locator(".group-label")).to_have_text(suggested)

    # Split the shops group in two: its part keeps its number, the other takes the next one.
    idle(console)
    shops = column_of(board, SHOPS[0])
    shops_name = shops.locator(".group-name").inner_text()
    shops.get_by_role("button", name="Scinder ce groupe").click()
    announced.expect_said(f"{shops_name} scindé : une partie forme Groupe 5.")
    expect(board.locator("section.board-column[data-cluster]")).to_have_count(5)
    expect(column_of(board, SHOPS[0]).locator(".group-name")).to_have_text(shops_name)
    no_sideways_scroll(console)
    shot(console, "split")
    assert_accessible(console, "console, card board after a split")
    assert_not_reloaded(console)
