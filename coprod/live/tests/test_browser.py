"""End to end: a facilitator's laptop, two phones and a projector on a real `coprod serve`.

Every check of a live change waits for it with Playwright's `expect` (no sleeps), and checks
that the page was not reloaded to get it: a value left in `window` must survive.
"""

import re

import pytest
from playwright.sync_api import expect

from coprod.testing.browser import (
    assert_accessible,
    assert_not_reloaded,
    log_in,
    mark_page,
    screenshot,
)

# The whole live session (board, phones, console, reconnections, a restart): CI runs it with the
# stock server too; every other browser test runs with the tuned one only, for time.
pytestmark = [pytest.mark.browser, pytest.mark.stock_browser]

# How long a pushed change may take to show on every screen (milliseconds).
PUSH = 3_000
# How long a page may take to come back after its connection or the server came back.
RECONNECT = 20_000

STEP_1 = "Se connaître et poser les bases"
STEP_2 = "Tour de table"
STEP_3 = "Comment ça va ?"
STEP_4 = "Propositions pour améliorer la situation"

REGION = {"board": "#board-live", "phone": "#phone-live", "console": "#console-live"}


# --- Helpers ------------------------------------------------------------------------------------


def join(page, name: str, organisation: str, link: str) -> None:
    """Fill the round-table card, accept the charter, join."""
    page.get_by_label("Votre nom").fill(name)
    page.get_by_label("Votre structure").fill(organisation)
    page.get_by_label("Votre lien avec la thématique").fill(link)
    page.get_by_label("J'ai lu les règles du jeu et je les accepte.").check()
    page.get_by_role("button", name="Rejoindre l'atelier").click()
    expect(page).to_have_url(re.compile(r"/p/\d+/$"))


def wait_connected(page) -> None:
    expect(page.locator("html")).to_have_attribute("data-live", "connected")


def step_title(page, region: str):
    return page.locator(f"{REGION[region]} .step-title")


def timer(page, region: str):
    return page.locator(f"{REGION[region]} .timer")


def control(console, name: str):
    return console.locator("#console-live").get_by_role("button", name=name, exact=True)


def idle(console) -> None:
    """No console request in flight and no swap settling: a key press now reaches a live button."""
    expect(console.locator(".htmx-request, .htmx-settling, .htmx-added")).to_have_count(0)


def act(console, name: str) -> None:
    idle(console)
    control(console, name).click()


def expect_step(screens, title: str, position: int | None = None, timeout: int = PUSH) -> None:
    for page, region in screens:
        expect(step_title(page, region)).to_have_text(title, timeout=timeout)
        if position is not None and region != "console":
            expect(page.locator(f"{REGION[region]} .step-count")).to_have_text(
                f"Séquence {position} sur 9", timeout=timeout
            )


def create_workshop(page, base_url: str, title: str) -> dict:
    """Prepare a workshop with the seed's running order through the form; its id and code."""
    page.goto(f"{base_url}/ateliers/nouveau/")
    page.locator("#id_process").select_option(index=1)
    page.get_by_label("Titre").fill(title)
    page.get_by_label("Question de l'atelier").fill("Comment mieux se déplacer sans voiture ?")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page).to_have_url(re.compile(r"/ateliers/\d+/deroule/$"))
    workshop = int(re.search(r"/ateliers/(\d+)/", page.url).group(1))
    page.goto(f"{base_url}/ateliers/{workshop}/")
    code = page.locator("dd.code").inner_text().strip()
    board = page.locator("a[href*='cle=']").first.get_attribute("href")
    return {"id": workshop, "code": code, "board": f"{base_url}{board}"}


def tab_to(page, locator, limit: int = 60) -> None:
    """Press Tab until `locator` has the focus: it is reachable with the keyboard."""
    for _ in range(limit):
        if locator.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{locator} cannot be reached with Tab")


def open_console(browser_context, base_url: str, workshop: int):
    page = browser_context.new_page()
    page.goto(f"{base_url}/animer/{workshop}/")
    wait_connected(page)
    return page


# --- The live session -----------------------------------------------------------------------


def test_live_session_reaches_phones_and_board_without_reload(server, new_context):
    url, demo = server.url, server.demo
    workshop, code = demo["workshop"], demo["join_code"]

    # The facilitator signs in on the laptop and finds the board link on the workshop page.
    console = new_context("laptop").new_page()
    log_in(console, server)
    console.get_by_role("link", name=re.compile("Atelier 4")).click()
    expect(console).to_have_url(f"{url}/ateliers/{workshop}/")
    board_link = console.locator("a[href*='cle=']").first.get_attribute("href")
    console.get_by_role("link", name="Animer l'atelier").click()
    expect(console).to_have_url(f"{url}/animer/{workshop}/")
    wait_connected(console)
    # Other tests may have joined this workshop already: count from here.
    already = int(re.match(r"\d+", console.locator("#people-title").inner_text()).group())

    # The projector opens the board by its key, without an account.
    board = new_context("board").new_page()
    board.goto(f"{url}{board_link}")
    expect(board.locator(".join .code")).to_have_text(code)
    expect(step_title(board, "board")).to_contain_text("Atelier 4")
    wait_connected(board)

    # Phone 1 types the code on the home page (in lower case); phone 2 scans the QR code.
    phone1 = new_context("phone").new_page()
    phone1.goto(f"{url}/")
    phone1.get_by_label("Code de l'atelier").fill(code.lower())
    phone1.get_by_role("button", name="Continuer").click()
    expect(phone1).to_have_url(f"{url}/j/{code}/")
    join(phone1, "Alice Martin", "Mairie de Vigny", "Élue aux solidarités")
    phone2 = new_context("phone").new_page()
    phone2.goto(f"{url}/j/{code}/")
    join(phone2, "Bruno Lefèvre", "Association Vexin Mobilité", "Transport solidaire")
    phones = [phone1, phone2]
    for page in phones:
        expect(step_title(page, "phone")).to_contain_text("Atelier 4")
        expect(page.locator("#phone-live")).to_contain_text("L'atelier va bientôt commencer.")
        wait_connected(page)
    expect(console.locator("#people-title")).to_have_text(
        f"{already + 2} participants présents", timeout=PUSH
    )
    assert_accessible(phone1, "phone, before the start")
    screenshot(board, "board-waiting")

    for page in [board, *phones]:
        mark_page(page)
    screens = [(board, "board"), (phone1, "phone"), (phone2, "phone"), (console, "console")]
    watchers = screens[:3]

    # Start: every screen shows step 1 and its running timer.
    act(console, "Commencer l'atelier")
    expect_step(screens, STEP_1, position=1)
    for page, region in watchers:
        expect(timer(page, region)).to_have_class(re.compile(r"\brunning\b"), timeout=PUSH)
        expect(timer(page, region).locator("[data-timer-text]")).to_have_text(
            re.compile(r"^(10:00|09:[0-5]\d)$")
        )
    # The countdown runs in the browser from the pushed end time.
    first = timer(phone1, "phone").locator("[data-timer-text]").inner_text()
    expect(timer(phone1, "phone").locator("[data-timer-text]")).not_to_have_text(first)
    expect(board.locator(".charter li").first).to_have_text(
        "Les personnes interviennent à titre personnel"
    )
    assert_accessible(phone1, "phone, introduction")
    assert_accessible(board, "board, introduction")
    screenshot(board, "board-introduction")
    screenshot(phone2, "phone-introduction")

    # Next, previous, next.
    act(console, "Séquence suivante →")
    expect_step(screens, STEP_2, position=2)
    # Screen readers hear the change once, from a separate polite live region.
    expect(phone1.locator("#phone-announce")).to_have_text(f"Nouvelle séquence : {STEP_2}")
    act(console, "← Séquence précédente")
    expect_step(screens, STEP_1, position=1)
    act(console, "Séquence suivante →")
    expect_step(screens, STEP_2, position=2)

    # Round table: the board lists who is there, by organisation.
    roster = board.locator(".roster")
    expect(roster).to_contain_text("Mairie de Vigny : Alice Martin")
    expect(roster).to_contain_text("Association Vexin Mobilité : Bruno Lefèvre")
    # Alice edits her card while the facilitator pauses the timer: her typing survives.
    phone1.get_by_label("Votre lien avec la thématique").fill("Élue, je vois passer le bus vide")
    phone1.get_by_label("Votre lien avec la thématique").focus()

    act(console, "Mettre en pause")
    for page, region in watchers:
        expect(timer(page, region)).to_have_class(re.compile(r"\bpaused\b"), timeout=PUSH)
        expect(timer(page, region)).to_contain_text("en pause")
        expect(timer(page, region)).to_have_attribute("data-remaining", re.compile(r"^\d+$"))
    expect(phone1.get_by_label("Votre lien avec la thématique")).to_have_value(
        "Élue, je vois passer le bus vide"
    )
    expect(phone1.get_by_label("Votre lien avec la thématique")).to_be_focused()

    act(console, "Reprendre le minuteur")
    for page, region in watchers:
        expect(timer(page, region)).to_have_class(re.compile(r"\brunning\b"), timeout=PUSH)
    act(console, "+5 min")
    for page, region in watchers:
        expect(timer(page, region).locator("[data-timer-text]")).to_have_text(
            re.compile(r"^2[45]:[0-5]\d$"), timeout=PUSH
        )
    phone1.get_by_role("button", name="Mettre à jour").click()
    expect(phone1.locator("#phone-live")).to_contain_text("Votre carte est à jour.")

    # Someone without a phone is added by the facilitator: on the board at once.
    console.get_by_label("Nom", exact=True).fill("Chantal Roux")
    console.get_by_label(re.compile(r"^Structure")).fill("Mairie de Vigny")
    console.get_by_role("button", name="Ajouter", exact=True).click()
    expect(console.locator("#console-offline .notice")).to_contain_text("Chantal Roux")
    expect(console.get_by_role("button", name="Ajouter", exact=True)).to_be_focused()
    expect(roster).to_contain_text("Mairie de Vigny : Alice Martin, Chantal Roux", timeout=PUSH)
    expect(board.locator(".panel h2")).to_have_text(f"{already + 3} participants")
    wait_connected(console)

    assert_accessible(phone1, "phone, round table")
    assert_accessible(board, "board, round table")
    screenshot(board, "board-round-table")
    screenshot(phone1, "phone-round-table", full_page=True)

    # Mood check: each phone taps a mood, the board's anonymous tally follows.
    act(console, "Séquence suivante →")
    expect_step(screens, STEP_3, position=3)
    moods = board.locator(".bars")
    expect(board.locator(".panel h2")).to_contain_text("0 réponse")
    phone1.get_by_role("button", name="Bien", exact=True).click()
    expect(phone1.get_by_role("button", name="Bien", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(moods.locator('[data-level="4"] .count')).to_have_text("1", timeout=PUSH)
    phone2.get_by_label("Un mot (facultatif)").fill("Curieux")
    phone2.get_by_role("button", name="Très bien", exact=True).click()
    expect(board.locator(".panel h2")).to_contain_text("2 réponses", timeout=PUSH)
    expect(moods.locator('[data-level="5"] .count')).to_have_text("1")
    expect(board.locator(".words")).to_have_text("curieux")
    assert_accessible(phone1, "phone, mood check")
    screenshot(phone2, "phone-mood")

    # The facilitator enters the mood Chantal gave aloud.
    console.get_by_label("Humeur de Chantal Roux").select_option("2")
    console.locator("#console-live li", has_text="Chantal Roux").get_by_role(
        "button", name="Saisir"
    ).click()
    expect(board.locator(".panel h2")).to_contain_text("3 réponses", timeout=PUSH)
    expect(moods.locator('[data-level="2"] .count')).to_have_text("1")
    expect(console.locator("#console-live .bars")).to_be_visible()
    expect(console.locator('#console-live .bars [data-level="2"] .count')).to_have_text("1")
    assert_accessible(board, "board, mood check")
    assert_accessible(console, "console, mood check")
    screenshot(board, "board-mood")
    screenshot(console, "console", full_page=True)

    for page in [board, *phones]:
        assert_not_reloaded(page)


# --- Keyboard only --------------------------------------------------------------------------


def test_join_with_the_keyboard_only(server, new_context):
    page = new_context("phone").new_page()
    page.goto(f"{server.url}/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Aller au contenu")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Code de l'atelier")).to_be_focused()
    page.keyboard.type(server.demo["join_code"])
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/j/\w{6}/$"))

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Aller au contenu")).to_be_focused()
    page.keyboard.press("Enter")
    for label, text in [("Votre nom", "Denis Moreau"), ("Votre structure", "Centre social")]:
        page.keyboard.press("Tab")
        expect(page.get_by_label(label)).to_be_focused()
        page.keyboard.type(text)
    page.keyboard.press("Tab")
    kind = page.get_by_label("Type de structure")
    expect(kind).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(kind).not_to_have_value("")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Votre lien avec la thématique")).to_be_focused()
    page.keyboard.type("J'accompagne des personnes âgées")
    page.keyboard.press("Tab")
    consent = page.get_by_label("J'accepte que mon nom figure dans la restitution de l'atelier")
    expect(consent).to_be_focused()
    expect(consent).not_to_be_checked()
    page.keyboard.press("Space")
    expect(consent).to_be_checked()
    page.keyboard.press("Tab")
    charter = page.get_by_label("J'ai lu les règles du jeu et je les accepte.")
    expect(charter).to_be_focused()
    page.keyboard.press("Space")
    expect(charter).to_be_checked()
    page.keyboard.press("Tab")  # the information notice, one link away, before joining
    expect(
        page.get_by_role("link", name="Tout savoir sur vos données personnelles")
    ).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Rejoindre l'atelier")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/p/\d+/(#main)?$"))
    expect(page.locator("#phone-live")).to_be_visible()


def test_a_phone_changes_its_card_with_the_keyboard_only(server, new_context):
    """Outside the round table too, the card has a page of its own: consent can be withdrawn."""
    consent_label = "J'accepte que mon nom figure dans la restitution de l'atelier"
    page = new_context("phone").new_page()
    page.goto(f"{server.url}/j/{server.demo['join_code']}/")
    page.get_by_label(consent_label).check()
    join(page, "Lucie Bernard", "Mairie de Vigny", "Élue aux solidarités")

    card_link = page.get_by_role("link", name=re.compile("^Ma carte"))
    tab_to(page, card_link)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/p/\d+/carte/$"))
    assert_accessible(page, "the participant's card")
    screenshot(page, "phone-card", full_page=True)
    expect(page.get_by_label("Votre nom")).to_have_value("Lucie Bernard")
    consent = page.get_by_label(consent_label)
    expect(consent).to_be_checked()
    tab_to(page, consent)
    page.keyboard.press("Space")
    expect(consent).not_to_be_checked()
    tab_to(page, page.get_by_role("button", name="Mettre à jour"))
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/p/\d+/$"))
    expect(page.get_by_role("status").filter(has_text="Votre carte est à jour.")).to_be_visible()
    assert_accessible(page, "phone page after changing the card")
    screenshot(page, "phone-card-saved", full_page=True)
    card_link.click()
    expect(page.get_by_label(consent_label)).not_to_be_checked()


def test_facilitator_drives_the_agenda_with_the_keyboard_only(
    server, new_context, facilitator_state
):
    laptop = new_context("laptop", storage_state=facilitator_state)
    setup = laptop.new_page()
    workshop = create_workshop(setup, server.url, "Atelier clavier")
    board = new_context("board").new_page()
    board.goto(workshop["board"])
    wait_connected(board)
    mark_page(board)

    console = open_console(laptop, server.url, workshop["id"])
    tab_to(console, control(console, "Commencer l'atelier"))
    console.keyboard.press("Enter")
    expect_step([(console, "console"), (board, "board")], STEP_1, position=1)

    following = control(console, "Séquence suivante →")
    idle(console)
    tab_to(console, following)
    # Wait for the answer as well as for the push below: either may come first, and each
    # replaces the button once.
    with console.expect_response(lambda r: r.url.endswith("/commande/next/")):
        console.keyboard.press("Enter")
    expect_step([(console, "console"), (board, "board")], STEP_2, position=2)
    # The focus stays on the button, through the answer and the pushed update alike. The push
    # is the second swap of the region: wait for it (it alone fills the announcement) so the
    # next key press is not sent while the button is being replaced.
    expect(console.locator("#console-announce")).to_contain_text(STEP_2, timeout=PUSH)
    expect(following).to_be_focused()
    idle(console)
    with console.expect_response(lambda r: r.url.endswith("/commande/next/")) as answer:
        console.keyboard.press("Enter")
    assert answer.value.ok
    expect_step([(console, "console"), (board, "board")], STEP_3, position=3)
    expect(following).to_be_focused()
    assert_not_reloaded(board)


# --- Accessibility of the other pages ---------------------------------------------------------


def test_every_page_passes_axe(server, new_context, facilitator_state):
    url, demo = server.url, server.demo
    workshop, code = demo["workshop"], demo["join_code"]

    phone = new_context("phone").new_page()
    phone.goto(f"{url}/")
    assert_accessible(phone, "home")
    phone.get_by_label("Code de l'atelier").fill("ZZZZZ9")
    phone.get_by_role("button", name="Continuer").click()
    expect(phone.locator(".error").first).to_be_visible()
    assert_accessible(phone, "home with a wrong code")
    phone.goto(f"{url}/j/{code}/")
    assert_accessible(phone, "join form")
    phone.get_by_role("button", name="Rejoindre l'atelier").click()
    expect(phone.get_by_role("alert").first).to_be_visible()
    assert_accessible(phone, "join form with errors")
    screenshot(phone, "join-form-errors", full_page=True)

    visitor = new_context("laptop").new_page()
    visitor.goto(f"{url}/compte/connexion/")
    assert_accessible(visitor, "login")
    visitor.locator("#id_username").fill("animateur")
    visitor.locator("#id_password").fill("pas le bon mot de passe")
    visitor.get_by_role("button", name="Se connecter").click()
    expect(visitor.get_by_role("alert")).to_be_visible()
    assert_accessible(visitor, "login with errors")

    page = new_context("laptop", storage_state=facilitator_state).new_page()
    for path, what in [
        ("/ateliers/", "workshop list"),
        (f"/ateliers/{workshop}/", "workshop detail"),
        (f"/ateliers/{workshop}/modifier/", "workshop edit form"),
        (f"/ateliers/{workshop}/deroule/", "agenda editor"),
        (f"/animer/{workshop}/", "console"),
        ("/ateliers/nouveau/", "new workshop form"),
    ]:
        page.goto(f"{url}{path}")
        assert_accessible(page, what)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    assert_accessible(page, "new workshop form with errors")

    page.goto(f"{url}/ateliers/{workshop}/deroule/")
    page.locator("#id_new-title").fill("")
    page.get_by_role("button", name="Ajouter", exact=True).click()
    expect(page.get_by_role("alert").first).to_be_visible()
    assert_accessible(page, "agenda editor with errors")


# --- Resilience -----------------------------------------------------------------------------


def test_phone_catches_up_after_losing_its_connection(
    server, new_context, facilitator_state, flaky_link
):
    laptop = new_context("laptop", storage_state=facilitator_state)
    workshop = create_workshop(laptop.new_page(), server.url, "Atelier Wi-Fi capricieux")
    console = open_console(laptop, server.url, workshop["id"])
    act(console, "Commencer l'atelier")
    expect_step([(console, "console")], STEP_1)

    # This phone reaches the server through a link that can be cut, like the hall's Wi-Fi.
    link = flaky_link()
    phone = new_context("phone").new_page()
    phone.goto(f"{link.url}/j/{workshop['code']}/")
    join(phone, "Émile Garnier", "", "")
    expect(step_title(phone, "phone")).to_have_text(STEP_1)
    wait_connected(phone)
    mark_page(phone)

    link.cut()
    expect(phone.locator("html")).to_have_attribute("data-live", "disconnected")
    act(console, "Séquence suivante →")
    expect_step([(console, "console")], STEP_2)
    act(console, "Mettre en pause")
    expect(timer(console, "console")).to_have_class(re.compile(r"\bpaused\b"))
    # Nothing can reach the phone meanwhile.
    expect(step_title(phone, "phone")).to_have_text(STEP_1)

    link.restore()
    expect(step_title(phone, "phone")).to_have_text(STEP_2, timeout=RECONNECT)
    expect(timer(phone, "phone")).to_have_class(re.compile(r"\bpaused\b"))
    wait_connected(phone)
    assert_not_reloaded(phone)

    # And it follows again.
    act(console, "Séquence suivante →")
    expect_step([(phone, "phone")], STEP_3)


def test_pages_resume_after_a_server_restart(server, new_context, facilitator_state):
    laptop = new_context("laptop", storage_state=facilitator_state)
    workshop = create_workshop(laptop.new_page(), server.url, "Atelier redémarrage")
    console = open_console(laptop, server.url, workshop["id"])
    act(console, "Commencer l'atelier")
    expect_step([(console, "console")], STEP_1)
    board = new_context("board").new_page()
    board.goto(workshop["board"])
    phone = new_context("phone").new_page()
    phone.goto(f"{server.url}/j/{workshop['code']}/")
    join(phone, "Fanny Perrin", "Office de tourisme", "")
    screens = [(board, "board"), (phone, "phone"), (console, "console")]
    expect_step(screens, STEP_1)
    for page, _region in screens:
        wait_connected(page)
        mark_page(page)

    def move_on_while_down():
        # The step changes while no server runs: its event reaches nobody.
        for page, _region in screens:
            expect(page.locator("html")).to_have_attribute("data-live", "disconnected")
        server.servers.manage(
            "shell",
            "-c",
            "from django.contrib.auth import get_user_model\n"
            "from coprod.agenda import services\n"
            "from coprod.workshops.models import Workshop\n"
            f"workshop = Workshop.objects.get(pk={workshop['id']})\n"
            "user = get_user_model().objects.get(username='animateur')\n"
            "services.go_to_step(workshop, actor=user, offset=1)\n",
        )

    server.servers.restart(while_down=move_on_while_down)

    # Every page reconnects by itself and catches up with what happened meanwhile.
    expect_step(screens, STEP_2, timeout=RECONNECT)
    for page, _region in screens:
        wait_connected(page)
    act(console, "Séquence suivante →")
    expect_step(screens, STEP_3)
    for page, _region in screens:
        assert_not_reloaded(page)
