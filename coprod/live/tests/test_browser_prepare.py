"""End to end, issue 18: a facilitator prepares a workshop of their own from nothing, runs it
and closes it with documents that read right.

In the browser only: a new démarche with its territory and two priority items (an empty one is
refused in French), a workshop of that démarche with the seed's running order, the
proposals collected beforehand imported from a spreadsheet (a file without a proposition column
is refused first, and creates nothing). Then the workshop runs: a phone joins with the code
and gives its mood, the imported proposals are grouped on the console's card board, a
synthesis is validated by the room, and the workshop ends. The restitution comes out as PDF,
ODT and DOCX, each read back: A4 paper, every heading numbered once with a space after its
number, the mood once, no row of « — » for an empty field.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from coprod.testing.browser import LiveRegion, assert_accessible, screenshot
from coprod.testing.documents import empty_field_rows, headings_titled, page_sizes_cm, read_back
from coprod.testing.themes import THEMES

from .test_browser import STEP_3, STEP_4, expect_step, join, open_console, wait_connected
from .test_browser_console import drive, press
from .test_browser_synthesis import answer_vote

pytestmark = pytest.mark.browser

CONSOLE = {"width": 1440, "height": 900}
TITLE = "Mobilité et services dans les villages 2027"
ITEMS = [
    "Porter une attention aux publics sans transports",
    "Maintenir les services de proximité dans les villages",
]
TRANSPORT, SHOPS = THEMES["transport"], THEMES["shops"]
A4 = {(21.0, 29.7)}


def collected_beforehand() -> bytes:
    """The spreadsheet a facilitator brings: a header, an item per proposal, a row without one."""
    rows = ["Proposition;Item"]
    rows += [f"{text};1" for text in TRANSPORT[:3]]
    rows.append(";2")
    rows += [f"{text};2" for text in SHOPS[:3]]
    return "\r\n".join(rows).encode("utf-8-sig")


def upload(page, name: str, body: bytes) -> None:
    page.get_by_label("Fichier CSV, XLSX ou ODS").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": body}
    )
    page.get_by_role("button", name="Voir l'aperçu").click()


def download(page, restitution: str, label: str) -> bytes:
    """A format from the restitution page: its document is prepared by the worker, then
    downloaded from its own page."""
    page.goto(restitution)
    page.get_by_role("link", name=label, exact=True).click()
    with page.expect_download(timeout=60_000) as waiting:
        page.get_by_role("link", name=re.compile("^Télécharger restitution-")).click(timeout=60_000)
    return Path(waiting.value.path()).read_bytes()


def test_a_workshop_prepared_from_nothing_ends_in_documents_that_read_right(
    server, new_context, facilitator_state
):
    laptop = new_context("laptop", storage_state=facilitator_state, viewport=CONSOLE)
    page = laptop.new_page()

    # The démarche and its priority items.
    page.goto(f"{server.url}/demarches/")
    page.get_by_role("link", name="Nouvelle démarche").click()
    page.get_by_label("Titre", exact=True).fill(TITLE)
    page.get_by_label("Territoire (facultatif)", exact=True).fill("Communauté de communes du Vexin")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    item = page.get_by_label("Intitulé de l'item")
    item.fill("   ")
    item.press("Enter")
    expect(page.get_by_text("Écrivez l'intitulé de l'item plébiscité.")).to_be_visible()
    for text in ITEMS:
        page.get_by_label("Intitulé de l'item").fill(text)
        page.get_by_label("Intitulé de l'item").press("Enter")
        expect(page.get_by_text("Item ajouté.")).to_be_visible()
    assert_accessible(page, "a new process with its items")

    # A workshop of that démarche, with the seed's running order.
    page.get_by_role("link", name="Préparer un atelier de cette démarche").click()
    expect(page.locator("#id_process option:checked")).to_have_text(TITLE)
    page.get_by_label("Titre", exact=True).fill("Atelier 1 — Se déplacer sans voiture")
    page.get_by_label("Question de l'atelier").fill("Comment mieux se déplacer sans voiture ?")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page).to_have_url(re.compile(r"/ateliers/\d+/deroule/$"))
    steps = page.get_by_role("heading", level=2, name=re.compile(r"^\d\d:\d\d — "))
    expect(steps).to_have_count(9)
    expect(steps.nth(1)).to_contain_text("Tour de table")
    workshop = int(re.search(r"/ateliers/(\d+)/", page.url).group(1))
    page.goto(f"{server.url}/ateliers/{workshop}/")
    items = page.get_by_role("heading", name="Items plébiscités").locator("+ ul li")
    expect(items).to_have_text(ITEMS)
    code = page.locator("dd.code").inner_text().strip()

    # The proposals collected beforehand: nonsense refused, then the real file previewed.
    page.goto(f"{server.url}/ateliers/{workshop}/propositions/")
    upload(page, "export.csv", "idée;A\r\nmarché;oui\r\n".encode())
    expect(page.get_by_text("Aucune colonne de propositions dans ce fichier.")).to_be_visible(
        timeout=30_000
    )
    page.goto(f"{server.url}/ateliers/{workshop}/propositions/")
    expect(page.get_by_role("heading", name="6 propositions")).to_have_count(0)
    upload(page, "avant-atelier.csv", collected_beforehand())
    expect(page.get_by_role("heading", name="6 propositions à importer")).to_be_visible(
        timeout=30_000
    )
    expect(page.locator("#import-skipped li")).to_have_text(["Ligne 5 : proposition vide."])
    page.get_by_role("button", name="Importer 6 propositions").click()
    expect(page.locator("#job-status")).to_contain_text("6 propositions ajoutées.", timeout=30_000)

    # The workshop runs: one phone joins and gives its mood.
    console = open_console(laptop, server.url, workshop)
    announced = LiveRegion(console, "#console-announce")
    drive(console, "Commencer l'atelier")
    phone = new_context("phone").new_page()
    phone.goto(f"{server.url}/j/{code}/")
    join(phone, "Alice Martin", "Mairie de Marines", "")
    wait_connected(phone)
    for _ in range(2):
        drive(console, "Séquence suivante →")
    expect_step([(console, "console"), (phone, "phone")], STEP_3)
    phone.get_by_role("button", name="Bien", exact=True).click()
    expect(phone.get_by_role("button", name="Bien", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    drive(console, "Séquence suivante →")
    expect_step([(console, "console")], STEP_4)

    # The imported proposals, grouped on the card board; the room validates a synthesis.
    groups = console.locator("#console-groups")
    press(console, groups.get_by_role("button", name="Regrouper les propositions proches"))
    board = groups.locator(".card-board")
    transport = board.locator("section.board-column").filter(
        has=console.locator(".board-card", has_text=TRANSPORT[0])
    )
    expect(transport).to_have_count(1)
    expect(transport.locator(".group-name")).to_have_text(re.compile(r"^Groupe \d+$"))
    assert_accessible(console, "console, imported proposals grouped")
    screenshot(console, "prepared-workshop-grouped", full_page=True)
    synthesis = transport.get_by_label("Phrase de synthèse").input_value()
    press(console, transport.get_by_role("button", name="Ouvrir le vote de validation"))
    answer_vote(phone, "Pour")
    vote = console.locator("#console-votes .console-vote")
    expect(vote).to_have_attribute("data-voters", "1")
    press(console, vote.get_by_role("button", name="Clore le vote"))
    announced.expect_said("Vote clos : la synthèse est validée.")
    console.once("dialog", lambda dialog: dialog.accept())
    console.get_by_role("button", name="Terminer l'atelier").click()
    expect(phone.locator("#phone-live h1")).to_have_text("L'atelier est terminé")

    # The documents, read back as their readers open them.
    restitution = f"{server.url}/ateliers/{workshop}/restitution/"
    for fmt, label in (("pdf", "PDF"), ("odt", "ODT (LibreOffice)"), ("docx", "DOCX (Word)")):
        data = download(page, restitution, label)
        assert page_sizes_cm(fmt, data) == A4, fmt
        headings, lines = read_back(fmt, data)
        assert len(headings_titled(headings, "Comment ça va ?")) == 1, fmt
        assert empty_field_rows(lines) == [], fmt
        text = " ".join(lines)
        assert synthesis in " ".join(text.split()), fmt
        assert "1 réponse anonyme." in text, fmt
