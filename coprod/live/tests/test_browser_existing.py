"""End to end, issue 4 (steps 5–7 of the seed) on a real `coprod serve`: existing actions
presented one at a time with a witness's testimony, a lever with its deadline, and the
orientation vote confirmed by the facilitator. Two phones, the board, the facilitator's laptop.

The actions are created through the catalogue's own form: the server has its own database.
Every new page and state passes axe-core; live changes are awaited with `expect`, never sleeps.
"""

import re

import pytest
from playwright.sync_api import expect

from coprod.testing.browser import assert_accessible, assert_not_reloaded, mark_page, screenshot

from .test_browser import PUSH, act, join, open_console, wait_connected

pytestmark = pytest.mark.browser

STEP_5 = "Expériences et actions déjà existantes"
STEP_6 = "Conjonctures favorables"
STEP_7 = "Supports ou nouveau ?"
ACTIONS = [
    (
        "Épicerie itinérante solidaire",
        "Association Le Panier des villages",
        "Un camion-épicerie passe chaque semaine dans dix villages sans commerce.",
    ),
    (
        "Transport à la demande vers les marchés",
        "Communauté de communes",
        "Un minibus réservé la veille dessert les bourgs sans ligne régulière.",
    ),
]
TESTIMONY = {
    "Partenaires": "Les producteurs locaux et le centre social",
    "Mise en œuvre": "Depuis 2021, une tournée le mardi et le vendredi",
    "Contenu": "Produits du quotidien, pain, produits locaux",
    "Lien avec la problématique": "Les personnes âgées sans voiture font leurs courses au village",
}
LEVER = "Appel à projets « mobilité rurale » de la Région"


def add_to_catalogue(page, title: str, organisation: str, description: str) -> None:
    page.get_by_role("link", name="Ajouter une action au catalogue").click()
    page.get_by_label("Titre", exact=True).fill(title)
    page.get_by_label("Structure porteuse").fill(organisation)
    page.get_by_label("Description").fill(description)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".messages")).to_contain_text("Action ajoutée au catalogue.")


def test_existing_actions_testimony_lever_and_orientation_live(
    server, new_context, facilitator_state
):
    url, workshop, code = server.url, server.demo["workshop"], server.demo["join_code"]
    laptop = new_context("laptop", storage_state=facilitator_state)

    # The facilitator adds two actions to the catalogue, then picks them for the workshop.
    page = laptop.new_page()
    presentations = f"{url}/ateliers/{workshop}/actions-presentees/"
    page.goto(presentations)
    expect(page.get_by_role("heading", level=1)).to_have_text("Actions existantes présentées")
    assert_accessible(page, "presentations page, nothing chosen")
    for title, organisation, description in ACTIONS:
        page.goto(presentations)
        add_to_catalogue(page, title, organisation, description)
    page.goto(presentations)
    page.get_by_label("Chercher dans le catalogue").fill("epicerie")
    page.get_by_role("button", name="Chercher").click()
    # The demo's catalogue holds examples too: « [Exemple] Épicerie itinérante solidaire ».
    expect(page.get_by_role("checkbox", name=re.compile(f"^{ACTIONS[0][0]}"))).to_have_count(1)
    expect(page.get_by_role("checkbox", name=re.compile(f"^{ACTIONS[1][0]}"))).to_have_count(0)
    page.goto(presentations)
    for title, _organisation, _description in ACTIONS:
        page.get_by_role("checkbox", name=re.compile(f"^{re.escape(title)}")).check()
    page.get_by_role("button", name="Ajouter à la présentation").click()
    expect(page.locator(".messages")).to_contain_text("2 actions ajoutées à la présentation.")
    expect(page.locator("#presented-list-title")).to_have_text("2 actions à présenter")
    assert_accessible(page, "presentations page, two actions chosen")

    # The board, the console up to step 5, and two phones.
    setup = laptop.new_page()
    setup.goto(f"{url}/ateliers/{workshop}/")
    board_link = setup.locator("a[href*='cle=']").first.get_attribute("href")
    board = new_context("board").new_page()
    board.goto(f"{url}{board_link}")
    wait_connected(board)
    mark_page(board)
    console = open_console(laptop, url, workshop)
    act(console, "Commencer l'atelier")
    for _ in range(4):
        expect(console.locator("#console-live .htmx-request")).to_have_count(0)
        act(console, "Séquence suivante →")
    board_live = board.locator("#board-live")
    expect(board_live.locator(".step-title")).to_have_text(STEP_5, timeout=PUSH)
    expect(board_live).to_contain_text("Les actions existantes s'affichent ici une à une.")
    phones = []
    for name, organisation in (("Alice Martin", "Mairie de Vigny"), ("Bruno Lefèvre", "CCAS")):
        phone = new_context("phone").new_page()
        phone.goto(f"{url}/j/{code}/")
        join(phone, name, organisation, "")
        expect(phone.locator("#phone-live .step-title")).to_have_text(STEP_5)
        wait_connected(phone)
        phones.append(phone)
    alice, bruno = phones
    expect(alice.locator("#phone-live")).to_contain_text("L'animateur va afficher au tableau")

    # « Afficher à l'écran »: the board and the phones show the action, without a reload.
    page.reload()
    first = page.locator(".presentations > li").first
    first.get_by_role("button", name=re.compile("^Afficher à l'écran")).click()
    expect(page.get_by_role("status").filter(has_text="est à l'écran")).to_have_text(
        f"« {ACTIONS[0][0]} » est à l'écran."
    )
    expect(first.locator(".status")).to_have_text("à l'écran")
    presented = board_live.locator(".presented-action")
    expect(presented.get_by_role("heading", level=2)).to_have_text(ACTIONS[0][0], timeout=PUSH)
    expect(presented).to_contain_text(ACTIONS[0][1])
    expect(presented).to_contain_text(ACTIONS[0][2])
    expect(presented).to_contain_text("en cours")
    assert_not_reloaded(board)
    assert_accessible(board, "board, action on screen")
    assert_accessible(page, "presentations page, action on screen")
    screenshot(board, "existing-board-action")
    for phone in phones:
        expect(phone.locator("#phone-live .action-title")).to_contain_text(
            ACTIONS[0][0], timeout=PUSH
        )

    # Alice testifies with the structured form; the focus lands in its first field.
    alice.get_by_role("button", name="Je témoigne de cette action").click()
    expect(alice.get_by_label("Partenaires")).to_be_focused()
    assert_accessible(alice, "phone, testimony form")
    for label, text in TESTIMONY.items():
        alice.get_by_label(label).fill(text)
    alice.get_by_role("button", name="Enregistrer mon témoignage").click()
    expect(alice.get_by_role("status")).to_have_text(
        "Merci, votre témoignage est enregistré. Vous pouvez le modifier pendant la séquence."
    )
    assert_accessible(alice, "phone, testimony saved")
    screenshot(alice, "existing-phone-testimony", full_page=True)
    card = presented.locator(".testimony-card")
    expect(card).to_contain_text("Alice Martin", timeout=PUSH)
    for text in TESTIMONY.values():
        expect(card).to_contain_text(text)
    expect(presented.locator(".testimonies")).to_have_attribute("data-count", "1")
    assert_not_reloaded(board)
    assert_accessible(board, "board, testimony")
    screenshot(board, "existing-board-testimony")

    # Bruno starts a testimony on the first action; the facilitator moves on meanwhile.
    bruno.get_by_role("button", name="Je témoigne de cette action").click()
    bruno.get_by_label("Partenaires").fill("La mairie et le centre social")

    # « Action suivante »: the second action replaces the first everywhere.
    next_button = page.locator("#next-action")
    next_button.click()
    expect(page.get_by_role("status").filter(has_text="est à l'écran")).to_have_text(
        f"« {ACTIONS[1][0]} » est à l'écran."
    )
    expect(page.locator("#next-action")).to_be_focused()
    expect(presented.get_by_role("heading", level=2)).to_have_text(ACTIONS[1][0], timeout=PUSH)
    expect(alice.locator("#phone-live .action-title")).to_contain_text(ACTIONS[1][0], timeout=PUSH)
    expect(alice.get_by_role("button", name="Je témoigne de cette action")).to_be_visible()
    # What Bruno typed is still there, about the first action, and reaches it.
    expect(bruno.locator("#phone-live .draft")).to_contain_text(
        f"votre témoignage sur « {ACTIONS[0][0]} » reste ici", timeout=PUSH
    )
    expect(bruno.get_by_label("Partenaires")).to_have_value("La mairie et le centre social")
    bruno.get_by_role("button", name="Enregistrer mon témoignage").click()
    expect(bruno.get_by_role("status")).to_have_text(
        f"Merci, votre témoignage sur « {ACTIONS[0][0]} » est enregistré."
    )
    expect(bruno.locator("#phone-live .draft")).to_have_count(0)
    expect(bruno.locator("#phone-live .action-title")).to_contain_text(ACTIONS[1][0])
    assert_accessible(bruno, "phone, testimony sent after the action changed")

    # Step 6: Bruno adds a lever with a deadline; the board lists it by type.
    act(console, "Séquence suivante →")
    expect(board_live.locator(".step-title")).to_have_text(STEP_6, timeout=PUSH)
    expect(bruno.locator("#phone-live")).to_contain_text(
        "Proposez un levier favorable", timeout=PUSH
    )
    assert_accessible(bruno, "phone, lever form")
    bruno.get_by_label("Type de levier").select_option(label="appel à projets ou financement")
    bruno.get_by_label("Le levier").fill(LEVER)
    bruno.get_by_label("Date ou échéance").fill("2030-06-30")
    bruno.get_by_label("Source").fill("Site de la Région")
    bruno.get_by_role("checkbox", name=ACTIONS[1][0], exact=True).check()
    bruno.get_by_role("button", name="Envoyer le levier").click()
    expect(bruno.get_by_role("status")).to_have_text(
        "Merci, votre levier est enregistré. Vous pouvez en proposer un autre."
    )
    expect(bruno.locator(".my-levers")).to_contain_text(LEVER)
    assert_accessible(bruno, "phone, lever saved")
    group = board_live.locator(".lever-group[data-kind=funding]")
    expect(group).to_contain_text(LEVER, timeout=PUSH)
    expect(group.locator(".due")).to_have_text("30/06/2030")
    expect(group.get_by_role("heading")).to_have_text("Appel à projets ou financement")
    assert_not_reloaded(board)
    assert_accessible(board, "board, levers")
    screenshot(board, "existing-board-levers")
    levers = laptop.new_page()
    levers.goto(f"{url}/ateliers/{workshop}/leviers/")
    expect(levers.locator(".lever-list")).to_contain_text(LEVER)
    assert_accessible(levers, "levers page")

    # Step 7: the orientation vote on the phones, then the facilitator's decision.
    act(console, "Séquence suivante →")
    expect(board_live.locator(".step-title")).to_have_text(STEP_7, timeout=PUSH)
    orientation = laptop.new_page()
    orientation.goto(f"{url}/ateliers/{workshop}/orientation/")
    assert_accessible(orientation, "orientation page, not open")
    orientation.get_by_role("button", name="Ouvrir le vote d'orientation").click()
    expect(orientation.get_by_role("status")).to_have_text(
        "Vote d'orientation ouvert sur les téléphones."
    )
    expect(orientation.locator("#open-orientations")).to_be_focused()
    section = alice.locator("#phone-live section.orientation").first
    expect(section.get_by_role("heading")).to_have_text(
        "S'appuyer sur l'existant ou développer du nouveau ?", timeout=PUSH
    )
    assert_accessible(alice, "phone, orientation vote")
    section.get_by_label("S'appuyer sur l'existant").check()
    section.get_by_role("button", name="Envoyer ma réponse").click()
    expect(alice.get_by_role("alert")).to_contain_text("Cochez au moins une action")
    assert_accessible(alice, "phone, orientation error")
    section = alice.locator("#phone-live section.orientation").first
    expect(section.get_by_label("S'appuyer sur l'existant")).to_be_checked()
    section.get_by_label(ACTIONS[0][0], exact=True).check()
    section.get_by_role("button", name="Envoyer ma réponse").click()
    expect(alice.get_by_role("status")).to_contain_text("Merci, votre réponse est enregistrée.")
    other = bruno.locator("#phone-live section.orientation").first
    expect(other.get_by_role("heading")).to_be_visible(timeout=PUSH)
    other.get_by_label("Développer du nouveau").check()
    other.get_by_role("button", name="Envoyer ma réponse").click()
    expect(bruno.get_by_role("status")).to_contain_text("Merci, votre réponse est enregistrée.")
    result = board_live.locator(".orientation-result").first
    expect(result).to_have_attribute("data-voters", "2", timeout=PUSH)
    expect(result).to_contain_text("s'appuyer sur l'existant : 1 (50 %)")
    expect(result).to_contain_text(f"{ACTIONS[0][0]} : 1 voix")
    for name in ("Alice Martin", "Bruno Lefèvre"):
        expect(board.locator("#board-live")).not_to_contain_text(name)
    assert_accessible(board, "board, orientation tally")

    orientation.reload()
    admin = orientation.locator(".orientation-admin").first
    expect(admin.locator(".tally")).to_contain_text("2 réponses")
    admin.get_by_label("S'appuyer sur des actions existantes").check()
    admin.get_by_role("checkbox", name=ACTIONS[0][0], exact=True).check()
    admin.get_by_role("button", name=re.compile("^Confirmer la décision")).click()
    expect(orientation.get_by_role("status").first).to_have_text(
        "Décision enregistrée pour la construction du projet."
    )
    admin = orientation.locator(".orientation-admin").first
    expect(admin.locator(".decision")).to_contain_text(ACTIONS[0][0])
    assert_accessible(orientation, "orientation page, decided")
    expect(result.locator(".decision")).to_contain_text(
        f"Décision : s'appuyer sur des actions existantes — {ACTIONS[0][0]}", timeout=PUSH
    )
    assert_not_reloaded(board)
    assert_accessible(board, "board, orientation decided")
    screenshot(board, "existing-board-orientation")
