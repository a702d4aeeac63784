"""Joining from a phone: the code form, the round-table card with the charter, the rate limit."""

import time

import pytest
from django_ratelimit import core as ratelimit_core

from coprod.agenda import services as agenda
from coprod.core.tests.pages import visible_text
from coprod.participants.models import Participant

pytestmark = pytest.mark.django_db

TOO_MANY = "Trop d'essais de code. Patientez une minute avant de réessayer."
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
    assert response.status_code == 200
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


def test_ten_failed_tries_in_a_minute_block_the_next_one(client, workshop, one_minute):
    """After 10 wrong codes the 11th try is refused with HTTP 429 and a French message,
    even with the right code."""
    for _ in range(10):
        response = client.post("/", {"code": "ZZZZZZ"})
        assert response.status_code == 200
        assert UNKNOWN in visible_text(response)
    blocked = client.post("/", {"code": workshop.join_code})
    assert blocked.status_code == 429
    assert TOO_MANY in visible_text(blocked)
    assert client.get(f"/j/{workshop.join_code}/").status_code == 429


def test_failed_join_links_count_as_failed_tries(client, workshop, one_minute):
    for _ in range(10):
        assert client.get("/j/ZZZZZZ/").status_code == 404
    assert client.post("/", {"code": workshop.join_code}).status_code == 429


def test_successful_joins_are_not_counted(client, workshop, one_minute):
    """A room of phones entering the right code is never blocked; only wrong codes count."""
    for _ in range(9):
        client.post("/", {"code": "ZZZZZZ"})
    for _ in range(15):
        assert client.post("/", {"code": workshop.join_code}).status_code == 302
        assert client.get(f"/j/{workshop.join_code}/").status_code == 200
    assert client.post(f"/j/{workshop.join_code}/", card(workshop)).status_code == 302
    assert client.post("/", {"code": "ZZZZZZ"}).status_code == 200  # the 10th failure
    assert client.post("/", {"code": "ZZZZZZ"}).status_code == 429


def test_another_phone_is_not_blocked_by_a_neighbour(client, workshop, one_minute):
    """The limit is per client: a phone that typed nothing wrong still joins."""
    from django.test import Client

    for _ in range(10):
        client.post("/", {"code": "ZZZZZZ"})
    assert client.post("/", {"code": workshop.join_code}).status_code == 429
    neighbour = Client(REMOTE_ADDR=client.defaults["REMOTE_ADDR"])
    assert neighbour.post("/", {"code": workshop.join_code}).status_code == 302
