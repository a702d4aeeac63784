"""End to end: the facilitator decides who is in the room, and every screen follows.

Registration closed from the console, a late phone waits and opens by itself once accepted, a
fresh code reaches the board's corner, a removed phone is told so. axe-core checks the pages.
"""

import re

import pytest
from playwright.sync_api import expect

from coprod.testing.browser import assert_accessible, screenshot

from .test_browser import PUSH, create_workshop, join, open_console, wait_connected

pytestmark = pytest.mark.browser


def test_the_facilitator_decides_who_is_in_the_room(server, new_context, facilitator_state):
    laptop = new_context(
        "laptop", storage_state=facilitator_state, viewport={"width": 1440, "height": 900}
    )
    workshop = create_workshop(laptop.new_page(), server.url, "Atelier sur invitation")
    console = open_console(laptop, server.url, workshop["id"])
    board = new_context("board").new_page()
    board.goto(workshop["board"])
    wait_connected(board)

    first = new_context("phone").new_page()
    first.goto(f"{server.url}/j/{workshop['code']}/")
    join(first, "Claire Dubois", "Mairie de Marines", "Je suis élue aux mobilités.")
    wait_connected(first)
    expect(console.locator("#people-title")).to_have_text("1 participant présent", timeout=PUSH)

    console.get_by_role("button", name="Fermer les inscriptions").click()
    expect(console.locator(".registration")).to_contain_text("inscriptions fermées")
    expect(board.locator("#board-join")).to_contain_text("Inscriptions fermées", timeout=PUSH)

    late = new_context("phone").new_page()
    late.goto(f"{server.url}/j/{workshop['code']}/")
    join(late, "Karim Benali", "Centre social", "")
    expect(late.get_by_role("status")).to_contain_text("vous pourrez participer dès son accord")
    assert_accessible(late, "the waiting page")
    screenshot(late, "admission-phone-waiting")
    expect(console.get_by_text("1 arrivée attend votre accord")).to_be_visible(timeout=PUSH)
    assert_accessible(console, "the console with an arrival waiting")
    screenshot(console, "admission-console-waiting")
    screenshot(board, "admission-board-closed")

    console.get_by_role("button", name="Accepter Karim Benali").click()
    expect(late.get_by_text("L'atelier va bientôt commencer.")).to_be_visible(timeout=10_000)
    expect(late).to_have_url(re.compile(rf"/p/{workshop['id']}/$"))
    expect(console.locator("#people-title")).to_have_text("2 participants présents")

    old = workshop["code"]
    console.once("dialog", lambda dialog: dialog.accept())
    console.get_by_role("button", name="Nouveau code").click()
    expect(console.locator(".registration .code")).not_to_have_text(old)
    new = console.locator(".registration .code").inner_text()
    expect(board.locator("#board-join .code")).to_have_text(new, timeout=PUSH)
    expect(board.locator("#board-join")).not_to_contain_text("Inscriptions fermées")

    console.once("dialog", lambda dialog: dialog.accept())
    console.get_by_role("button", name="Retirer Claire Dubois").click()
    expect(first.get_by_role("alert")).to_contain_text(
        "Vous avez été retiré·e de cet atelier.", timeout=PUSH
    )
    expect(console.locator("#people-title")).to_have_text("1 participant présent")
    expect(console.get_by_text("1 personne refusée ou retirée")).to_be_visible()
    assert_accessible(console, "the console after a removal")
    assert old not in server.log()
