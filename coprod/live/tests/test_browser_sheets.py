"""End to end, issue 5 (steps 8–9 of the seed) on a real `coprod serve`: two phones at the same
table write its sheet together, field by field, each field saving itself (issue 17). Different
fields: both saved, each sees the other's value live without losing its own typing. The same
field: the second gets the conflict notice with both versions, keeps its text and chooses
« Garder ma version ». A critique without suggestion is refused, then sent with one; it reaches
the table's phones and the board; the finalisation step shows the sheets and the duo of
referents.

Every new page and state passes axe-core; live changes are awaited with `expect`, never sleeps.
"""

import json
import re

import pytest
from playwright.sync_api import expect

from coprod.testing.browser import assert_accessible, assert_not_reloaded, mark_page, screenshot

from .test_browser import PUSH, act, create_workshop, join, open_console, wait_connected

pytestmark = pytest.mark.browser

STEP_8 = "Construction des projets"
STEP_9 = "Finalisation et préparation de la restitution"

TABLES = """
import json
from django.contrib.auth import get_user_model
from coprod.action_sheets import services
from coprod.workshops.models import Workshop
w = Workshop.objects.get(pk={workshop})
u = get_user_model().objects.get(username="{user}")
made = services.create_sheets(w, actor=u, count=2)
print(json.dumps([s.pk for s in made]))
"""

REFERENTS = """
from django.contrib.auth import get_user_model
from coprod.action_sheets import services
from coprod.workshops.models import Workshop
w = Workshop.objects.get(pk={workshop})
u = get_user_model().objects.get(username="{user}")
people = [w.participants.get(name=n) for n in ("Alice Martin", "Bruno Lefèvre")]
services.designate_referents(w, actor=u, participants=people)
"""


def field(page, name: str):
    return page.locator(f"#sheet-field-{name}")


SAVED = re.compile(r"^Enregistré$")


def saved_note(page, name: str):
    """The field's status line saying it is saved (its other one, the stale note, stays empty)."""
    return field(page, name).get_by_role("status").filter(has_text=SAVED)


def status(page, name: str):
    """The field's status in words: « Non enregistré », « Enregistrement… », « Enregistré »."""
    return page.locator(f"#sf-{name}-status")


class HeldSaves:
    """The saves of one field on one phone (or the facilitator's sheet page: `…/champs/<name>/`),
    held on their way until released: what the page shows while a save is under way, and which
    of two saves the server gets first, without waiting on the clock."""

    def __init__(self, page, name: str):
        self.pattern = re.compile(rf"/fiches/\d+/(?:champs/)?{name}/$")
        self.page, self.held = page, []
        page.route(self.pattern, lambda route: self.held.append(route))

    def wait(self, count: int = 1) -> None:
        for _ in range(200):  # Playwright runs the route handler while it waits
            if len(self.held) >= count:
                return
            self.page.wait_for_timeout(50)
        raise AssertionError("the field never tried to save")

    def release(self) -> None:
        for route in self.held:
            route.continue_()
        self.held.clear()
        self.page.unroute(self.pattern)


def test_two_phones_write_one_sheet_live(server, new_context, facilitator_state):
    url, demo = server.url, server.demo
    workshop, code, user = demo["workshop"], demo["join_code"], demo["facilitator"]
    shell = server.servers.manage
    sheets = json.loads(
        shell("shell", "-c", TABLES.format(workshop=workshop, user=user)).strip().splitlines()[-1]
    )

    # The console moves on to step 8; the board follows.
    laptop = new_context("laptop", storage_state=facilitator_state)
    setup = laptop.new_page()
    setup.goto(f"{url}/ateliers/{workshop}/")
    board_link = setup.locator("a[href*='cle=']").first.get_attribute("href")
    board = new_context("board").new_page()
    board.goto(f"{url}{board_link}")
    wait_connected(board)
    mark_page(board)
    console = open_console(laptop, url, workshop)
    act(console, "Commencer l'atelier")
    for _ in range(7):
        expect(console.locator("#console-live .htmx-request")).to_have_count(0)
        act(console, "Séquence suivante →")
    board_live = board.locator("#board-live")
    expect(board_live.locator(".step-title")).to_have_text(STEP_8, timeout=PUSH)
    expect(board_live).to_contain_text("L'avancement des fiches")
    expect(console.locator("#console-sheets")).to_contain_text("Les fiches action")
    assert_accessible(console, "console, projects step")

    # Two phones join, each picks table 1.
    phones = []
    for name, organisation in (("Alice Martin", "Mairie de Vigny"), ("Bruno Lefèvre", "CCAS")):
        phone = new_context("phone").new_page()
        phone.goto(f"{url}/j/{code}/")
        join(phone, name, organisation, "")
        expect(phone.locator("#phone-live .step-title")).to_have_text(STEP_8)
        wait_connected(phone)
        expect(phone.get_by_role("heading", name="Choisissez votre table")).to_be_visible()
        phones.append(phone)
    alice, bruno = phones
    assert_accessible(alice, "phone, choosing a table")
    for phone in phones:
        phone.locator(f"#join-table-{sheets[0]}").click()
        expect(phone.locator("#my-sheet-title")).to_have_text("Votre table : table 1", timeout=PUSH)
        mark_page(phone)
    assert_accessible(alice, "phone, seated at a table")
    expect(board_live.locator(f".sheet-row[data-sheet='{sheets[0]}']")).to_contain_text(
        "2 personnes", timeout=PUSH
    )

    # One button for the whole sheet, hidden: each field saves itself.
    expect(alice.locator("#save-sheet")).to_be_hidden()
    expect(alice.locator(".sheet-field button")).to_have_count(0)
    # Different fields: Bruno is typing the objective (his save held on its way) while Alice's
    # title saves itself when she stops typing; the field says so in words.
    held = HeldSaves(bruno, "objective")
    bruno.get_by_label("Objectif").fill("Relier les villages sans voiture")
    held.wait()
    expect(status(bruno, "objective")).to_have_text("Enregistrement…")
    alice.get_by_label("Titre du projet").fill("Navette des villages")
    expect(status(alice, "title")).to_have_text("Enregistré", timeout=PUSH)
    expect(alice.get_by_label("Titre du projet")).to_be_focused()
    # Bruno sees her title at once, and his typing is still there.
    expect(bruno.get_by_label("Titre du projet")).to_have_value(
        "Navette des villages", timeout=PUSH
    )
    expect(field(bruno, "title")).to_contain_text("Enregistré par Alice Martin")
    expect(bruno.get_by_label("Objectif")).to_have_value("Relier les villages sans voiture")
    held.release()
    expect(saved_note(bruno, "objective")).to_be_visible(timeout=PUSH)
    expect(alice.get_by_label("Objectif")).to_have_value(
        "Relier les villages sans voiture", timeout=PUSH
    )
    assert_accessible(alice, "phone, fields saved")
    row = board_live.locator(f".sheet-row[data-sheet='{sheets[0]}']")
    expect(row).to_contain_text("Table 1 — Navette des villages", timeout=PUSH)
    expect(row.locator(".percent")).to_have_text("remplie à 22 %")

    # The same field: both type the calendar; Bruno's save reaches the server after Alice's.
    held = HeldSaves(bruno, "calendar")
    bruno.get_by_label("Calendrier et jalons").fill("Octobre — lancement")
    held.wait()
    alice.get_by_label("Calendrier et jalons").fill("Septembre — premier trajet")
    expect(saved_note(alice, "calendar")).to_be_visible(timeout=PUSH)
    held.release()
    # Bruno keeps his text, sees both versions, and the field waits for his choice.
    notice = field(bruno, "calendar").get_by_role("alert")
    expect(notice).to_contain_text("Quelqu'un a modifié ce champ pendant que vous écriviez.")
    expect(notice).to_contain_text("Septembre — premier trajet")
    expect(notice).to_contain_text("Alice Martin")
    expect(bruno.get_by_label("Votre version de « Calendrier et jalons »")).to_have_value(
        "Octobre — lancement"
    )
    expect(status(bruno, "calendar")).to_have_text("Non enregistré")
    assert_accessible(bruno, "phone, conflict")
    screenshot(bruno, "sheets-phone-conflict", full_page=True)
    # With the keyboard alone: from his text, Tab to « Garder ma version » and press Enter.
    bruno.get_by_label("Votre version de « Calendrier et jalons »").focus()
    bruno.keyboard.press("Tab")
    expect(bruno.get_by_role("button", name="Garder ma version")).to_be_focused()
    bruno.keyboard.press("Enter")
    expect(saved_note(bruno, "calendar")).to_be_visible()
    expect(bruno.get_by_label("Calendrier et jalons")).to_be_focused()
    expect(alice.get_by_label("Calendrier et jalons")).to_have_value(
        "Octobre — lancement", timeout=PUSH
    )
    for phone in phones:
        assert_not_reloaded(phone)

    # A critique needs its suggestion.
    bruno.get_by_label("Votre commentaire").fill("Un seul trajet par semaine, c'est peu")
    bruno.get_by_label("C'est une critique").check()
    bruno.locator("#comment-send").click()
    comment = bruno.locator("#sheet-comment")
    expect(comment.get_by_role("alert")).to_contain_text("n'a pas été envoyé")
    expect(comment).to_contain_text("Toute critique doit être associée à une suggestion")
    expect(bruno.get_by_label("Votre commentaire")).to_have_value(
        "Un seul trajet par semaine, c'est peu"
    )
    assert_accessible(bruno, "phone, critique refused")
    bruno.get_by_label("Votre suggestion").fill("Deux trajets : mardi et vendredi")
    bruno.locator("#comment-send").click()
    expect(comment.get_by_role("status")).to_have_text("Merci, votre commentaire est envoyé.")
    expect(row.locator(".critiques")).to_contain_text(
        "Un seul trajet par semaine, c'est peu", timeout=PUSH
    )
    expect(row.locator(".critiques")).to_contain_text("Deux trajets : mardi et vendredi")
    # It reaches the table: above the sheet on Alice's phone, with its suggestion, announced.
    news = alice.locator(".my-sheet [data-my-news]")
    expect(news).to_contain_text("Critique : Un seul trajet par semaine, c'est peu", timeout=PUSH)
    expect(news).to_contain_text("Suggestion : Deux trajets : mardi et vendredi")
    expect(alice.locator("[data-news-said]")).to_have_text(
        "Nouveau commentaire sur la fiche de votre table."
    )
    assert_accessible(alice, "phone, critique of its table")
    assert_not_reloaded(board)
    assert_accessible(board, "board, projects progress")
    screenshot(board, "sheets-board-progress")

    # Step 9: the referents are designated; the board shows the sheets and the duo.
    shell("shell", "-c", REFERENTS.format(workshop=workshop, user=user))
    act(console, "Séquence suivante →")
    expect(board_live.locator(".step-title")).to_have_text(STEP_9, timeout=PUSH)
    final = board_live.locator(f".final-sheet[data-sheet='{sheets[0]}']")
    expect(final.get_by_role("heading")).to_contain_text("Navette des villages")
    expect(final).to_contain_text("Relier les villages sans voiture")
    expect(final).to_contain_text("Octobre — lancement")
    expect(board_live.locator(".referents")).to_contain_text("Alice Martin")
    expect(board_live.locator(".referents")).to_contain_text("Bruno Lefèvre")
    assert_not_reloaded(board)
    assert_accessible(board, "board, finalisation")
    screenshot(board, "sheets-board-final")
    # The phones still write the same sheet (their typing region is kept from step 8).
    expect(alice.locator("#phone-live .step-title")).to_have_text(STEP_9, timeout=PUSH)
    expect(alice.get_by_label("Calendrier et jalons")).to_have_value("Octobre — lancement")
    assert_accessible(alice, "phone, finalisation")
    assert_accessible(console, "console, finalisation")

    # The facilitator moves Bruno to table 2 from the sheets page: his phone follows.
    setup.goto(f"{url}/ateliers/{workshop}/fiches/")
    setup.get_by_label("Table de Bruno Lefèvre").select_option(str(sheets[1]))
    setup.get_by_role("button", name="Placer Bruno Lefèvre").click()
    expect(bruno.locator("#my-sheet-title")).to_have_text("Votre table : table 2", timeout=PUSH)
    expect(alice.locator("#my-sheet-title")).to_have_text("Votre table : table 1")


def test_tables_then_the_priority_vote_never_take_the_sheet_away(
    server, new_context, facilitator_state
):
    """Issue 17, phones never stale: a phone that joined before the tables were made is offered
    them as soon as they are; leaving with unsaved text warns; the priority vote opening while
    the sheet is written brings its ballot above the sheet, which keeps what is being typed."""
    laptop = new_context("laptop", storage_state=facilitator_state)
    setup = laptop.new_page()
    created = create_workshop(setup, server.url, "Fiches et vote")
    console = open_console(laptop, server.url, created["id"])
    act(console, "Commencer l'atelier")
    for _ in range(7):
        expect(console.locator("#console-live .htmx-request")).to_have_count(0)
        act(console, "Séquence suivante →")
    expect(console.locator("#console-sheets")).to_contain_text("Les fiches action", timeout=PUSH)
    phone = new_context("phone").new_page()
    phone.goto(f"{server.url}/j/{created['code']}/")
    join(phone, "Alice Martin", "Mairie de Vigny", "")
    expect(phone.locator("#phone-live .step-title")).to_have_text(STEP_8)
    wait_connected(phone)
    personal = phone.locator("[data-personal]")
    expect(personal).to_contain_text("L'animateur prépare les tables")

    setup.goto(f"{server.url}/ateliers/{created['id']}/fiches/")
    setup.get_by_label("Ou un nombre de fiches vierges").fill("2")
    setup.get_by_role("button", name="Créer des fiches vierges").click()
    join_first = personal.get_by_role("button", name="Rejoindre la table 1")
    expect(join_first).to_be_visible(timeout=PUSH)
    expect(personal).not_to_contain_text("L'animateur prépare les tables")
    join_first.click()
    expect(phone.locator("#my-sheet-title")).to_have_text("Votre table : table 1", timeout=PUSH)
    mark_page(phone)

    # Text being saved: leaving the page asks first, and the text stays.
    held = HeldSaves(phone, "objective")
    objective = phone.get_by_label("Objectif")
    objective.fill("Relier les villages sans voiture")
    held.wait()
    expect(status(phone, "objective")).to_have_text("Enregistrement…")
    asked = []
    phone.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    phone.close(run_before_unload=True)
    for _ in range(100):
        if asked:
            break
        phone.wait_for_timeout(50)
    assert asked == ["beforeunload"]
    assert not phone.is_closed()

    # The priority vote opens while the objective is still on its way.
    objective.evaluate("el => { el.coprodMark = 'the same field' }")
    setup.goto(f"{server.url}/ateliers/{created['id']}/fiches/")
    setup.get_by_role("button", name="Lancer le vote de priorité entre les fiches").click()
    ballot = phone.locator(".poll")
    expect(ballot.get_by_role("heading")).to_have_text(
        "Priorité entre les fiches action", timeout=PUSH
    )
    expect(objective).to_have_value("Relier les villages sans voiture")
    assert objective.evaluate("el => el.coprodMark") == "the same field"
    expect(phone.locator("#my-sheet-title")).to_be_visible()
    assert_accessible(phone, "phone, priority vote beside the sheet")
    held.release()
    expect(saved_note(phone, "objective")).to_be_visible(timeout=PUSH)

    # Voting answers in the ballot's region; the sheet stays as it is.
    options = ballot.locator("fieldset")
    for index in range(options.count()):
        options.nth(index).get_by_role("radio").first.check()
    ballot.get_by_role("button", name="Envoyer mon vote").click()
    expect(phone.locator(".poll").get_by_role("status")).to_have_text(
        "Merci, votre vote est enregistré."
    )
    assert objective.evaluate("el => el.coprodMark") == "the same field"
    phone.get_by_label("Titre du projet").fill("Navette des villages")
    expect(saved_note(phone, "title")).to_be_visible(timeout=PUSH)
    assert_accessible(phone, "phone, voted beside the sheet")
    assert_not_reloaded(phone)
