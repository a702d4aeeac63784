"""End to end, issue 3: from proposals to a validated synthesis on a real `coprod serve`.

Three phones send proposals, the facilitator groups them and writes a synthesis with the
keyboard only, the phones vote on it, and the board shows it validated. Every new page and
state passes axe-core. Live changes are awaited with Playwright's `expect`, never with sleeps.
"""

import re

import pytest
from playwright.sync_api import expect

from coprod.testing.browser import assert_accessible, assert_not_reloaded, mark_page, screenshot
from coprod.testing.themes import THEMES

from .test_browser import (
    PUSH,
    STEP_1,
    STEP_2,
    STEP_3,
    STEP_4,
    act,
    create_workshop,
    expect_step,
    join,
    open_console,
    tab_to,
    wait_connected,
)

pytestmark = pytest.mark.browser

TRANSPORT, SHOPS, JOBS = THEMES["transport"], THEMES["shops"], THEMES["jobs"]
PEOPLE = [
    ("Alice Martin", "Mairie de Vigny"),
    ("Bruno Lefèvre", "Association Vexin Mobilité"),
    ("Claire Dubois", "Centre social de Magny"),
]
SYNTHESIS = "Des transports partagés relient chaque village à la gare et aux services."
REASON = "Les personnes âgées ne sont pas citées."
SUGGESTION = "Ajouter : y compris pour les personnes âgées sans voiture."
ANSWER = "Les personnes âgées sont comprises dans « chaque village » ; nous le dirons."
# The grouping page is long: Tab may have a long way to go.
FAR = 300


# --- Helpers ------------------------------------------------------------------------------------


def press(page, locator, key: str = "Enter") -> None:
    """Reach `locator` with Tab, then press `key` on it: the keyboard only."""
    tab_to(page, locator, limit=FAR)
    page.keyboard.press(key)


def type_into(page, locator, text: str) -> None:
    tab_to(page, locator, limit=FAR)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def message(page):
    return page.locator(".messages")


def group_of(page, text: str):
    """The grouping page's section holding the proposal `text`."""
    return page.locator("section.group").filter(has=page.get_by_text(text, exact=True))


def assert_fits_width(page, what: str) -> None:
    """Nothing makes the page scroll sideways (a projector cannot scroll)."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{what}: {overflow}px wider than the screen"


def phone_button(phone, name: str):
    return phone.locator("#phone-live").get_by_role("button", name=name, exact=True)


def send_proposal(phone, text: str) -> None:
    phone.get_by_label("Votre proposition pour améliorer la situation").fill(text)
    phone.get_by_role("button", name="Envoyer ma proposition").click()
    expect(phone.get_by_role("status")).to_have_text("Merci, votre proposition est enregistrée.")
    expect(phone.locator(".personal ul").last).to_contain_text(text)


def answer_vote(phone, choice: str) -> None:
    phone_button(phone, choice).click()
    expect(phone.get_by_role("status").filter(has_text="Merci")).to_have_text(
        f"Merci, votre réponse « {choice.lower()} » est enregistrée."
    )
    expect(phone_button(phone, choice)).to_have_attribute("aria-pressed", "true")


# --- The test -----------------------------------------------------------------------------------


def test_proposals_grouped_with_the_keyboard_then_validated_by_vote(
    server, new_context, facilitator_state
):
    """Phones propose, the facilitator groups with the keyboard, phones validate a synthesis."""
    url, workshop, code = server.url, server.demo["workshop"], server.demo["join_code"]
    laptop = new_context("laptop", storage_state=facilitator_state)

    # The facilitator takes the board link and runs the workshop up to the proposals step.
    setup = laptop.new_page()
    setup.goto(f"{url}/ateliers/{workshop}/")
    board_link = setup.locator("a[href*='cle=']").first.get_attribute("href")
    board = new_context("board").new_page()
    board.goto(f"{url}{board_link}")
    wait_connected(board)
    mark_page(board)
    console = open_console(laptop, url, workshop)
    act(console, "Commencer l'atelier")
    expect_step([(console, "console"), (board, "board")], STEP_1)
    for title in (STEP_2, STEP_3, STEP_4):
        act(console, "Séquence suivante →")
        expect_step([(console, "console"), (board, "board")], title)
    expect(board.locator("#board-live")).to_contain_text(
        "Les propositions arrivent ici dès qu'elles sont envoyées."
    )

    # Three phones join and send proposals on three distinct themes.
    phones = []
    for name, organisation in PEOPLE:
        phone = new_context("phone").new_page()
        phone.goto(f"{url}/j/{code}/")
        join(phone, name, organisation, "")
        expect(phone.locator("#phone-live .step-title")).to_have_text(STEP_4)
        wait_connected(phone)
        phones.append(phone)
    alice, bruno, claire = phones
    assert_accessible(alice, "phone, proposals panel")
    for phone, n in ((alice, 0), (bruno, 1)):
        for theme in (TRANSPORT, SHOPS, JOBS):
            send_proposal(phone, theme[n])
    live = board.locator("#board-live")
    expect(live).to_contain_text(JOBS[1], timeout=PUSH)

    # Claire starts typing an idea close to Bruno's: she is offered to support it.
    claire.get_by_label("Votre proposition pour améliorer la situation").fill(
        "Plus de bus entre les villages et la gare, aussi le samedi"
    )
    similar = claire.locator(".similar-box")
    expect(similar).to_contain_text("Des propositions proches existent déjà")
    similar.locator("li", has_text=TRANSPORT[1]).get_by_role("button", name="Soutenir").click()
    expect(similar.locator("li", has_text=TRANSPORT[1])).to_contain_text("Vous la soutenez")
    assert_accessible(claire, "phone, similar proposals")
    for theme in (TRANSPORT, SHOPS, JOBS):
        send_proposal(claire, theme[2])
    for theme in (TRANSPORT, SHOPS, JOBS):
        for text in theme:
            expect(live).to_contain_text(text, timeout=PUSH)
    expect(live.locator("li", has_text=TRANSPORT[1]).locator(".supports")).to_have_text(
        "+1", timeout=PUSH
    )
    assert_not_reloaded(board)
    assert_accessible(board, "board, proposals")

    manage = laptop.new_page()
    manage.goto(f"{url}/ateliers/{workshop}/propositions/")
    expect(manage.locator("#list-title")).to_have_text("9 propositions")
    assert_accessible(manage, "proposals management page")

    # From here the facilitator uses the keyboard only on the grouping page.
    page = laptop.new_page()
    page.goto(f"{url}/ateliers/{workshop}/groupes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapprocher les propositions proches")
    expect(page.locator("#ungrouped-title")).to_have_text("9 propositions à regrouper")
    assert_accessible(page, "grouping page, before grouping")
    type_into(page, page.get_by_label("Nombre de groupes"), "3")
    press(page, page.get_by_role("button", name="Regrouper en ce nombre de groupes"))
    expect(message(page)).to_have_text("Propositions regroupées : 3 groupes à relire.")
    expect(page.locator("section.group")).to_have_count(3)
    for theme in (TRANSPORT, SHOPS, JOBS):
        expect(group_of(page, theme[0])).to_contain_text(theme[1])
        expect(group_of(page, theme[0])).to_contain_text(theme[2])
    transport = group_of(page, TRANSPORT[0])
    original = transport.get_attribute("id").removeprefix("group-")
    assert_accessible(page, "grouping page, grouped")
    expect(board.locator(".groups .group-card")).to_have_count(3, timeout=PUSH)
    assert_not_reloaded(board)
    assert_accessible(board, "board, groups")
    assert_fits_width(board, "board, groups")
    screenshot(board, "synthesis-board-groups")

    # The minibus goes to a new group of its own, then back: move with a select and a button.
    minibus = page.locator("li[data-proposal]", has_text=TRANSPORT[2])
    tab_to(page, minibus.get_by_label(re.compile("^Déplacer vers")), limit=FAR)
    minibus.get_by_label(re.compile("^Déplacer vers")).select_option(label="Un nouveau groupe")
    press(page, minibus.get_by_role("button", name="Déplacer"))
    expect(message(page)).to_contain_text("Proposition déplacée dans")
    expect(page.locator("section.group")).to_have_count(4)
    expect(group_of(page, TRANSPORT[2])).not_to_contain_text(TRANSPORT[0])
    expect(board.locator(".groups .group-card")).to_have_count(4, timeout=PUSH)
    tab_to(page, minibus.get_by_label(re.compile("^Déplacer vers")), limit=FAR)
    minibus.get_by_label(re.compile("^Déplacer vers")).select_option(value=original)
    press(page, minibus.get_by_role("button", name="Déplacer"))
    expect(message(page)).to_contain_text("Proposition déplacée dans")
    expect(page.locator("section.group")).to_have_count(3)
    expect(group_of(page, TRANSPORT[2])).to_contain_text(TRANSPORT[0])

    # Rename the transport group: its tools are behind a disclosure opened with Enter.
    tools = transport.locator("summary", has_text="Renommer, fusionner, diviser")
    press(page, tools)
    expect(transport.locator("details")).to_have_attribute("open", "")
    type_into(page, transport.get_by_label("Nom du groupe"), "Se déplacer sans voiture")
    press(page, transport.get_by_role("button", name="Renommer", exact=True))
    expect(message(page)).to_have_text("Groupe renommé.")
    expect(transport.get_by_role("heading", level=2)).to_contain_text("Se déplacer sans voiture")
    expect(board.locator(".groups")).to_contain_text("Se déplacer sans voiture", timeout=PUSH)

    # Its synthesis, then the vote on it (controls loaded into the group by htmx).
    type_into(page, transport.get_by_label("Phrase de synthèse"), SYNTHESIS)
    press(page, transport.get_by_role("button", name="Enregistrer la synthèse"))
    expect(message(page)).to_have_text("Synthèse enregistrée.")
    expect(transport.get_by_label("Phrase de synthèse")).to_have_value(SYNTHESIS)
    board_card = board.locator(".group-card", has_text="Se déplacer sans voiture")
    expect(board_card.locator(".synthesis")).to_have_text(SYNTHESIS, timeout=PUSH)
    controls = transport.locator("[id^=vote-controls-]")  # loaded by htmx
    expect(controls.get_by_label("Validée quand sont pour ou peuvent vivre avec")).to_have_value(
        "2/3"
    )
    press(page, controls.get_by_role("button", name="Soumettre au vote"))
    expect(controls).to_contain_text("vote en cours")
    expect(controls).to_contain_text("0 réponse")
    assert_accessible(page, "grouping page, vote open")

    # Phones: the vote takes the place of the proposals form.
    for phone in phones:
        expect(phone.locator("#phone-live h2").first).to_have_text(
            "Validons-nous cette synthèse ?", timeout=PUSH
        )
        expect(phone.locator("#phone-live blockquote")).to_have_text(SYNTHESIS)
    expect(alice.get_by_label("Votre proposition pour améliorer la situation")).to_have_count(0)
    tally = board.locator(".vote-tally")
    expect(tally).to_have_attribute("data-voters", "0", timeout=PUSH)
    assert_accessible(alice, "phone, vote")
    answer_vote(alice, "Pour")
    answer_vote(bruno, "Je peux vivre avec")
    screenshot(bruno, "synthesis-phone-vote", full_page=True)
    expect(tally).to_have_attribute("data-voters", "2", timeout=PUSH)

    # Claire objects, with a keyboard: the first press asks for a reason and a suggestion, and
    # the focus stays where it was through the swap, so Tab leads on to the reason.
    reason = claire.get_by_label("Pourquoi cette objection ?")
    suggestion = claire.get_by_label("Votre suggestion pour l'améliorer")
    press(claire, phone_button(claire, "Objection"))
    expect(reason).to_be_visible()
    expect(phone_button(claire, "Objection")).to_be_focused()
    claire.keyboard.press("Tab")
    expect(reason).to_be_focused()
    press(claire, phone_button(claire, "Envoyer mon objection"))
    expect(claire.get_by_role("alert").first).to_contain_text("s'accompagne de sa raison")
    expect(claire.get_by_role("alert").first).to_contain_text("suggestion")
    expect(reason).to_have_attribute("aria-invalid", "true")
    assert_accessible(claire, "phone, objection without its reason")
    screenshot(claire, "synthesis-phone-objection-error", full_page=True)
    expect(tally).to_have_attribute("data-voters", "2")
    expect(phone_button(claire, "Envoyer mon objection")).to_be_focused()
    type_into(claire, reason, REASON)
    type_into(claire, suggestion, SUGGESTION)
    press(claire, phone_button(claire, "Envoyer mon objection"))
    expect(claire.get_by_role("status").filter(has_text="Merci")).to_have_text(
        "Merci, votre réponse « objection » est enregistrée."
    )

    # The board: totals only, never who said what.
    expect(tally).to_have_attribute("data-voters", "3", timeout=PUSH)
    expect(tally).to_contain_text("3 réponses")
    expect(tally).to_contain_text("1 objection")
    expect(tally).to_contain_text("67 % pour ou peuvent vivre avec")
    for name, organisation in PEOPLE:
        expect(board.locator("body")).not_to_contain_text(name)
        expect(board.locator("body")).not_to_contain_text(organisation)
    expect(board.locator("body")).not_to_contain_text(REASON)
    assert_accessible(board, "board, vote tally")
    screenshot(board, "synthesis-board-tally")

    # The facilitator reads the objection, answers it and closes the vote.
    page.reload()
    objection = transport.locator(".objections li")
    expect(objection).to_contain_text(REASON)
    expect(objection).to_contain_text(SUGGESTION)
    expect(objection).to_contain_text("sans réponse")
    expect(controls).to_contain_text("3 réponses")
    type_into(page, objection.get_by_label("Répondre à l'objection"), ANSWER)
    press(page, objection.get_by_role("button", name="Enregistrer la réponse"))
    expect(objection).to_contain_text(f"Réponse : {ANSWER}")
    # The objector's phone is told, in place (realtime.events: the phones re-read the answer).
    expect(claire.locator("#phone-objections")).to_contain_text(ANSWER, timeout=PUSH)
    assert_accessible(claire, "phone, objection answered")
    expect(controls).to_contain_text("Si vous closez maintenant : synthèse validée.")
    assert_accessible(page, "grouping page, objection answered")
    press(page, controls.get_by_role("button", name="Clore le vote"))
    expect(controls.locator(".status")).to_have_text("validée")
    expect(transport.get_by_role("heading", level=2)).to_contain_text("validée")

    validated = board.locator("section.validated")
    expect(validated.get_by_role("heading", name="Synthèses validées")).to_be_visible(timeout=PUSH)
    expect(validated.locator("li")).to_have_text([SYNTHESIS])
    expect(tally).to_have_count(0)
    for phone in phones:
        expect(phone.get_by_label("Votre proposition pour améliorer la situation")).to_be_visible(
            timeout=PUSH
        )
    assert_accessible(board, "board, validated synthesis")
    assert_fits_width(board, "board, validated synthesis")
    screenshot(board, "synthesis-board-validated")

    # It stays on the board for the rest of the workshop.
    act(console, "Séquence suivante →")
    expect(board.locator("#board-live .step-count")).to_have_text("Séquence 5 sur 9", timeout=PUSH)
    expect(validated.locator("li")).to_have_text([SYNTHESIS])
    assert_not_reloaded(board)
    assert_accessible(board, "board, next step with validated synthesis")

    polls = laptop.new_page()
    polls.goto(f"{url}/ateliers/{workshop}/priorites/")
    expect(polls.locator("section.validated li")).to_have_text([SYNTHESIS])
    assert_accessible(polls, "polls page")


# --- Prioritisation -----------------------------------------------------------------------------

PRIORITIES = {  # synthesis: the grade every phone gives it
    "Relier chaque village à la gare par un transport partagé.": "Excellent",
    "Garder un commerce de proximité dans chaque village.": "Bien",
    "Accompagner vers l'emploi sur le territoire.": "Insuffisant",
}


def test_phones_grade_syntheses_and_the_board_ranks_them(server, new_context, facilitator_state):
    """A majority-judgment poll: phones grade, the board shows the ranking and its chart."""
    url = server.url
    laptop = new_context("laptop", storage_state=facilitator_state)
    page = laptop.new_page()
    workshop = create_workshop(page, url, "Atelier priorités")
    wid = workshop["id"]

    # Paper post-its on three themes, three groups, one synthesis each.
    page.goto(f"{url}/ateliers/{wid}/propositions/")
    page.get_by_label("Post-its papier, un par ligne").fill("\n".join(TRANSPORT + SHOPS + JOBS))
    page.get_by_role("button", name="Ajouter les post-its").click()
    expect(page.locator("#list-title")).to_have_text("9 propositions")
    page.goto(f"{url}/ateliers/{wid}/groupes/")
    page.get_by_label("Nombre de groupes").fill("3")
    page.get_by_role("button", name="Regrouper en ce nombre de groupes").click()
    expect(page.locator("section.group")).to_have_count(3)
    for (text, _grade), theme in zip(PRIORITIES.items(), (TRANSPORT, SHOPS, JOBS), strict=True):
        group = group_of(page, theme[0])
        group.get_by_label("Phrase de synthèse").fill(text)
        group.get_by_role("button", name="Enregistrer la synthèse").click()
        expect(message(page)).to_have_text("Synthèse enregistrée.")

    # The poll is prepared on the polls page, the workshop starts, phones join.
    page.goto(f"{url}/ateliers/{wid}/priorites/")
    assert_accessible(page, "polls page, no poll yet")
    expect(page.get_by_label("Méthode")).to_have_value("majority_judgment")
    for text in PRIORITIES:
        page.get_by_label(text).check()
    page.get_by_role("button", name="Préparer le vote").click()
    expect(message(page)).to_have_text("Vote préparé : ouvrez-le quand le groupe est prêt.")
    board = new_context("board").new_page()
    board.goto(workshop["board"])
    wait_connected(board)
    mark_page(board)
    console = open_console(laptop, url, wid)
    act(console, "Commencer l'atelier")
    expect_step([(console, "console"), (board, "board")], STEP_1)
    phones = []
    for name, organisation in PEOPLE:
        phone = new_context("phone").new_page()
        phone.goto(f"{url}/j/{workshop['code']}/")
        join(phone, name, organisation, "")
        wait_connected(phone)
        phones.append(phone)

    page.get_by_role("button", name="Ouvrir le vote").click()
    expect(message(page)).to_have_text("Vote ouvert sur les téléphones.")
    turnout = board.locator(".poll-turnout")
    expect(turnout).to_have_attribute("data-voters", "0", timeout=PUSH)
    for n, phone in enumerate(phones, start=1):
        poll = phone.locator("#phone-live section.poll")
        expect(poll.get_by_role("heading")).to_have_text(
            "Quelles priorités pour notre territoire ?", timeout=PUSH
        )
        if n == 1:
            assert_accessible(phone, "phone, majority-judgment poll")
        for text, grade in PRIORITIES.items():
            poll.get_by_role("group", name=text).get_by_label(grade, exact=True).check()
        press(phone, poll.get_by_role("button", name="Envoyer mon vote"))
        expect(phone.get_by_role("status")).to_have_text("Merci, votre vote est enregistré.")
        expect(poll.get_by_role("button", name="Changer mon vote")).to_be_focused()
        expect(turnout).to_have_attribute("data-voters", str(n), timeout=PUSH)
    screenshot(phones[0], "priorities-phone-poll", full_page=True)

    # Closing shows the ranking, and the merit profiles as a chart with a text alternative.
    page.reload()
    expect(page.get_by_text("3 personnes ont voté.")).to_be_visible()
    page.get_by_role("button", name="Clore le vote et afficher le classement").click()
    expect(message(page)).to_have_text("Vote clos : le classement est affiché.")
    results = board.locator(".poll-results")
    expect(results.locator(".ranking > li")).to_have_text(
        [f"{text} — mention majoritaire : {grade}" for text, grade in PRIORITIES.items()],
        timeout=PUSH,
    )
    expect(results).to_contain_text("3 votants")
    chart = results.locator("figure.chart")
    expect(chart.locator("svg")).to_have_attribute("aria-hidden", "true")
    expect(chart.locator("table caption")).to_have_text(
        "Profils de mérite : Quelles priorités pour notre territoire ? "
        "(pourcentage des votants par mention)"
    )
    first = chart.locator("tbody tr").first  # grades from « Excellent » down
    expect(first.locator("th")).to_have_text(f"1. {next(iter(PRIORITIES))}")
    expect(first.locator("td").first).to_have_text("100,0 %")
    for name, _organisation in PEOPLE:
        expect(board.locator("body")).not_to_contain_text(name)
    assert_not_reloaded(board)
    assert_accessible(board, "board, poll results")
    assert_fits_width(board, "board, poll results")
    assert_accessible(page, "polls page, poll closed")
    screenshot(board, "priorities-board-results", full_page=True)
    for phone in phones:
        expect(phone.locator("#phone-live section.poll")).to_have_count(0, timeout=PUSH)
