"""End to end: a phone reads the notice and its own data; a facilitator answers a request to
erase a name, and the phone sees the pseudonym. axe-core checks every page."""

import json
import re

import pytest
from playwright.sync_api import expect

from coprod.testing.browser import assert_accessible, screenshot

pytestmark = pytest.mark.browser

NAME = "Odile Fromentin"


def test_a_phone_reads_its_data_and_a_facilitator_erases_a_name(
    server, new_context, facilitator_state
):
    workshop, code = server.demo["workshop"], server.demo["join_code"]
    phone = new_context("phone").new_page()
    phone.goto(f"{server.url}/j/{code}/")
    notice = phone.get_by_role("region", name="Vos données")
    expect(notice).to_contain_text("Responsable :")
    expect(phone.get_by_text("Un prénom ou un pseudonyme suffit.")).to_be_visible()
    assert_accessible(phone, "the join page with its notice")
    phone.get_by_role("link", name="Tout savoir sur vos données personnelles").click()
    expect(phone.get_by_role("heading", name="Vos données personnelles")).to_be_visible()
    expect(phone.get_by_text("Responsable du traitement")).to_be_visible()
    assert_accessible(phone, "the full notice")
    phone.get_by_role("link", name="Retour").click()

    phone.get_by_label("Votre nom").fill(NAME)
    phone.get_by_label("Votre structure").fill("Association Les Amis du Vexin")
    phone.get_by_label("J'ai lu les règles du jeu et je les accepte.").check()
    phone.get_by_role("button", name="Rejoindre l'atelier").click()
    expect(phone).to_have_url(re.compile(rf"/p/{workshop}/$"))
    phone.get_by_role("link", name="Mes données").click()
    expect(phone.get_by_role("heading", name="Mes données")).to_be_visible()
    expect(phone.locator("main")).to_contain_text(NAME)
    assert_accessible(phone, "the phone's « Mes données »")
    screenshot(phone, "privacy-my-data")
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Télécharger mes données (JSON)").click()
    mine = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert mine["carte"]["structure"] == "Association Les Amis du Vexin"

    laptop = new_context("laptop", storage_state=facilitator_state).new_page()
    laptop.goto(f"{server.url}/ateliers/{workshop}/")
    laptop.get_by_role("link", name="Données personnelles").click()
    laptop.get_by_label("Nom de la personne").fill("fromentin")
    laptop.get_by_label("Nom de la personne").press("Enter")
    laptop.get_by_role("link", name=NAME).click()
    expect(laptop.get_by_role("heading", name=NAME)).to_be_visible()
    assert_accessible(laptop, "a participant's data, for a facilitator")
    screenshot(laptop, "privacy-person")
    laptop.get_by_role("link", name="Effacer son nom").click()
    expect(laptop.get_by_role("heading", name=f"Effacer le nom de {NAME} ?")).to_be_visible()
    assert_accessible(laptop, "the erasure's confirmation")
    laptop.get_by_role("button", name="Effacer le nom").focus()
    laptop.keyboard.press("Enter")
    expect(laptop.get_by_role("status")).to_contain_text("Le nom est remplacé par « Participant")
    pseudonym = laptop.get_by_role("heading", level=1).inner_text()
    assert pseudonym.startswith("Participant ")

    phone.reload()
    expect(phone.locator("main")).to_contain_text(pseudonym)
    expect(phone.locator("main")).not_to_contain_text(NAME)
