"""End to end, issue 17: whole steps run from the console, without leaving it.

The proposals step: two phones send proposals; the facilitator adds a person without a phone
and a paper post-it, groups, opens the validation vote, follows its tally as the phones answer,
answers an objection, records the vote of the person without a phone, sees « n'ont pas encore
voté » shrink and closes the vote. The projects and finalisation steps: the tables are created
from the validated syntheses, two phones sit at one and write its sheet, the console follows its
progress, who sits there and a critique with its suggestion, then the duo of referents is chosen
and their phones say so.
With the keyboard, on one console page that is never reloaded nor left, each change announced
in its polite live region. axe-core finds nothing.
"""

import pytest
from playwright.sync_api import expect

from coprod.testing.browser import (
    LiveRegion,
    assert_accessible,
    assert_not_reloaded,
    mark_page,
    screenshot,
)
from coprod.testing.themes import THEMES

from .test_browser import (
    PUSH,
    STEP_4,
    act,
    create_workshop,
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


def drive(console, name: str) -> None:
    """Press an agenda control and wait for its own answer: that answer and the push it causes
    both redraw the console, and a key pressed between the two lands on a button being
    replaced."""
    with console.expect_response(lambda response: "/commande/" in response.url):
        act(console, name)
    idle(console)


def type_into(page, locator, text: str) -> None:
    idle(page)
    tab_to(page, locator, limit=FAR)
    page.keyboard.type(text)


def two_phones(new_context, url: str, code: str) -> list:
    """Alice Martin and Bruno Lefèvre join from their phones, connected."""
    phones = []
    for name in ("Alice Martin", "Bruno Lefèvre"):
        phone = new_context("phone").new_page()
        phone.goto(f"{url}/j/{code}/")
        join(phone, name, "Mairie de Vigny", "")
        wait_connected(phone)
        phones.append(phone)
    return phones


def test_a_whole_proposals_step_without_leaving_the_console(server, new_context, facilitator_state):
    url, workshop, code = server.url, server.demo["workshop"], server.demo["join_code"]
    laptop = new_context("laptop", storage_state=facilitator_state)
    console = open_console(laptop, url, workshop)
    address = console.url
    mark_page(console)
    announced = LiveRegion(console, "#console-announce")
    live = console.locator("#console-live")

    # Bernard has no phone: the facilitator adds him from the console.
    offline = console.locator("#console-offline")
    type_into(console, offline.get_by_label("Nom", exact=True), "Bernard Petit")
    press(console, offline.get_by_role("button", name="Ajouter"))
    announced.expect_said("Bernard Petit a été ajouté·e (sans téléphone).")
    expect(offline.get_by_label("Nom", exact=True)).to_have_value("")
    expect(live.locator(".room")).to_contain_text("Bernard Petit", timeout=PUSH)

    drive(console, "Commencer l'atelier")
    for _ in range(3):
        drive(console, "Séquence suivante →")
    expect_step([(console, "console")], STEP_4)
    hint = console.locator("#console-next-action-hint")
    expect(hint).to_have_text("Attendre les propositions, saisir les post-its papier")

    # Two phones join and propose; their proposals reach the console as they are sent.
    alice, bruno = phones = two_phones(new_context, url, code)
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
    announced.expect_said("Post-it ajouté.")
    expect(proposals.get_by_role("heading", level=2)).to_have_text("5 propositions")
    expect(proposals.get_by_label("Post-it papier ou proposition dite à voix haute")).to_have_value(
        ""
    )
    expect(hint).to_have_text("Regrouper les propositions proches", timeout=PUSH)
    assert_accessible(console, "console, proposals step")

    # Group, then open the vote on the transport group's synthesis.
    groups = console.locator("#console-groups")
    press(console, groups.get_by_role("button", name="Regrouper les propositions proches"))
    announced.expect_said("Propositions regroupées", partial=True)
    transport = groups.locator("section.board-column").filter(has_text=TRANSPORT[0])
    expect(transport).to_have_count(1)
    expect(hint).to_have_text("Ouvrir le vote de validation", timeout=PUSH)
    synthesis = transport.get_by_label("Phrase de synthèse").input_value()
    assert synthesis
    press(console, transport.get_by_role("button", name="Ouvrir le vote de validation"))
    announced.expect_said("Vote de validation ouvert : les téléphones affichent la synthèse.")
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
    announced.expect_said("Réponse enregistrée : l'objection ne bloque plus le vote.")
    expect(objection).to_contain_text(f"Réponse : {ANSWER}")
    expect(vote.locator(".outcome")).not_to_contain_text("Des objections attendent une réponse.")
    assert_accessible(console, "console, objection answered")

    # Bernard's answer, said aloud: one key press on his row.
    ballot = vote.locator("form.ballot-for").filter(has_text="Réponse de Bernard Petit")
    press(console, ballot.get_by_role("button", name="Je peux vivre avec — Bernard Petit"))
    announced.expect_said("Réponse de Bernard Petit enregistrée.")
    expect(vote).to_have_attribute("data-voters", "3")
    expect(vote.locator(".tally")).to_contain_text("1 personne peut vivre avec")
    expect(turnout).to_have_text("Tout le monde a voté.")
    expect(vote.locator(".outcome")).to_have_text("Si vous closez maintenant : synthèse validée.")
    expect(hint).to_have_text("Tout le monde a voté : clore le vote", timeout=PUSH)
    screenshot(console, "console-vote-everyone-answered", full_page=True)

    press(console, vote.get_by_role("button", name="Clore le vote"))
    announced.expect_said("Vote clos : la synthèse est validée.")
    expect(console.locator("#console-votes .console-vote")).to_have_count(0)
    expect(transport.locator(".status")).to_have_text("validée", timeout=PUSH)
    expect(console.locator("section.validated li")).to_have_text([synthesis], timeout=PUSH)
    expect(hint).to_have_text("Ouvrir le vote de validation")  # the other group is next

    assert console.url == address
    assert_not_reloaded(console)
    assert_accessible(console, "console, vote closed")


STEP_8 = "Construction des projets"
STEP_9 = "Finalisation et préparation de la restitution"
# Two syntheses the group validated earlier in the workshop, in their named groups.
VALIDATED = """
from coprod.grouping.models import Cluster, Synthesis
from coprod.workshops.models import Workshop
w = Workshop.objects.get(pk={workshop})
for n, (label, text) in enumerate([
    ("Se déplacer sans voiture", "Un transport à la demande pour les villages sans bus"),
    ("Commerces de village", "Une épicerie et un point poste dans chaque village"),
], start=1):
    cluster = Cluster.objects.create(workshop=w, label=label, position=n)
    Synthesis.objects.create(cluster=cluster, text=text, status=Synthesis.Status.VALIDATED)
"""
CRITIQUE = "Un seul trajet par semaine, c'est peu"
BETTER = "Deux trajets : mardi et vendredi"


def test_the_projects_and_finalisation_steps_without_leaving_the_console(
    server, new_context, facilitator_state
):
    laptop = new_context("laptop", storage_state=facilitator_state)
    created = create_workshop(laptop.new_page(), server.url, "Projets depuis la console")
    workshop = created["id"]
    server.servers.manage("shell", "-c", VALIDATED.format(workshop=workshop))
    console = open_console(laptop, server.url, workshop)
    address = console.url
    mark_page(console)
    announced = LiveRegion(console, "#console-announce")
    hint = console.locator("#console-next-action-hint")
    drive(console, "Commencer l'atelier")
    for _ in range(7):
        drive(console, "Séquence suivante →")
    expect_step([(console, "console")], STEP_8)
    announced.expect_said(f"Nouvelle séquence : {STEP_8}", timeout=PUSH)
    expect(hint).to_have_text("Créer les tables à partir des synthèses validées")

    # Two phones join before the tables exist.
    alice, bruno = phones = two_phones(new_context, server.url, created["code"])
    for phone in phones:
        expect(phone.locator("[data-personal]")).to_contain_text("L'animateur prépare les tables")
    # Their arrival has reached the console (a push redraws it: a key press waits for that).
    expect(console.locator(".room .presence.online")).to_have_count(2, timeout=PUSH)

    # One key press: a table per validated synthesis, titled by its group's name.
    sheets = console.locator("#console-sheets")
    press(console, sheets.get_by_role("button", name="Créer 2 tables à partir des synthèses"))
    announced.expect_said("2 tables créées, leurs fiches prêtes.")
    rows = sheets.locator("table.sheets-overview tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Se déplacer sans voiture")
    expect(rows.nth(1)).to_contain_text("Commerces de village")
    expect(sheets.get_by_role("button", name="Créer 2 tables")).to_have_count(0)
    expect(sheets.locator(".unseated")).to_contain_text(
        "2 personnes sans table : Alice Martin, Bruno Lefèvre", timeout=PUSH
    )
    expect(hint).to_have_text("Placer à une table les 2 personnes qui n'en ont pas", timeout=PUSH)
    assert_accessible(console, "console, tables created")

    # The phones are offered the tables and both sit at table 1: the console sees who is there.
    first = rows.nth(0).get_attribute("data-sheet")
    for phone in phones:
        phone.locator(f"#join-table-{first}").click(timeout=PUSH)
        expect(phone.locator("#my-sheet-title")).to_have_text("Votre table : table 1", timeout=PUSH)
    table = sheets.locator(f"tr[data-sheet='{first}']")
    expect(table.locator(".seated")).to_have_text(
        "2 personnes : Alice Martin, Bruno Lefèvre", timeout=PUSH
    )
    expect(sheets.locator(".unseated")).to_have_count(0)
    expect(hint).to_have_text("Suivre les tables : 2 fiches à compléter", timeout=PUSH)

    # Alice writes the objective: the table's progress and its last change move on the console.
    expect(table.locator(".percent")).to_have_text("11 %")
    alice.get_by_label("Objectif").fill("Relier les villages sans voiture")
    expect(alice.locator("#sf-objective-status")).to_have_text("Enregistré", timeout=PUSH)
    expect(table.locator(".percent")).to_have_text("22 %", timeout=PUSH)
    expect(table).to_contain_text("Alice Martin")

    # Bruno's critique with its suggestion reaches the console under its table.
    bruno.get_by_label("Votre commentaire").fill(CRITIQUE)
    bruno.get_by_label("C'est une critique").check()
    bruno.get_by_label("Votre suggestion").fill(BETTER)
    bruno.locator("#comment-send").click()
    critiques = sheets.locator(f"ul.critiques[data-sheet='{first}']")
    expect(critiques).to_contain_text(f"Critique : {CRITIQUE}", timeout=PUSH)
    expect(critiques).to_contain_text(f"Suggestion : {BETTER}")
    expect(critiques).to_contain_text("Bruno Lefèvre")
    expect(table).to_contain_text("1 critique")
    assert_accessible(console, "console, a table's progress and critique")

    # The finalisation: the duo of referents, chosen in place.
    drive(console, "Séquence suivante →")
    expect_step([(console, "console")], STEP_9)
    announced.expect_said(f"Nouvelle séquence : {STEP_9}", timeout=PUSH)
    expect(hint).to_have_text("Choisir le duo de référents")
    duo = console.locator("#console-sheets form").filter(
        has=console.get_by_role("button", name="Désigner le duo")
    )
    # The step's own answer and its push both redraw the console: choose once both are in.
    idle(console)
    duo.get_by_label("Premier référent").select_option(label="Alice Martin (Mairie de Vigny)")
    duo.get_by_label("Second référent").select_option(label="Bruno Lefèvre (Mairie de Vigny)")
    press(console, duo.get_by_role("button", name="Désigner le duo"))
    announced.expect_said("Le duo de référents : Alice Martin et Bruno Lefèvre.")
    expect(sheets.locator(".console-referents")).to_have_text(
        "Pour présenter l'atelier à la restitution : Alice Martin et Bruno Lefèvre."
    )
    expect(hint).to_have_text("Terminer l'atelier", timeout=PUSH)
    # The referents' phones are told (referents.changed), with what they type kept.
    for phone in phones:
        expect(phone.locator("#phone-referent")).to_contain_text(
            "Vous faites partie du duo de référents", timeout=PUSH
        )
    expect(alice.get_by_label("Objectif")).to_have_value("Relier les villages sans voiture")
    screenshot(console, "console-finalisation", full_page=True)

    assert console.url == address
    assert_not_reloaded(console)
    assert_accessible(console, "console, referents chosen")
