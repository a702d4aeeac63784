"""End to end, issue 17: the facilitator's own page of a sheet, on a real `coprod serve`. Its
fields save themselves as the phones' do (the same script): the facilitator types in two
fields and both are saved without pressing any button, each saying so in words; the progress
follows each save; a field someone else saved meanwhile keeps the facilitator's text and waits
for a choice, made with the keyboard. axe-core finds nothing on any state.

Saves are held on their way with a route (`HeldSaves`), never awaited with sleeps.
"""

import json

import pytest
from playwright.sync_api import expect

from coprod.testing.browser import assert_accessible, assert_not_reloaded, mark_page, screenshot

from .test_browser import PUSH
from .test_browser_sheets import HeldSaves, field, status

pytestmark = pytest.mark.browser

SHEET = """
import json
from django.contrib.auth import get_user_model
from coprod.action_sheets import services
from coprod.workshops.models import Workshop
w = Workshop.objects.get(pk={workshop})
u = get_user_model().objects.get(username="{user}")
print(json.dumps(services.create_sheets(w, actor=u, count=1)[0].pk))
"""

# Someone else saves the calendar from the version the page was loaded with.
OTHER_WRITER = """
from django.contrib.auth import get_user_model
from coprod.action_sheets import services
from coprod.action_sheets.models import Sheet
u = get_user_model().objects.get(username="{user}")
services.save_field(
    Sheet.objects.get(pk={sheet}), "calendar", value="Septembre : premier trajet",
    base_version=0, actor=u,
)
"""


def test_the_facilitator_writes_the_sheet_without_any_button(
    server, new_context, facilitator_state
):
    url, demo = server.url, server.demo
    workshop, user = demo["workshop"], demo["facilitator"]
    shell = server.servers.manage
    made = shell("shell", "-c", SHEET.format(workshop=workshop, user=user))
    sheet = json.loads(made.strip().splitlines()[-1])

    page = new_context("laptop", storage_state=facilitator_state).new_page()
    page.goto(f"{url}/ateliers/{workshop}/fiches/{sheet}/")
    mark_page(page)
    progress = page.locator("#sheet-progress")
    expect(progress).to_contain_text("Remplie à 0 %.")
    # No button per field any more; the sheet's one button is for pages without JavaScript.
    expect(page.locator("#save-sheet")).to_be_hidden()
    expect(page.locator(".sheet-field button")).to_have_count(0)
    assert_accessible(page, "facilitator's sheet page")

    # The objective's save is held on its way: the field says it is being saved.
    held = HeldSaves(page, "objective")
    objective = page.get_by_label("Objectif")
    objective.fill("Relier les villages")
    held.wait()
    expect(status(page, "objective")).to_have_text("Enregistrement…")
    # Meanwhile the title saves itself once the typing stops; the progress follows.
    page.get_by_label("Titre du projet").fill("Navette des villages")
    expect(status(page, "title")).to_have_text("Enregistré", timeout=PUSH)
    expect(progress).to_contain_text("Remplie à 11 %.")
    expect(progress).to_contain_text("Il manque : Objectif, Publics cibles")
    # More words in the objective while its first save is still held: not saved yet.
    objective.press("End")
    objective.press_sequentially(" sans voiture")
    expect(status(page, "objective")).to_have_text("Non enregistré")
    held.release()
    # The held save is answered, then what was typed since saves itself: nothing lost.
    expect(status(page, "objective")).to_have_text("Enregistré", timeout=PUSH)
    expect(page.locator("#history-objective summary")).to_contain_text("Historique (2 versions)")
    expect(objective).to_have_value("Relier les villages sans voiture")
    expect(progress).to_contain_text("Remplie à 22 %.")
    expect(progress).not_to_contain_text("Objectif")
    assert_accessible(page, "facilitator's sheet page, two fields saved")
    # A history the facilitator opened stays open, and grows, as its field saves again.
    history = page.locator("#history-title details")
    history.locator("summary").click()
    page.get_by_label("Titre du projet").fill("Navette des villages du Vexin")
    expect(history.locator("summary")).to_contain_text("Historique (2 versions)", timeout=PUSH)
    expect(history).to_have_attribute("open", "")
    expect(history).to_contain_text("Navette des villages du Vexin")
    assert_not_reloaded(page)

    # Someone saves the calendar while the facilitator is typing it.
    held = HeldSaves(page, "calendar")
    calendar = page.get_by_label("Calendrier et jalons")
    calendar.fill("Octobre : lancement")
    held.wait()
    shell("shell", "-c", OTHER_WRITER.format(user=user, sheet=sheet))
    held.release()
    notice = field(page, "calendar").get_by_role("alert")
    expect(notice).to_contain_text("Quelqu'un a modifié ce champ pendant que vous écriviez.")
    expect(notice).to_contain_text("Septembre : premier trajet")
    mine = page.get_by_label("Votre version de « Calendrier et jalons »")
    expect(mine).to_have_value("Octobre : lancement")
    expect(status(page, "calendar")).to_have_text("Non enregistré")
    assert_accessible(page, "facilitator's sheet page, conflict")
    screenshot(page, "sheet-page-conflict", full_page=True)
    # With the keyboard alone: from the text, Tab to « Garder ma version », Enter.
    mine.focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Garder ma version")).to_be_focused()
    page.keyboard.press("Enter")
    expect(status(page, "calendar")).to_have_text("Enregistré", timeout=PUSH)
    expect(calendar).to_be_focused()
    expect(progress).to_contain_text("Remplie à 33 %.")
    assert_not_reloaded(page)

    # A fresh load has every field as saved, with its history.
    page.reload()
    expect(page.get_by_label("Titre du projet")).to_have_value("Navette des villages du Vexin")
    expect(objective).to_have_value("Relier les villages sans voiture")
    expect(calendar).to_have_value("Octobre : lancement")
    expect(page.locator("#history-calendar summary")).to_contain_text("Historique (2 versions)")


def test_without_its_script_the_one_button_sends_the_sheet(server, new_context, facilitator_state):
    """Where the script never arrived (a weak connection), the sheet's one button is there and
    sends every field."""
    url, demo = server.url, server.demo
    workshop, user = demo["workshop"], demo["facilitator"]
    made = server.servers.manage("shell", "-c", SHEET.format(workshop=workshop, user=user))
    sheet = json.loads(made.strip().splitlines()[-1])

    page = new_context("laptop", storage_state=facilitator_state).new_page()
    page.route("**/core/sheets.*.js", lambda route: route.abort())  # hashed name
    page.goto(f"{url}/ateliers/{workshop}/fiches/{sheet}/")
    page.get_by_label("Titre du projet").fill("Épicerie itinérante")
    page.get_by_label("Qui le porte").fill("La communauté de communes")
    page.get_by_role("button", name="Enregistrer la fiche").click()
    expect(page.get_by_role("status").filter(has_text="2 champs enregistrés.")).to_be_visible()
    expect(page.get_by_label("Titre du projet")).to_have_value("Épicerie itinérante")
    expect(page.locator("#sheet-progress")).to_contain_text("Remplie à 22 %.")
    assert_accessible(page, "facilitator's sheet page without its script, sent")
