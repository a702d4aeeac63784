"""The phone page is rendered once per change for all phones (a shell), each phone's own card,
CSRF token and timer filled in per request: every phone must still get exactly its own page."""

import re

import pytest
from django.test import Client

from coprod.agenda.kinds import StepKind
from coprod.testing.factories import WorkshopFactory, seed_agenda
from coprod.testing.pages import visible_text
from coprod.testing.phones import join_as

pytestmark = pytest.mark.django_db

SEED_KINDS = [
    StepKind.INTRODUCTION,
    StepKind.ROUND_TABLE,
    StepKind.MOOD,
    StepKind.PROPOSALS,
    StepKind.EXISTING_ACTIONS,
    StepKind.LEVERS,
    StepKind.ORIENTATION,
    StepKind.PROJECTS,
    StepKind.FINALISATION,
]

# What differs from one request to the next anyway: CSRF masks, the clock, the page's own URL,
# a new proposal's idempotency key.
PER_REQUEST = [
    (r'(name="client_key" value=)"[^"]*"', r"\1KEY"),
    (r'(name="csrfmiddlewaretoken" value=)"[^"]*"', r"\1CSRF"),
    (r'("X-CSRFToken": )"[^"]*"', r"\1CSRF"),
    (r'(data-server-now=)"[^"]*"', r"\1NOW"),
    (r"(data-timer-text>)[^<]*", r"\1MM:SS"),
    (r'(name="next" value=)"[^"]*"', r"\1NEXT"),
]


def comparable(page: str) -> str:
    for pattern, replacement in PER_REQUEST:
        page = re.sub(pattern, replacement, page)
    return page


@pytest.mark.parametrize("kind", SEED_KINDS)
def test_the_shared_page_is_the_page_a_full_render_gives(client, workshop, run_to, kind):
    """A query string makes the view render the whole page itself: the reference."""
    join_as(client, workshop)
    run_to(workshop, kind)
    url = f"/p/{workshop.pk}/"
    shared, full = client.get(url), client.get(url + "?depuis=qr")
    assert shared.status_code == full.status_code == 200
    assert comparable(shared.content.decode()) == comparable(full.content.decode())


def test_each_phone_gets_its_own_card_in_the_shared_page(client, workshop, run_to):
    run_to(workshop, StepKind.ROUND_TABLE)
    join_as(client, workshop, name="Jeanne Martin")
    neighbour = Client(REMOTE_ADDR="10.250.0.1")
    join_as(neighbour, workshop, name="Karim Benali")
    # Both read the page of the same workshop version, the one after the second joined.
    first = client.get(f"/p/{workshop.pk}/").content.decode()
    second = neighbour.get(f"/p/{workshop.pk}/").content.decode()
    assert 'value="Jeanne Martin"' in first and "Karim Benali" not in first
    assert 'value="Karim Benali"' in second and "Jeanne Martin" not in second


def test_the_csrf_token_of_the_shared_page_is_the_phones_own(workshop, run_to):
    """A browser that checks CSRF like a real one: the card form of the page can be sent."""
    phone = Client(enforce_csrf_checks=True, REMOTE_ADDR="10.250.0.2")
    join_page = phone.get(f"/j/{workshop.join_code}/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', join_page)[1]
    phone.post(
        f"/j/{workshop.join_code}/",
        {"code": workshop.join_code, "name": "Jeanne", "accept_charter": "on"},
        HTTP_X_CSRFTOKEN=token,
    )
    run_to(workshop, StepKind.ROUND_TABLE)
    for _ in range(2):  # the second read comes from the shell the first one left
        page = phone.get(f"/p/{workshop.pk}/").content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        saved = phone.post(
            f"/p/{workshop.pk}/carte/",
            {"name": "Jeanne Martin", "csrfmiddlewaretoken": token},
            HTTP_HX_REQUEST="true",
        )
        assert saved.status_code == 200, visible_text(saved)
        assert "Votre carte est à jour." in visible_text(saved)


def test_the_timer_of_the_shared_page_is_read_at_each_request(client, workshop, run_to):
    join_as(client, workshop)
    run_to(workshop, StepKind.ROUND_TABLE)
    nows = []
    for _ in range(2):
        page = client.get(f"/p/{workshop.pk}/").content.decode()
        nows.append(re.search(r'data-server-now="([^"]+)"', page)[1])
        assert re.search(r"data-timer-text>(19:\d\d|20:00)<", page)  # of a 20-minute step
    assert nows[1] > nows[0]


def test_the_shared_page_follows_the_language_and_the_signed_in_header(
    client, facilitator, workshop, run_to
):
    join_as(client, workshop)
    run_to(workshop, StepKind.ROUND_TABLE)
    url = f"/p/{workshop.pk}/"
    assert "Votre carte pour le tour de table" in visible_text(client.get(url))
    client.post("/i18n/setlang/", {"language": "en", "next": url})
    english = visible_text(client.get(url))
    assert "Your round-table card" in english and "Aller au contenu" not in english
    # A facilitator's browser that also joined: its own header, not the anonymous phones'.
    laptop = Client(REMOTE_ADDR="10.250.0.3")
    laptop.force_login(facilitator)
    join_as(laptop, workshop, name="Camille")
    assert "Facilitator area" in visible_text(client.get(url))
    assert "Se déconnecter" in visible_text(laptop.get(url))
    assert "Se déconnecter" not in visible_text(client.get(url))


def test_a_workshop_never_gets_another_workshops_shell(client, facilitator, workshop, run_to):
    other = WorkshopFactory(title="Atelier 5 — Mobilités", facilitators=[facilitator])
    seed_agenda(other)
    join_as(client, workshop)
    neighbour = Client(REMOTE_ADDR="10.250.0.4")
    join_as(neighbour, other, name="Karim")
    run_to(workshop, StepKind.ROUND_TABLE)
    run_to(other, StepKind.MOOD)
    assert "Tour de table" in visible_text(client.get(f"/p/{workshop.pk}/"))
    page = visible_text(neighbour.get(f"/p/{other.pk}/"))
    assert "Atelier 5 — Mobilités" in page and "Comment ça va ?" in page
