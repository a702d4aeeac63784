"""Phones are never stale, in a real browser: after each change the room makes, a phone that
stayed open (it only got what was pushed and what its page re-fetched) comes to show what a
fresh load of its page shows. The unit-level twin, with every event of the table, is
test_phone_never_stale.py."""

import re

import pytest
from playwright.sync_api import expect

from coprod.testing.browser import assert_accessible, assert_not_reloaded, mark_page

from .test_browser import PUSH, act, create_workshop, join, open_console, wait_connected
from .test_browser_synthesis import send_proposal

pytestmark = pytest.mark.browser

TIMER = re.compile(r"\b\d{2}:\d{2}\b")


# The region's text without the thanks a phone shows once after its own answer (a reload does
# not repeat it) and without the polite announcements.
TEXT = """region => {
  const copy = region.cloneNode(true);
  copy.querySelectorAll('[role=status], [aria-live]').forEach(node => {
    if (node.textContent.trim().startsWith('Merci') || node.hasAttribute('aria-live')) node.remove();
  });
  return copy.textContent;
}"""


def shown(page) -> str:
    """What the live region says, the countdown's digits aside (they tick between two reads)."""
    text = page.locator("#phone-live").evaluate(TEXT)
    return " ".join(TIMER.sub("mm:ss", text).split())


def assert_equals_a_fresh_load(phone, what: str) -> None:
    fresh = phone.context.new_page()
    fresh.goto(phone.url)
    wait_connected(fresh)
    expected = shown(fresh)
    fresh.close()
    # The open phone may still be settling a re-fetch: give it the time a push may take.
    for _ in range(PUSH // 100):
        if shown(phone) == expected:
            return
        phone.wait_for_timeout(100)
    assert shown(phone) == expected, f"after « {what} », the open phone differs from a reload"


def test_an_open_phone_equals_a_fresh_load_after_each_change(
    server, new_context, facilitator_state
):
    laptop = new_context("laptop", storage_state=facilitator_state)
    created = create_workshop(laptop.new_page(), server.url, "Téléphones à jour")
    console = open_console(laptop, server.url, created["id"])
    phones = []
    for name in ("Alice Martin", "Bruno Lefèvre"):
        phone = new_context("phone").new_page()
        phone.goto(f"{server.url}/j/{created['code']}/")
        join(phone, name, "Mairie de Vigny", "")
        wait_connected(phone)
        phones.append(phone)
    alice, bruno = phones
    mark_page(alice)

    act(console, "Commencer l'atelier")
    assert_equals_a_fresh_load(alice, "the start")
    for step in range(2, 10):
        act(console, "Séquence suivante →")
        expect(alice.locator("#phone-live .step-count")).to_have_text(
            f"Séquence {step} sur 9", timeout=PUSH
        )
        if step == 3:
            mood = bruno.get_by_role("button", name="Bien", exact=True)
            mood.click()
            expect(mood).to_have_attribute("aria-pressed", "true")
        if step == 4:
            send_proposal(bruno, "Un minibus le jeudi vers le marché")
            send_proposal(alice, "Une navette vers la gare le matin")
            assert_equals_a_fresh_load(alice, "two proposals")
        assert_equals_a_fresh_load(alice, f"step {step}")
    console.once("dialog", lambda dialog: dialog.accept())
    act(console, "Terminer l'atelier")
    expect(alice.locator("#phone-live")).to_contain_text("terminé", timeout=PUSH)
    assert_equals_a_fresh_load(alice, "the end")
    assert_not_reloaded(alice)
    assert_accessible(alice, "phone after the end")
