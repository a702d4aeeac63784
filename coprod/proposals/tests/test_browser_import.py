"""End to end on a real `coprod serve` (its worker inside): a facilitator imports proposals
collected before the workshop, reads the preview (the columns understood, what will be created,
the lines left out), confirms it and finds the proposals; a file with no proposition column is
refused in French and adds nothing. Every page passes axe-core."""

import re

import pytest
from playwright.sync_api import expect

from coprod.testing.browser import assert_accessible, screenshot

pytestmark = pytest.mark.browser

WIDE = {"width": 1440, "height": 900}
FILE = (
    "Date;Proposition;Item;Auteur\r\n"
    "05/01;Un minibus solidaire vers le marché de Magny;1;Ana\r\n"
    "\r\n"
    "06/01;;2;Bruno\r\n"
    "07/01;Des permanences emploi dans les mairies du Vexin;;Claire\r\n"
    "08/01;Un atelier numérique à la médiathèque;Item inventé;Driss\r\n"
).encode("utf-8-sig")


def open_proposals(page, server) -> None:
    page.goto(f"{server.url}/ateliers/{server.demo['workshop']}/propositions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Propositions")


def upload(page, name: str, body: bytes) -> None:
    page.get_by_label("Fichier CSV, XLSX ou ODS").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": body}
    )
    page.get_by_role("button", name="Voir l'aperçu").click()


def test_a_file_is_previewed_then_imported(server, new_context, facilitator_state):
    page = new_context("laptop", storage_state=facilitator_state, viewport=WIDE).new_page()
    open_proposals(page, server)
    upload(page, "avant-atelier.csv", FILE)

    # The worker reads it, and the preview opens by itself.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Aperçu de l'import de « avant-atelier.csv »", timeout=30_000
    )
    columns = page.locator("#import-columns")
    expect(columns.get_by_role("row", name=re.compile("« Proposition »"))).to_contain_text(
        "texte de la proposition"
    )
    expect(columns.get_by_role("row", name=re.compile("« Item »"))).to_contain_text(
        "item plébiscité"
    )
    expect(page.get_by_text("Colonnes ignorées : « Date », « Auteur ».")).to_be_visible()
    expect(page.get_by_role("heading", name="2 propositions à importer")).to_be_visible()
    rows = page.locator("#import-rows tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Un minibus solidaire vers le marché de Magny")
    expect(rows.nth(1)).to_contain_text("choisi d'après le texte")
    skipped = page.locator("#import-skipped li")
    expect(skipped).to_have_text(
        [
            "Ligne 4 : proposition vide.",
            "Ligne 6 : item « Item inventé » inconnu dans cet atelier.",
        ]
    )
    assert_accessible(page, "proposals import preview")
    screenshot(page, "import-proposals-preview", full_page=True)

    page.get_by_role("button", name="Importer 2 propositions").click()
    status = page.locator("#job-status")
    expect(status).to_contain_text("2 propositions ajoutées.", timeout=30_000)
    expect(status).to_contain_text("2 lignes ignorées, comme l'aperçu l'annonçait.")
    assert_accessible(page, "proposals import job, done")
    page.get_by_role("link", name="Voir les propositions").click()
    expect(page.get_by_text("Un minibus solidaire vers le marché de Magny")).to_be_visible()
    expect(page.get_by_text("Des permanences emploi dans les mairies du Vexin")).to_be_visible()


def test_cancel_adds_nothing(server, new_context, facilitator_state):
    page = new_context("laptop", storage_state=facilitator_state).new_page()
    open_proposals(page, server)
    upload(page, "a-annuler.csv", b"Proposition\r\nUne navette le dimanche soir\r\n")
    expect(page.get_by_role("heading", name="1 proposition à importer")).to_be_visible(
        timeout=30_000
    )
    page.get_by_role("button", name="Annuler").click()
    expect(page.get_by_text("Import annulé : aucune proposition n'a été ajoutée.")).to_be_visible()
    expect(page.get_by_text("Une navette le dimanche soir")).to_have_count(0)


def test_a_file_without_a_proposition_column_is_refused_in_french(
    server, new_context, facilitator_state
):
    page = new_context("laptop", storage_state=facilitator_state).new_page()
    open_proposals(page, server)
    upload(page, "idees.csv", "idée;A\r\nUn bus;B\r\n".encode())
    status = page.locator("#job-status")
    expect(status).to_contain_text("Ce travail n’a pas abouti", timeout=30_000)
    expect(status).to_contain_text("Aucune colonne de propositions dans ce fichier.")
    expect(status).to_contain_text("Colonnes trouvées : « idée », « A ».")
    assert_accessible(page, "proposals import job, refused")
    page.get_by_role("link", name="Retour").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Propositions")
    expect(page.get_by_text("Un bus", exact=True)).to_have_count(0)
