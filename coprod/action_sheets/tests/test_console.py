"""The projects and finalisation steps in the facilitator's console: tables created from the
validated syntheses (or blank), everyone spread or seated, each table's progress, who sits at it
and its latest critiques, the duo of referents and the priority vote, in place; the next action
follows the sheets; only the workshop's facilitators."""

from html import unescape

import pytest
from django.test import Client

from coprod.action_sheets import services
from coprod.action_sheets.models import Referent, Seat, Sheet
from coprod.agenda.kinds import StepKind
from coprod.live import regions
from coprod.participants.session import SESSION_KEY
from coprod.testing.factories import (
    ParticipantFactory,
    SheetFactory,
    UserFactory,
    WorkshopFactory,
    seed_agenda,
)
from coprod.testing.pages import visible_text
from coprod.voting.models import Poll

from .conftest import BUS, SHOPS, make_synthesis

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def html(response) -> str:
    return unescape(response.content.decode())


def console(client, workshop) -> str:
    return visible_text(client.get(f"/animer/{workshop.pk}/"))


def hint(client, workshop) -> str:
    page = console(client, workshop)
    return page.split("Prochaine action :")[1].split("Votes")[0].strip()


def post(client, workshop, action, data=None):
    return client.post(f"/animer/{workshop.pk}/tables/{action}/", data or {}, headers=HX)


@pytest.fixture
def validated(workshop):
    return [
        make_synthesis(workshop, BUS, position=1, label="Se déplacer sans voiture"),
        make_synthesis(workshop, SHOPS, position=2, label="Commerces de village"),
    ]


@pytest.fixture
def tables(workshop):
    return [SheetFactory(workshop=workshop, number=n) for n in (1, 2)]


# --- Creating the tables ------------------------------------------------------------------------


def test_tables_are_created_from_the_validated_syntheses_in_place(
    facilitator_client, workshop, validated, alice, projects_step
):
    assert hint(facilitator_client, workshop).startswith(
        "Créer les tables à partir des synthèses validées"
    )
    assert "Créer 2 tables à partir des synthèses validées" in console(facilitator_client, workshop)
    response = post(facilitator_client, workshop, "creer", {"console-create-client_key": "k1"})
    page = html(response)
    assert response.status_code == 200
    assert '<p id="console-announce" hx-swap-oob="innerHTML">2 tables créées' in page
    sheets = list(Sheet.objects.filter(workshop=workshop).order_by("number"))
    assert [s.synthesis for s in sheets] == validated
    # The region again, the new tables in it, titled by their group's name.
    assert "Se déplacer sans voiture" in visible_text(response)
    assert "Commerces de village" in visible_text(response)
    assert "Créer 2 tables" not in page
    # Alice has not chosen her table yet: that is what comes next.
    assert hint(facilitator_client, workshop).startswith(
        "Placer à une table la personne qui n'en a pas"
    )
    # Each synthesis has its table: a second press says so, in French.
    again = post(facilitator_client, workshop, "creer", {"console-create-client_key": "k2"})
    assert again.status_code == 400
    assert "Chaque orientation a déjà sa fiche." in html(again)
    assert Sheet.objects.filter(workshop=workshop).count() == 2


def test_the_same_press_sent_twice_creates_the_tables_once(
    facilitator_client, workshop, validated, projects_step
):
    for _ in range(2):
        post(facilitator_client, workshop, "creer", {"console-create-client_key": "same"})
    assert Sheet.objects.filter(workshop=workshop).count() == 2


def test_blank_tables_are_numbered_after_the_others(
    facilitator_client, workshop, tables, projects_step
):
    page = console(facilitator_client, workshop)
    assert "Nombre de tables vierges" in page and "Créer des tables vierges" in page
    response = post(facilitator_client, workshop, "creer", {"console-blank-count": "2"})
    assert response.status_code == 200
    assert "2 tables créées, leurs fiches prêtes." in html(response)
    numbers = Sheet.objects.filter(workshop=workshop).values_list("number", flat=True)
    assert sorted(numbers) == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("count", "message"),
    [
        ("", "Indiquez le nombre de tables."),
        ("trois", "Le nombre de tables est un nombre entier."),
        ("99", "Un atelier compte 20 tables au plus."),
    ],
)
def test_a_wrong_number_of_blank_tables_is_refused_in_french(
    facilitator_client, workshop, projects_step, count, message
):
    response = post(facilitator_client, workshop, "creer", {"console-blank-count": count})
    assert response.status_code == 400
    assert message in html(response)
    assert 'role="alert"' in html(response)
    assert not Sheet.objects.filter(workshop=workshop).exists()


def test_nothing_to_start_from_says_so(facilitator_client, workshop, projects_step):
    page = console(facilitator_client, workshop)
    assert "Aucune synthèse validée ni orientation décidée d'où partir" in page
    response = post(facilitator_client, workshop, "creer", {"console-create-client_key": "k"})
    assert response.status_code == 400
    assert "ni orientation décidée ni synthèse validée" in html(response)


# --- Who sits where -----------------------------------------------------------------------------


def test_everyone_is_spread_over_the_tables(
    facilitator_client, workshop, tables, alice, bruno, projects_step
):
    response = post(facilitator_client, workshop, "repartir", {"console-assign-count": "2"})
    assert response.status_code == 200
    assert "Les participants sont répartis en 2 tables." in html(response)
    assert Seat.objects.filter(workshop=workshop).count() == 2
    assert {s.sheet_id for s in Seat.objects.filter(workshop=workshop)} == {t.pk for t in tables}
    wrong = post(facilitator_client, workshop, "repartir", {"console-assign-count": "0"})
    assert wrong.status_code == 400 and "Il faut au moins une table." in html(wrong)


def test_a_person_without_a_phone_is_seated_and_shows_at_the_table(
    facilitator_client, workshop, tables, alice, projects_step
):
    bernard = ParticipantFactory(workshop=workshop, name="Bernard", has_phone=False)
    Seat.objects.create(workshop=workshop, sheet=tables[0], participant=alice)
    page = console(facilitator_client, workshop)
    assert "1 personne sans table : Bernard (sans téléphone)" in page
    response = post(
        facilitator_client,
        workshop,
        "placer",
        {"console-seat-participant": bernard.pk, "console-seat-sheet": tables[1].pk},
    )
    assert response.status_code == 200
    assert "Bernard est à la table 2." in html(response)
    text = visible_text(response)
    assert "1 personne : Alice" in text and "1 personne : Bernard (sans téléphone)" in text
    assert "sans table :" not in text
    assert Seat.objects.get(participant=bernard).sheet == tables[1]


def test_seating_someone_of_elsewhere_or_at_a_table_of_elsewhere_is_refused(
    facilitator_client, workshop, tables, alice, projects_step
):
    elsewhere = ParticipantFactory(name="Ailleurs")
    response = post(
        facilitator_client,
        workshop,
        "placer",
        {"console-seat-participant": elsewhere.pk, "console-seat-sheet": tables[0].pk},
    )
    assert response.status_code == 403
    assert "Cette personne ne participe pas à cet atelier." in html(response)
    other_table = SheetFactory()
    response = post(
        facilitator_client,
        workshop,
        "placer",
        {"console-seat-participant": alice.pk, "console-seat-sheet": other_table.pk},
    )
    assert response.status_code == 400
    assert "Choisissez une table de cet atelier." in html(response)
    assert not Seat.objects.exists()


# --- Progress and critiques ---------------------------------------------------------------------


def test_each_tables_progress_people_and_latest_critiques(
    facilitator_client, workshop, tables, alice, bruno, projects_step
):
    Seat.objects.create(workshop=workshop, sheet=tables[0], participant=alice)
    Seat.objects.create(workshop=workshop, sheet=tables[0], participant=bruno)
    services.save_field(
        tables[0], "title", value="Navette des villages", base_version=0, participant=alice
    )
    services.add_comment(
        tables[0],
        participant=bruno,
        text="Un seul trajet par semaine",
        is_critique=True,
        suggestion="Deux trajets, dont un le samedi",
    )
    services.add_comment(
        tables[0], participant=alice, text="Et le coût ?", is_critique=True, suggestion="Gratuit"
    )
    page = console(facilitator_client, workshop)
    assert "Navette des villages 2 critiques" in page
    assert "2 personnes : Alice, Bruno" in page
    row = page.split("Navette des villages")[1]
    assert row.split("%")[0].strip().endswith("11")  # one field of nine
    critiques = page.split("Critiques et suggestions, table 1")[1]
    assert critiques.index("Et le coût ?") < critiques.index("Un seul trajet par semaine")
    assert "Suggestion : Deux trajets, dont un le samedi — Bruno" in critiques
    assert hint(facilitator_client, workshop).startswith("Suivre les tables : 2 fiches à compléter")


def test_a_sheet_event_pushes_the_next_action_with_the_sheets(
    workshop, validated, alice, facilitator, projects_step
):
    """The sheets-only push (a phone saves, a table is created) carries the console's next
    action too: out of band, beside the sheets region."""
    services.create_sheets(workshop, actor=facilitator)
    out = regions.render(workshop.pk, ["tables.changed"], {("facilitator", "fr")})
    frame = unescape(out[("facilitator", "fr")])
    assert frame.startswith('<div id="console-sheets" hx-swap-oob="innerHTML">')
    assert (
        '<span id="console-next-action-hint" hx-swap-oob="true">Placer à une table la personne'
        in frame
    )
    assert frame.count('id="console-next-action-hint"') == 1


# --- The finalisation ---------------------------------------------------------------------------


@pytest.fixture
def finalisation(workshop, run_to):
    return run_to(workshop, StepKind.FINALISATION)


def test_the_duo_of_referents_is_chosen_in_place(
    facilitator_client, workshop, tables, alice, bruno, finalisation
):
    assert hint(facilitator_client, workshop).startswith("Choisir le duo de référents")
    page = console(facilitator_client, workshop)
    assert "Pas encore désignés" in page and "Créer des tables vierges" not in page
    response = post(
        facilitator_client,
        workshop,
        "referents",
        {"console-referents-first": alice.pk, "console-referents-second": bruno.pk},
    )
    assert response.status_code == 200
    assert "Le duo de référents : Alice et Bruno." in html(response)
    assert "Pour présenter l'atelier à la restitution : Alice et Bruno." in visible_text(response)
    assert [r.participant for r in Referent.objects.order_by("position")] == [alice, bruno]
    assert hint(facilitator_client, workshop).startswith("Terminer l'atelier")


def test_the_same_person_twice_is_not_a_duo(
    facilitator_client, workshop, tables, alice, finalisation
):
    response = post(
        facilitator_client,
        workshop,
        "referents",
        {"console-referents-first": alice.pk, "console-referents-second": alice.pk},
    )
    assert response.status_code == 400
    assert "Désignez deux personnes différentes comme duo de référents." in html(response)
    assert not Referent.objects.exists()


def test_the_priority_vote_between_the_sheets_opens_from_the_console(
    facilitator_client, workshop, tables, finalisation
):
    response = post(
        facilitator_client,
        workshop,
        "vote",
        {"console-poll-method": "majority_judgment", "console-poll-client_key": "p1"},
    )
    assert response.status_code == 200
    assert "Le vote de priorité entre les fiches est ouvert." in html(response)
    poll = Poll.objects.get(workshop=workshop)
    assert poll.is_open and poll.options.count() == 2
    # The console's votes region shows it, with who has not voted.
    assert "Priorité entre les fiches action" in console(facilitator_client, workshop)


def test_without_javascript_a_control_comes_back_to_the_console(
    facilitator_client, workshop, validated, projects_step
):
    response = facilitator_client.post(
        f"/animer/{workshop.pk}/tables/creer/", {"console-create-client_key": "k"}
    )
    assert response.status_code == 302 and response["Location"] == f"/animer/{workshop.pk}/"
    assert Sheet.objects.filter(workshop=workshop).count() == 2


# --- Who may ------------------------------------------------------------------------------------

CONTROLS = ["creer", "repartir", "placer", "referents", "vote"]


def _tried_everything(client, workshop, alice, bruno, tables) -> None:
    data = {
        "console-create-client_key": "x",
        "console-assign-count": "2",
        "console-seat-participant": alice.pk,
        "console-seat-sheet": tables[0].pk,
        "console-referents-first": alice.pk,
        "console-referents-second": bruno.pk,
        "console-poll-method": "majority_judgment",
    }
    for action in CONTROLS:
        response = post(client, workshop, action, data)
        assert response.status_code == 403, action
        assert "Seuls les animateurs de cet atelier" in html(response), action
    assert client.get(f"/animer/{workshop.pk}/tables/", headers=HX).status_code == 403


def test_another_workshops_facilitator_is_refused_in_french(
    workshop, validated, tables, alice, bruno, finalisation
):
    neighbour = UserFactory()
    seed_agenda(WorkshopFactory(facilitators=[neighbour]))
    client = Client()
    client.force_login(neighbour)
    _tried_everything(client, workshop, alice, bruno, tables)
    assert Sheet.objects.filter(workshop=workshop).count() == 2
    assert not Seat.objects.exists() and not Referent.objects.exists()
    assert not Poll.objects.exists()


def test_a_participants_phone_is_refused_in_french(
    workshop, validated, tables, alice, bruno, finalisation
):
    phone = Client()
    session = phone.session
    session[SESSION_KEY] = {str(workshop.pk): alice.pk}
    session.save()
    _tried_everything(phone, workshop, alice, bruno, tables)
    assert not Seat.objects.exists() and not Referent.objects.exists()
    assert not Poll.objects.exists()
