"""End to end, issue 17: no text typed on a phone is lost silently, on a real `coprod serve`.

The three cases seen on the walkthrough: a slow proposal send (the request is held in the
browser's network by `page.route` until the test lets it go: a real slow send, nothing of ours
mocked), a refused testimony, and an error on one orientation vote while the next one is
answered. Plus the focus after a vote, and axe-core on every state.

The tests share the module's server and run in order along the seed's agenda (mood, proposals,
existing actions, orientation); each one walks the console on to the step it needs.
"""

import re

import pytest
from playwright.sync_api import expect

from coprod.testing.browser import assert_accessible, screenshot

from .test_browser import PUSH, STEP_3, STEP_4, idle, join, open_console, step_title, wait_connected

pytestmark = pytest.mark.browser

STEP_5 = "Expériences et actions déjà existantes"
STEP_6 = "Conjonctures favorables"
STEP_7 = "Supports ou nouveau ?"
KEPT = "Ce que vous avez écrit pendant l’envoi est gardé ici : il n’est pas encore envoyé."
FIRST = "Un minibus le jour du marché pour les villages sans commerce"
SECOND = "Une permanence emploi itinérante dans les mairies"


def starts(text: str) -> re.Pattern:
    return re.compile("^" + re.escape(text))


def go_to(console, title: str) -> None:
    """Start the workshop if needed, then « Séquence suivante » until `title` is under way."""
    start = console.locator("#console-live").get_by_role("button", name="Commencer l'atelier")
    if start.count():
        start.click()
        expect(step_title(console, "console")).not_to_have_text("")
    for _ in range(9):
        idle(console)
        current = step_title(console, "console").inner_text()
        if current == title:
            return
        console.locator("#console-live").get_by_role(
            "button", name="Séquence suivante →", exact=True
        ).click()
        expect(step_title(console, "console")).not_to_have_text(current, timeout=PUSH)
    raise AssertionError(f"step « {title} » not reached")


def phone_joined(new_context, server, name: str):
    phone = new_context("phone").new_page()
    phone.goto(f"{server.url}/j/{server.demo['join_code']}/")
    join(phone, name, "Mairie de Vigny", "")
    wait_connected(phone)
    return phone


@pytest.fixture(scope="module")
def laptop(browser, facilitator_state):
    context = browser.new_context(
        storage_state=facilitator_state, locale="fr-FR", timezone_id="Europe/Paris"
    )
    yield context
    context.close()


@pytest.fixture(scope="module")
def console(laptop, server):
    return open_console(laptop, server.url, server.demo["workshop"])


@pytest.fixture(scope="module")
def presented(laptop, server):
    """One action of the demo's catalogue on the board (the orientation votes offer it)."""
    page = laptop.new_page()
    page.goto(f"{server.url}/ateliers/{server.demo['workshop']}/actions-presentees/")
    page.get_by_label("Chercher dans le catalogue").fill("epicerie")
    page.get_by_role("button", name="Chercher").click()
    box = page.get_by_role("checkbox", name=re.compile("Épicerie itinérante")).first
    title = box.evaluate("el => el.labels[0].firstChild.textContent.trim()")
    box.check()
    page.get_by_role("button", name="Ajouter à la présentation").click()
    shown = page.locator(".presentations > li").first
    shown.get_by_role("button", name=re.compile("^Afficher à l'écran")).click()
    expect(shown.locator(".status")).to_have_text("à l'écran")
    page.close()
    return title


def test_focus_stays_on_the_mood_pressed_with_the_keyboard(server, new_context, console):
    go_to(console, STEP_3)
    phone = phone_joined(new_context, server, "Chantal Roux")
    good = phone.get_by_role("button", name="Bien", exact=True)
    good.focus()
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("status")).to_contain_text("Merci, votre réponse est enregistrée.")
    expect(good).to_have_attribute("aria-pressed", "true")
    expect(good).to_be_focused()
    assert_accessible(phone, "phone, mood answered with the keyboard")


def test_a_slow_proposal_send_keeps_what_is_typed_meanwhile(server, new_context, console):
    go_to(console, STEP_4)
    phone = phone_joined(new_context, server, "Alice Martin")
    held = []  # the proposal's POST waits here, in the browser's network, until let go

    def hold(route):
        if route.request.method == "POST":
            held.append(route)
        else:
            route.continue_()

    phone.route("**/propositions/", hold)
    text = phone.get_by_label("Votre proposition")
    send = phone.get_by_role("button", name="Envoyer ma proposition")
    text.fill(FIRST)
    send.click()
    # On its way: the button says so and keeps the focus; a second tap sends nothing more.
    expect(send).to_be_disabled()
    expect(send).to_be_focused()
    while not held:
        phone.wait_for_timeout(20)
    send.click(force=True)
    # The person goes on typing the next proposal while the first one travels.
    text.click()
    text.press("Control+A")
    text.press_sequentially(SECOND)
    assert_accessible(phone, "phone, proposal on its way")
    held.pop().continue_()
    expect(phone.get_by_role("status").filter(has_text="Merci")).to_have_text(
        "Merci, votre proposition est enregistrée."
    )
    expect(phone.locator(".personal li")).to_have_text([starts(FIRST)])
    expect(text).to_have_value(SECOND)
    expect(text).to_be_focused()
    expect(phone.locator(".kept-typing")).to_have_text(KEPT)
    expect(send).to_be_enabled()
    assert held == []  # the second tap was never sent
    assert_accessible(phone, "phone, proposal saved, the next one kept")
    screenshot(phone, "forms-proposal-typed-during-send", full_page=True)

    # The connection drops during the next send: the text stays, the button comes back.
    send.click()
    while not held:
        phone.wait_for_timeout(20)
    held.pop().abort("connectionfailed")
    expect(phone.locator("#net-status")).to_contain_text("Connexion perdue")
    expect(send).to_be_enabled()
    expect(text).to_have_value(SECOND)
    phone.unroute("**/propositions/")
    send.click()
    expect(phone.locator(".personal li")).to_have_text([starts(FIRST), starts(SECOND)])
    expect(text).to_have_value("")
    expect(phone.locator("#net-status")).to_have_text("")


def test_a_refused_testimony_keeps_its_text_beside_its_error(
    server, new_context, console, presented
):
    go_to(console, STEP_5)
    phone = phone_joined(new_context, server, "Bruno Lefèvre")
    phone.get_by_role("button", name="Je témoigne de cette action").click()
    phone.get_by_label("Partenaires").fill("La mairie et le centre social")
    phone.get_by_label("Contenu").fill("Produits du quotidien, pain, produits locaux")

    # The facilitator moves on before Bruno sends: refused, and nothing he wrote is lost.
    go_to(console, STEP_6)
    expect(step_title(phone, "phone")).to_have_text(STEP_6, timeout=PUSH)
    phone.get_by_role("button", name="Enregistrer mon témoignage").click()
    error = phone.locator("#testimony-error")
    expect(error).to_have_text(
        "Les témoignages se donnent pendant la séquence des actions existantes."
    )
    expect(error).to_have_attribute("role", "alert")
    form = phone.locator("form[data-keep-draft]")
    expect(form.locator("fieldset")).to_have_attribute("aria-describedby", "testimony-error")
    expect(phone.get_by_label("Partenaires")).to_have_value("La mairie et le centre social")
    expect(phone.get_by_label("Contenu")).to_have_value(
        "Produits du quotidien, pain, produits locaux"
    )
    expect(phone.get_by_role("button", name="Enregistrer mon témoignage")).to_be_focused()
    # The step's own form is still there, next to the refused one.
    expect(phone.get_by_role("button", name="Envoyer le levier")).to_be_visible()
    assert_accessible(phone, "phone, testimony refused")
    screenshot(phone, "forms-testimony-refused", full_page=True)

    # The page changes again: the refused text, saved nowhere, still stays on screen.
    go_to(console, STEP_7)
    expect(step_title(phone, "phone")).to_have_text(STEP_7, timeout=PUSH)
    expect(phone.get_by_label("Partenaires")).to_have_value("La mairie et le centre social")


def test_an_orientation_error_stays_while_the_next_is_answered(
    server, new_context, console, laptop, presented
):
    go_to(console, STEP_7)
    phone = phone_joined(new_context, server, "Carla Dupont")
    admin = laptop.new_page()
    admin.goto(f"{server.url}/ateliers/{server.demo['workshop']}/orientation/")
    admin.get_by_role("button", name="Ouvrir le vote d'orientation").click()
    expect(admin.get_by_role("status")).to_have_text(
        "Vote d'orientation ouvert sur les téléphones."
    )
    sections = phone.locator("#phone-live section.orientation")
    expect(sections).to_have_count(3, timeout=PUSH)
    first, second = sections.nth(0), sections.nth(1)

    # The first: « build on the existing » without saying on what: refused, beside the boxes.
    first.get_by_label("S'appuyer sur l'existant").check()
    first.get_by_role("button", name="Envoyer ma réponse").click()
    refusal = first.get_by_role("alert")
    expect(refusal).to_have_text("Cochez au moins une action sur laquelle vous appuyer.")
    action = first.get_by_role("checkbox", name=presented)
    expect(action).to_have_attribute("aria-invalid", "true")

    # The second is answered meanwhile: the first keeps its error and its choice.
    second.get_by_label("Développer du nouveau").check()
    second.get_by_role("button", name="Envoyer ma réponse").click()
    expect(second.get_by_role("status")).to_contain_text("Merci, votre réponse est enregistrée.")
    expect(second.get_by_role("button", name="Changer ma réponse")).to_be_focused()
    expect(refusal).to_have_text("Cochez au moins une action sur laquelle vous appuyer.")
    expect(first.get_by_label("S'appuyer sur l'existant")).to_be_checked()
    assert_accessible(phone, "phone, one orientation refused, another answered")

    # Fixed with the keyboard alone: counted too, and the focus stays on its button.
    action.focus()
    phone.keyboard.press("Space")
    send_first = first.get_by_role("button", name="Envoyer ma réponse")
    send_first.focus()
    phone.keyboard.press("Enter")
    expect(first.get_by_role("status")).to_contain_text("Merci, votre réponse est enregistrée.")
    expect(first.get_by_role("button", name="Changer ma réponse")).to_be_focused()
    expect(first.get_by_role("alert")).to_have_count(0)
    assert_accessible(phone, "phone, both orientations answered")

    admin.reload()
    tallies = admin.locator(".orientation-admin .tally")
    expect(tallies.nth(0)).to_have_attribute("data-voters", "1")
    expect(tallies.nth(1)).to_have_attribute("data-voters", "1")
    expect(tallies.nth(2)).to_have_attribute("data-voters", "0")
    assert_accessible(admin, "orientation page, tallies")
