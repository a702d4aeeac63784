"""Joining from a phone: the code form, the round-table card with the charter, the rate limit."""

import time

import pytest
from django_ratelimit import core as ratelimit_core

from coprod.agenda import services as agenda
from coprod.participants.models import Participant
from coprod.testing.pages import visible_text

pytestmark = pytest.mark.django_db

TOO_MANY = "Trop de codes erronés. Patientez une minute, puis vérifiez le code au tableau."
UNKNOWN = "Ce code ne correspond à aucun atelier."


def card(workshop, **fields):
    return {
        "code": workshop.join_code,
        "name": "Jeanne Martin",
        "organisation": "Mairie de Théméricourt",
        "link_to_theme": "Je coordonne le transport à la demande.",
        "accept_charter": "on",
    } | fields


# --- Typing the code --------------------------------------------------------------------------


def test_home_shows_the_code_form(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Rejoindre un atelier" in visible_text(response)
    assert 'name="code"' in response.content.decode()


def test_home_code_as_typed_leads_to_the_join_card(client, workshop):
    """A code typed in lower case with a dash opens the workshop's join card."""
    code = workshop.join_code
    response = client.post("/", {"code": f"{code[:3].lower()}-{code[3:].lower()}"})
    assert response.status_code == 302
    assert response["Location"] == f"/j/{code}/"


@pytest.mark.parametrize(
    ("code", "message"),
    [("ZZZZZZ", UNKNOWN), ("", "Ce champ est obligatoire."), ("x" * 13, "au plus 12 caractères")],
)
def test_home_code_errors_are_shown_in_french(client, workshop, code, message):
    """Unknown, missing or over-long codes re-display the form with a French explanation."""
    response = client.post("/", {"code": code})
    assert response.status_code == 400
    assert message in visible_text(response)


# --- The join card ----------------------------------------------------------------------------


def test_join_card_shows_the_question_and_the_charter(client, workshop):
    response = client.get(f"/j/{workshop.join_code}/")
    assert response.status_code == 200
    assert workshop.question in visible_text(response)
    assert "Toute critique doit être associée à une suggestion" in visible_text(response)
    assert "Rejoindre l'atelier" in visible_text(response)


def test_join_link_with_a_lower_case_code_works(client, workshop):
    assert client.get(f"/j/{workshop.join_code.lower()}/").status_code == 200


def test_unknown_join_link_is_a_404_with_the_code_form(client, workshop):
    response = client.get("/j/ZZZZZZ/")
    assert response.status_code == 404
    assert UNKNOWN in visible_text(response)


def test_joining_creates_the_participant_and_opens_their_phone_page(client, workshop):
    """Posting the card creates the participant and redirects to /p/<workshop id>/."""
    response = client.post(f"/j/{workshop.join_code}/", card(workshop))
    assert response.status_code == 302
    assert response["Location"] == f"/p/{workshop.pk}/"
    participant = Participant.objects.get()
    assert (participant.workshop, participant.name, participant.organisation) == (
        workshop,
        "Jeanne Martin",
        "Mairie de Théméricourt",
    )
    phone = client.get(response["Location"])
    assert phone.status_code == 200
    assert workshop.title in visible_text(phone)
    assert "L'atelier va bientôt commencer." in visible_text(phone)


def test_joining_without_accepting_the_charter_is_refused(client, workshop):
    response = client.post(f"/j/{workshop.join_code}/", card(workshop, accept_charter=""))
    assert response.status_code == 400
    assert "Pour participer, acceptez les règles du jeu de l'atelier." in visible_text(response)
    assert not Participant.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [({"name": ""}, "Ce champ est obligatoire."), ({"name": "x" * 81}, "au plus 80 caractères")],
)
def test_join_card_field_errors(client, workshop, fields, message):
    response = client.post(f"/j/{workshop.join_code}/", card(workshop, **fields))
    assert response.status_code == 400
    assert message in visible_text(response)
    assert not Participant.objects.exists()


def test_ended_workshop_join_link_says_it_is_over(client, workshop, facilitator):
    agenda.end_workshop(workshop, actor=facilitator)
    response = client.get(f"/j/{workshop.join_code}/")
    assert response.status_code == 404
    assert "Cet atelier est terminé" in visible_text(response)


# --- Rate limit -------------------------------------------------------------------------------


@pytest.fixture
def one_minute(monkeypatch):
    """All tries fall inside one rate-limit window, whatever the wall clock does."""
    now = time.time()
    monkeypatch.setattr(ratelimit_core, "time", type("FrozenTime", (), {"time": lambda: now}))


def wrong_code(client):
    return client.post("/", {"code": "ZZZZZZ"})


def joins_with_the_right_code(client, workshop) -> bool:
    """The whole way in: the code typed on the home page, the card, the phone page."""
    typed = client.post("/", {"code": workshop.join_code})
    if typed.status_code != 302:
        return False
    posted = client.post(typed["Location"], card(workshop))
    return posted.status_code == 302 and client.get(posted["Location"]).status_code == 200


def test_ten_wrong_codes_block_the_next_wrong_one_not_the_right_code(client, workshop, one_minute):
    """After 10 wrong codes from a browser, an 11th wrong one gets HTTP 429 and a French
    message; the right code still gets in."""
    client.get("/")  # the code form: its CSRF cookie tells this browser apart (no session)
    for _ in range(10):
        response = wrong_code(client)
        assert response.status_code == 400
        assert UNKNOWN in visible_text(response)
    blocked = wrong_code(client)
    assert blocked.status_code == 429
    assert TOO_MANY in visible_text(blocked)
    assert client.get("/j/ZZZZZZ/").status_code == 429
    assert joins_with_the_right_code(client, workshop)


def test_sixty_wrong_codes_from_one_address_then_the_right_code_joins(workshop, one_minute):
    """A village hall's phones share one address: 60 wrong codes from it use up the address's
    tries (a 61st wrong one from a fresh phone is refused), yet a phone typing the right code
    from that address still joins."""
    from django.test import Client

    address = "203.0.113.7"
    for _ in range(6):
        phone = Client(REMOTE_ADDR=address)
        phone.get("/")
        for _ in range(10):
            assert wrong_code(phone).status_code == 400
    latecomer = Client(REMOTE_ADDR=address)
    latecomer.get("/")
    assert wrong_code(latecomer).status_code == 429
    assert joins_with_the_right_code(Client(REMOTE_ADDR=address), workshop)
    assert Participant.objects.filter(workshop=workshop).count() == 1


def test_wrong_join_links_count_as_wrong_codes(client, workshop, one_minute):
    client.get("/")
    for _ in range(10):
        assert client.get("/j/ZZZZZZ/").status_code == 404
    assert wrong_code(client).status_code == 429
    assert joins_with_the_right_code(client, workshop)


def test_another_phone_is_not_blocked_by_a_neighbour(client, workshop, one_minute):
    """The per-browser limit leaves a neighbouring phone (same address) free to try."""
    from django.test import Client

    client.get("/")
    for _ in range(11):
        wrong_code(client)
    assert wrong_code(client).status_code == 429
    neighbour = Client(REMOTE_ADDR=client.defaults["REMOTE_ADDR"])
    neighbour.get("/")
    assert wrong_code(neighbour).status_code == 400


def test_an_address_probing_codes_faster_than_a_room_is_stopped(
    client, workshop, settings, one_minute
):
    """Every look-up of a code counts towards a cap per address far above a room's arrivals:
    past it even a right code waits, so a script cannot probe or add voters at full speed."""
    settings.JOIN_LOOKUPS_PER_ADDRESS_PER_MINUTE = 5
    for _ in range(5):
        assert client.get(f"/j/{workshop.join_code}/").status_code == 200
    refused = client.get(f"/j/{workshop.join_code}/")
    assert refused.status_code == 429
    assert "Trop de demandes depuis ce réseau" in visible_text(refused)


# --- Sessions ---------------------------------------------------------------------------------


def test_a_visit_writes_no_session_until_a_join_succeeds(client, workshop):
    """Visiting the code form or a join link, or typing a wrong code, stores no session; the
    session starts when the join succeeds."""
    from django.contrib.sessions.models import Session

    client.get("/")
    client.post("/", {"code": "ZZZZZZ"})
    client.get(f"/j/{workshop.join_code}/")
    client.post(f"/j/{workshop.join_code}/", card(workshop, name=""))  # a refused card
    assert Session.objects.count() == 0
    assert client.post(f"/j/{workshop.join_code}/", card(workshop)).status_code == 302
    assert Session.objects.count() == 1


def test_a_browser_that_joined_is_not_added_twice(client, workshop):
    """The join link again (a second scan, the back button) leads to the phone page: the
    browser stays one participant."""
    client.post(f"/j/{workshop.join_code}/", card(workshop))
    again = client.post(f"/j/{workshop.join_code}/", card(workshop, name="Jeanne encore"))
    assert again.status_code == 302
    assert again["Location"] == f"/p/{workshop.pk}/"
    assert list(Participant.objects.values_list("name", flat=True)) == ["Jeanne Martin"]


@pytest.mark.parametrize("field", ["name", "organisation"])
def test_joining_with_a_control_character_is_refused_in_french(client, workshop, field):
    response = client.post(f"/j/{workshop.join_code}/", card(workshop, **{field: "Jeanne\x00"}))
    assert response.status_code == 400
    assert "contient des caractères invisibles non autorisés" in visible_text(response)
    assert not Participant.objects.exists()
