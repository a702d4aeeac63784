"""End to end, a phone on which htmx never arrived (a weak connection): every phone form still
posts as a plain form and answers with a whole page holding the region, a heading and a way
back, which passes axe-core."""

import re

import pytest
from playwright.sync_api import expect

from coprod.testing.browser import assert_accessible, screenshot

from .test_browser import (
    PUSH,
    STEP_3,
    STEP_4,
    act,
    create_workshop,
    join,
    open_console,
    step_title,
)
from .test_browser_sheets import saved_note

pytestmark = pytest.mark.browser

OPEN_VOTE = """
from django.contrib.auth import get_user_model
from coprod.grouping.models import Cluster, Synthesis
from coprod.voting import services
from coprod.workshops.models import Workshop
w = Workshop.objects.get(pk={workshop})
cluster = Cluster.objects.create(workshop=w, label="Mobilité", position=1)
synthesis = Synthesis.objects.create(cluster=cluster, text="{text}")
services.open_validation(synthesis, actor=get_user_model().objects.get(username="{user}"))
"""
SYNTHESIS = "Un transport à la demande pour les personnes âgées sans voiture"


def joined_without_htmx(server, new_context, facilitator_state, title: str, step, person):
    """A fresh workshop with the seed's agenda, run from its console to `step` (position,
    title), and a phone on which htmx never arrives that joined it as `person` (name,
    organisation)."""
    laptop = new_context("laptop", storage_state=facilitator_state)
    created = create_workshop(laptop.new_page(), server.url, title)
    console = open_console(laptop, server.url, created["id"])
    act(console, "Commencer l'atelier")
    position, expected = step
    for _ in range(position - 1):
        act(console, "Séquence suivante →")
    expect(step_title(console, "console")).to_have_text(expected, timeout=PUSH)
    phone = new_context("phone").new_page()
    phone.route("**/django_htmx/**", lambda route: route.abort())
    phone.goto(f"{server.url}/j/{created['code']}/")
    join(phone, *person, "")
    return created, phone


def test_a_phone_without_htmx_answers_the_mood_check(server, new_context, facilitator_state):
    person = ("Marcel Petit", "Habitant")
    created, phone = joined_without_htmx(
        server, new_context, facilitator_state, "Sans script", (3, STEP_3), person
    )
    phone.get_by_label("Un mot (facultatif), puis touchez votre humeur").fill("Serein")
    phone.get_by_role("button", name="Bien", exact=True).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(STEP_3)
    expect(phone.get_by_role("status")).to_have_text(
        "Merci, votre réponse est enregistrée. Vous pouvez la changer."
    )
    expect(phone.get_by_role("button", name="Bien", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    assert_accessible(phone, "mood answer without htmx")
    screenshot(phone, "phone-answer-without-htmx", full_page=True)
    phone.get_by_role("link", name="Retour à l'atelier").click()
    expect(phone).to_have_url(f"{server.url}/p/{created['id']}/")
    expect(phone.locator("#phone-live .step-title")).to_have_text(STEP_3)


def test_a_phone_without_htmx_sends_a_proposal_and_votes(server, new_context, facilitator_state):
    person = ("Odile Roux", "Centre social")
    created, phone = joined_without_htmx(
        server, new_context, facilitator_state, "Sans script 2", (4, STEP_4), person
    )
    phone.get_by_label("Votre proposition").fill("Un minibus le jour du marché")
    phone.get_by_role("button", name="Envoyer ma proposition").click()
    expect(phone).to_have_url(re.compile(r"/propositions/$"))
    expect(phone.get_by_role("status")).to_have_text("Merci, votre proposition est enregistrée.")
    assert_accessible(phone, "proposal sent without htmx")

    user = server.demo["facilitator"]
    server.servers.manage(
        "shell", "-c", OPEN_VOTE.format(workshop=created["id"], text=SYNTHESIS, user=user)
    )
    phone.get_by_role("link", name="Retour à l'atelier").click()
    expect(phone.get_by_text(SYNTHESIS)).to_be_visible()
    phone.get_by_role("button", name="Pour", exact=True).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Votes")
    expect(phone.get_by_role("status")).to_have_text(
        "Merci, votre réponse « pour » est enregistrée."
    )
    expect(phone.get_by_role("button", name="Pour", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    assert_accessible(phone, "vote answered without htmx")


STEP_5, STEP_6, STEP_8 = (
    "Expériences et actions déjà existantes",
    "Conjonctures favorables",
    "Construction des projets",
)
FACILITATOR = """
from django.contrib.auth import get_user_model
from coprod.workshops.models import Workshop
w = Workshop.objects.get(pk={workshop})
u = get_user_model().objects.get(username="{user}")
"""
SHOW_AN_ACTION = """
from coprod.catalogue.models import Action
from coprod.catalogue.services import live
action = Action.objects.of_process(w.process_id).order_by("pk").first()
live.show(w, live.present_actions(w, actor=u, actions=[action])[0], actor=u)
print(action.title)
"""
NEXT_STEP = """
from coprod.agenda import services
services.go_to_step(w, actor=u, offset=1)
"""
TWO_TABLES = """
from coprod.action_sheets import services
print(services.create_sheets(w, actor=u, count=2)[0].pk)
"""


def facilitator_does(server, workshop: int, code: str) -> str:
    """Run `code` in the server's shell as the demo facilitator (`w`, `u`); its last line."""
    user = server.demo["facilitator"]
    out = server.servers.manage(
        "shell", "-c", FACILITATOR.format(workshop=workshop, user=user) + code
    )
    return (out.strip().splitlines() or [""])[-1]


def test_a_phone_without_htmx_testifies_then_proposes_a_lever(
    server, new_context, facilitator_state
):
    person = ("Paul Girard", "Épicerie solidaire")
    created, phone = joined_without_htmx(
        server, new_context, facilitator_state, "Sans script 3", (5, STEP_5), person
    )
    title = facilitator_does(server, created["id"], SHOW_AN_ACTION)
    phone.reload()  # without htmx, nothing is pushed: the phone sees the action on reloading
    expect(phone.locator("#phone-live .action-title")).to_contain_text(title)
    phone.get_by_role("button", name="Je témoigne de cette action").click()
    expect(phone).to_have_url(re.compile(r"/temoignage/"))
    expect(phone.get_by_role("heading", level=1)).to_have_text(STEP_5)
    expect(phone.get_by_label("Partenaires")).to_be_visible()
    assert_accessible(phone, "testimony form without htmx")
    phone.get_by_label("Partenaires").fill("La mairie et le centre social")
    phone.get_by_role("button", name="Enregistrer mon témoignage").click()
    expect(phone.get_by_role("status")).to_have_text(
        "Merci, votre témoignage est enregistré. Vous pouvez le modifier pendant la séquence."
    )
    assert_accessible(phone, "testimony saved without htmx")

    facilitator_does(server, created["id"], NEXT_STEP)
    phone.get_by_role("link", name="Retour à l'atelier").click()
    expect(phone.locator("#phone-live .step-title")).to_have_text(STEP_6)
    phone.get_by_label("Type de levier").select_option(label="appel à projets ou financement")
    phone.get_by_label("Le levier").fill("Appel à projets « mobilité rurale »")
    phone.get_by_role("button", name="Envoyer le levier").click()
    expect(phone.get_by_role("status")).to_have_text(
        "Merci, votre levier est enregistré. Vous pouvez en proposer un autre."
    )
    expect(phone.locator(".my-levers")).to_contain_text("Appel à projets « mobilité rurale »")
    expect(phone.get_by_role("heading", level=1)).to_have_text(STEP_6)
    assert_accessible(phone, "lever sent without htmx")


def test_a_phone_without_htmx_keeps_a_refused_testimony(server, new_context, facilitator_state):
    """The facilitator moves on while the witness writes: the plain post is refused with a
    whole page holding every field as typed and the reason above them."""
    person = ("Rose Marchand", "Foyer rural")
    created, phone = joined_without_htmx(
        server, new_context, facilitator_state, "Sans script 5", (5, STEP_5), person
    )
    facilitator_does(server, created["id"], SHOW_AN_ACTION)
    phone.reload()
    phone.get_by_role("button", name="Je témoigne de cette action").click()
    phone.get_by_label("Partenaires").fill("Le foyer rural et la mairie")
    phone.get_by_label("Lien avec la problématique").fill("Les aînés sortent de chez eux")
    facilitator_does(server, created["id"], NEXT_STEP)
    phone.get_by_role("button", name="Enregistrer mon témoignage").click()
    expect(phone.get_by_role("alert").filter(has_text="Les témoignages")).to_have_text(
        "Les témoignages se donnent pendant la séquence des actions existantes."
    )
    expect(phone.get_by_label("Partenaires")).to_have_value("Le foyer rural et la mairie")
    expect(phone.get_by_label("Lien avec la problématique")).to_have_value(
        "Les aînés sortent de chez eux"
    )
    fields = phone.get_by_role("group", name=re.compile("^Votre témoignage"))
    expect(fields).to_have_attribute("aria-describedby", "testimony-error")
    assert_accessible(phone, "testimony refused without htmx")


def test_a_phone_without_htmx_joins_a_table_and_writes_its_sheet(
    server, new_context, facilitator_state
):
    person = ("Rose Blanc", "Mairie")
    created, phone = joined_without_htmx(
        server, new_context, facilitator_state, "Sans script 4", (8, STEP_8), person
    )
    first_table = facilitator_does(server, created["id"], TWO_TABLES)
    # Neither htmx nor the sheets' own script arrive: the sheet is a plain form.
    phone.route("**/core/sheets.*.js", lambda route: route.abort())  # hashed name
    phone.reload()
    phone.locator(f"#join-table-{first_table}").click()
    expect(phone.locator("#my-sheet-title")).to_have_text("Votre table : table 1")
    expect(phone.get_by_role("heading", level=1)).to_have_text(STEP_8)
    assert_accessible(phone, "table joined without htmx")
    # One button sends the whole sheet; each field says what became of it.
    phone.get_by_label("Titre du projet").fill("Navette des villages")
    phone.get_by_label("Objectif").fill("Relier les villages")
    phone.get_by_role("button", name="Enregistrer la fiche").click()
    expect(saved_note(phone, "title")).to_be_visible()
    expect(saved_note(phone, "objective")).to_be_visible()
    expect(phone.get_by_label("Titre du projet")).to_have_value("Navette des villages")
    expect(phone.locator("[data-my-news]")).to_contain_text("Fiche remplie à 22 %")
    assert_accessible(phone, "sheet saved without htmx")
