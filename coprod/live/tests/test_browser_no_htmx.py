"""End to end, a phone on which htmx never arrived (a weak connection): every phone form still
posts as a plain form and answers with a whole page holding the region, a heading and a way
back, which passes axe-core."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, screenshot
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
