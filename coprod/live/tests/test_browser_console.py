"""End to end, issue 17: a whole proposals step run from the console, without leaving it.

Two phones send proposals; the facilitator adds a person without a phone and a paper post-it,
groups, opens the validation vote, follows its tally as the phones answer, answers an
objection, records the vote of the person without a phone, sees « n'ont pas encore voté »
shrink and closes the vote — with the keyboard, on one console page that is never reloaded
nor left, each change announced in its polite live region. axe-core finds nothing.
"""

import pytest
from playwright.sync_api import expect

from coprod.testing.browser import assert_accessible, assert_not_reloaded, mark_page, screenshot
from coprod.testing.themes import THEMES

from .test_browser import (
    PUSH,
    STEP_4,
    act,
    expect_step,
    idle,
    join,
    open_console,
    tab_to,
    wait_connected,
)
from .test_browser_synthesis import answer_vote, phone_button, send_proposal

pytestmark = pytest.mark.browser

TRANSPORT, SHOPS = THEMES["transport"], THEMES["shops"]
POSTIT = TRANSPORT[2]
REASON = "Les personnes âgées ne sont pas citées."
SUGGESTION = "Ajouter : y compris pour les personnes âgées sans voiture."
ANSWER = "Elles sont comprises dans « chaque village » ; nous le dirons."
FAR = 400  # the console is long in the proposals step: Tab may have a way to go


def press(page, locator, key: str = "Enter") -> None:
    """Reach `locator` with Tab, then press `key` on it: the keyboard only."""
    idle(page)
    tab_to(page, locator, limit=FAR)
    page.keyboard.press(key)


def type_into(page, locator, text: str) -> None:
    idle(page)
    tab_to(page, locator, limit=FAR)
    page.keyboard.type(text)


def test_a_whole_proposals_step_without_leaving_the_console(server, new_context, facilitator_state):
    url, workshop, code = server.url, server.demo["workshop"], server.demo["join_code"]
    laptop = new_context("laptop", storage_state=facilitator_state)
    console = open_console(laptop, url, workshop)
    address = console.url
    mark_page(console)
    announce = console.locator("#console-announce")
    live = console.locator("#console-live")

    # Bernard has no phone: the facilitator adds him from the console.
    offline = console.locator("#console-offline")
    type_into(console, offline.get_by_label("Nom", exact=True), "Bernard Petit")
    press(console, offline.get_by_role("button", name="Ajouter"))
    expect(announce).to_have_text("Bernard Petit a été ajouté·e (sans téléphone).")
    expect(offline.get_by_label("Nom", exact=True)).to_have_value("")
    expect(live.locator(".room")).to_contain_text("Bernard Petit", timeout=PUSH)

    act(console, "Commencer l'atelier")
    for _ in range(3):
        act(console, "Séquence suivante →")
    expect_step([(console, "console")], STEP_4)
    hint = console.locator("#console-next-action-hint")
    expect(hint).to_have_text("Attendre les propositions, saisir les post-its papier")

    # Two phones join and propose; their proposals reach the console as they are sent.
    phones = []
    for name in ("Alice Martin", "Bruno Lefèvre"):
        phone = new_context("phone").new_page()
        phone.goto(f"{url}/j/{code}/")
        join(phone, name, "Mairie de Vigny", "")
        wait_connected(phone)
        phones.append(phone)
    alice, bruno = phones
    for phone, n in ((alice, 0), (bruno, 1)):
        for theme in (TRANSPORT, SHOPS):
            send_proposal(phone, theme[n])
    proposals = console.locator("#console-proposals")
    for theme in (TRANSPORT, SHOPS):
        expect(proposals).to_contain_text(theme[1], timeout=PUSH)
    expect(proposals.get_by_role("heading", level=2)).to_have_text("4 propositions")

    # A paper post-it, typed with the keyboard: added, announced, and the field is empty again.
    type_into(
        console, proposals.get_by_label("Post-it papier ou proposition dite à voix haute"), POSTIT
    )
    press(console, proposals.get_by_role("button", name="Ajouter le post-it"))
    expect(announce).to_have_text("Post-it ajouté.")
    expect(proposals.get_by_role("heading", level=2)).to_have_text("5 propositions")
    expect(proposals.get_by_label("Post-it papier ou proposition dite à voix haute")).to_have_value(
        ""
    )
    expect(hint).to_have_text("Regrouper les propositions proches", timeout=PUSH)
    assert_accessible(console, "console, proposals step")

    # Group, then open the vote on the transport group's synthesis.
    groups = console.locator("#console-groups")
    press(console, groups.get_by_role("button", name="Regrouper les propositions proches"))
    expect(announce).to_contain_text("Propositions regroupées")
    transport = groups.locator("li.card").filter(has_text=TRANSPORT[0])
    expect(transport).to_have_count(1)
    expect(hint).to_have_text("Ouvrir le vote de validation", timeout=PUSH)
    synthesis = transport.get_by_label("Phrase de synthèse").input_value()
    assert synthesis
    press(console, transport.get_by_role("button", name="Ouvrir le vote de validation"))
    expect(announce).to_have_text(
        "Vote de validation ouvert : les téléphones affichent la synthèse."
    )
    vote = console.locator("#console-votes .console-vote")
    expect(vote).to_have_attribute("data-voters", "0")
    expect(vote).to_contain_text(synthesis)
    turnout = vote.locator(".turnout")
    expect(turnout).to_contain_text("3 personnes n'ont pas encore voté :")
    expect(turnout).to_contain_text("Alice Martin, Bernard Petit (sans téléphone), Bruno Lefèvre")
    assert_accessible(console, "console, vote open")

    # The phones answer; the tally and the turnout move on the console by themselves.
    for phone in phones:
        expect(phone.locator("#phone-live h2").first).to_have_text(
            "Validons-nous cette synthèse ?", timeout=PUSH
        )
    answer_vote(alice, "Pour")
    expect(vote).to_have_attribute("data-voters", "1", timeout=PUSH)
    expect(turnout).to_contain_text("2 personnes n'ont pas encore voté :", timeout=PUSH)
    expect(turnout).not_to_contain_text("Alice Martin")
    phone_button(bruno, "Objection").click()
    bruno.get_by_label("Pourquoi cette objection ?").fill(REASON)
    bruno.get_by_label("Votre suggestion pour l'améliorer").fill(SUGGESTION)
    phone_button(bruno, "Envoyer mon objection").click()
    objection = vote.locator(".objection")
    expect(objection).to_contain_text(REASON, timeout=PUSH)
    expect(objection).to_contain_text(SUGGESTION)
    expect(objection).to_contain_text("sans réponse")
    expect(vote.locator(".tally")).to_contain_text("1 objection")
    expect(hint).to_have_text("Répondre aux objections")
    expect(turnout).to_contain_text("1 personne n'a pas encore voté : Bernard Petit")
    for name in ("Alice Martin", "Bruno Lefèvre"):  # never who objected
        expect(vote.locator(".objections")).not_to_contain_text(name)

    # The answer, typed in place; the phones are told by the same service as before.
    type_into(console, objection.get_by_label("Répondre à l'objection"), ANSWER)
    press(console, objection.get_by_role("button", name="Envoyer la réponse"))
    expect(announce).to_have_text("Réponse enregistrée : l'objection ne bloque plus le vote.")
    expect(objection).to_contain_text(f"Réponse : {ANSWER}")
    expect(vote.locator(".outcome")).not_to_contain_text("Des objections attendent une réponse.")
    assert_accessible(console, "console, objection answered")

    # Bernard's answer, said aloud: one key press on his row.
    ballot = vote.locator("form.ballot-for").filter(has_text="Réponse de Bernard Petit")
    press(console, ballot.get_by_role("button", name="Je peux vivre avec — Bernard Petit"))
    expect(announce).to_have_text("Réponse de Bernard Petit enregistrée.")
    expect(vote).to_have_attribute("data-voters", "3")
    expect(vote.locator(".tally")).to_contain_text("1 personne peut vivre avec")
    expect(turnout).to_have_text("Tout le monde a voté.")
    expect(vote.locator(".outcome")).to_have_text("Si vous closez maintenant : synthèse validée.")
    expect(hint).to_have_text("Tout le monde a voté : clore le vote", timeout=PUSH)
    screenshot(console, "console-vote-everyone-answered", full_page=True)

    press(console, vote.get_by_role("button", name="Clore le vote"))
    expect(announce).to_have_text("Vote clos : la synthèse est validée.")
    expect(console.locator("#console-votes .console-vote")).to_have_count(0)
    expect(transport.locator(".status")).to_have_text("validée", timeout=PUSH)
    expect(console.locator("section.validated li")).to_have_text([synthesis], timeout=PUSH)
    expect(hint).to_have_text("Ouvrir le vote de validation")  # the other group is next

    assert console.url == address
    assert_not_reloaded(console)
    assert_accessible(console, "console, vote closed")
