"""End to end: a chargée de mission creates a démarche from nothing, gives it three priority
items and puts one higher with the keyboard alone. The list, form and démarche pages pass
axe-core; the démarche page is shot on a laptop and a phone."""

import pytest
from playwright.sync_api import expect

from coprod.testing.browser import assert_accessible, screenshot

pytestmark = pytest.mark.browser

ITEMS = ["Mobilité des personnes sans voiture", "Services de proximité", "Accès à l'emploi"]


def item_texts(page) -> list[str]:
    return page.locator("ol.priority-items input[name=text]").evaluate_all(
        "inputs => inputs.map(i => i.value)"
    )


def test_a_process_is_created_given_items_and_reordered_by_keyboard(
    server, new_context, facilitator_state
):
    page = new_context("laptop", storage_state=facilitator_state).new_page()
    page.goto(f"{server.url}/ateliers/")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Démarches"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Démarches")
    assert_accessible(page, "list of processes")

    page.get_by_role("link", name="Nouvelle démarche").click()
    assert_accessible(page, "new process form")
    page.get_by_label("Titre", exact=True).fill("Démarche de progrès 2027")
    page.get_by_label("Territoire (facultatif)", exact=True).fill(
        "Parc naturel régional du Vexin français"
    )
    page.get_by_label("Début (facultatif)", exact=True).fill("2027-01-10")
    page.get_by_label("Fin (facultatif)", exact=True).fill("2026-06-30")
    page.get_by_role("button", name="Enregistrer").click()
    expect(
        page.get_by_text("La fin de la démarche ne peut pas précéder son début.")
    ).to_be_visible()
    assert_accessible(page, "new process form with an error")
    page.get_by_label("Fin (facultatif)", exact=True).fill("2027-06-30")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Démarche de progrès 2027")
    for text in ITEMS:
        page.get_by_label("Intitulé de l'item").fill(text)
        page.get_by_label("Intitulé de l'item").press("Enter")
        expect(page.get_by_text("Item ajouté.")).to_be_visible()
    assert item_texts(page) == ITEMS

    # The keyboard alone: Tab to the third item's « Monter » button, Enter, and again (the
    # page comes back with the focus on that button).
    third_up = page.get_by_role("button", name=f"Monter « {ITEMS[2]} »")
    page.get_by_label("Item 3", exact=True).focus()
    for _press in range(4):
        if page.evaluate("document.activeElement.textContent").strip().startswith("↑ Monter"):
            break
        page.keyboard.press("Tab")
    expect(third_up).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name=f"Monter « {ITEMS[2]} »")).to_be_focused()
    assert item_texts(page) == [ITEMS[0], ITEMS[2], ITEMS[1]]
    page.keyboard.press("Enter")
    expect(page.get_by_label("Item 1", exact=True)).to_have_value(ITEMS[2])
    assert item_texts(page) == [ITEMS[2], ITEMS[0], ITEMS[1]]
    assert_accessible(page, "process page")

    page.get_by_label("Nom du public cible").fill("Jeunes de 16 à 25 ans")
    page.get_by_role("button", name="Ajouter le public").click()
    expect(page.get_by_text("Public cible ajouté.")).to_be_visible()

    page.set_viewport_size({"width": 1440, "height": 900})
    screenshot(page, "processes-page", full_page=True)
    phone = new_context("phone", storage_state=facilitator_state).new_page()
    phone.set_viewport_size({"width": 390, "height": 844})
    phone.goto(page.url)
    assert_accessible(phone, "process page on a phone")
    screenshot(phone, "processes-page-phone", full_page=True)

    # The workshop form offers its process's items as checkboxes, each named by its label.
    page.goto(f"{server.url}/ateliers/{server.demo['workshop']}/modifier/")
    expect(page.get_by_role("checkbox").first).to_be_checked()
    assert_accessible(page, "workshop form with its items")
