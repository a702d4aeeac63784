"""The workshop WebSocket: who may connect, and what each audience receives after a change.

Services run in a worker thread (as in a real request) and publish after commit, so these tests
use real transactions.
"""

import asyncio
import time

import pytest
from channels.db import database_sync_to_async
from django.test import Client

from coprod.accounts.services import create_api_token
from coprod.agenda import services as agenda
from coprod.agenda.kinds import StepKind
from coprod.live import board_grant
from coprod.participants import services as participant_services
from coprod.realtime.consumers import hub
from coprod.realtime.hub import COALESCE_INTERVAL
from coprod.testing.factories import ParticipantFactory, WorkshopFactory, seed_agenda
from coprod.testing.pages import visible_text
from coprod.testing.sockets import (  # noqa: F401  (_forget_rooms: an autouse fixture)
    OWN_ORIGIN,
    _forget_rooms,
    board_socket,
    collect,
    handshake_headers,
    next_event,
    refused_with,
    run,
    session_cookie,
    socket,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]

FORBIDDEN = 4403
# A handshake closed before it is accepted: the server answers it with HTTP 403.
DENIED = 1000


@pytest.fixture
def jeanne(workshop):
    """A participant of `workshop` and her API token."""
    ParticipantFactory(workshop=workshop, name="Jeanne", token="jeton-de-jeanne")
    return "jeton-de-jeanne"


@pytest.fixture
def other_workshop(facilitator):
    workshop = WorkshopFactory(title="Atelier voisin", facilitators=[facilitator])
    seed_agenda(workshop)
    ParticipantFactory(workshop=workshop, name="Voisin", token="jeton-du-voisin")
    return workshop


# --- Who may connect, what the API sockets get ---------------------------------------------


async def test_participant_token_socket_gets_step_changed_with_the_new_current_step(
    workshop, facilitator, jeanne
):
    """When the facilitator moves on, a participant's JSON socket says so, with the new state."""
    await run(agenda.start_workshop, workshop, actor=facilitator)
    async with socket(f"/ws/workshops/{workshop.pk}/", token=jeanne) as ws:
        await collect(ws, quiet=0.3)  # her own arrival (presence) may come first
        second = await run(agenda.go_to_step, workshop, actor=facilitator, offset=+1)
        frame = await next_event(ws, "step.changed")
    assert frame["workshop"] == workshop.pk
    assert frame["data"] == {"step": second.pk}
    assert frame["state"]["current_step"] == second.pk
    assert frame["state"]["steps"][1]["status"] == "running"
    assert frame["state"]["timer"]["status"] == "running"


async def test_timer_changes_reach_the_sockets(workshop, facilitator, jeanne):
    await run(agenda.start_workshop, workshop, actor=facilitator)
    async with socket(f"/ws/workshops/{workshop.pk}/", token=jeanne) as ws:
        await collect(ws, quiet=0.3)
        await run(agenda.pause_timer, workshop, actor=facilitator)
        frame = await next_event(ws, "timer.changed")
    assert frame["state"]["timer"]["status"] == "paused"
    assert frame["state"]["timer"]["remaining_seconds"] > 500


async def test_connections_without_a_right_to_follow_are_refused(
    workshop, other_workshop, stranger, jeanne
):
    """Close code 4403 for: a bad token, a good one in the address instead of the header, another workshop's participant token, the API token
    of an account that does not run the workshop, a phone that has not joined, the board key in
    the address (only the grant cookie counts), a forged grant or another workshop's, an
    anonymous console, no credentials at all, and a workshop that does not exist.

    (One test rather than one per case: each of these tests empties the database afterwards.)
    """
    stranger_token = await run(create_api_token, stranger)
    base = f"/ws/workshops/{workshop.pk}/"
    refused = {
        query: await refused_with(f"{base}?{query}")
        for query in [
            f"token={jeanne}",  # a token in the address: not read, and the socket is no phone's
            "view=phone",
            f"view=board&board={workshop.board_key}",  # the key itself no longer opens it
            "view=console",
            "",
        ]
    }
    for label, token in {
        "invented token": "jeton-inventé",
        "other workshop's participant": "jeton-du-voisin",
        "account not running it": stranger_token,
    }.items():
        refused[label] = await refused_with(base, token=token, origin=None)
    name = board_grant.cookie_name(workshop.pk)
    for label, grant in {
        "forged grant": "pas-un-jeton",
        "other workshop's grant": board_grant.value(other_workshop),
    }.items():
        refused[label] = await refused_with(f"{base}?view=board", cookie=f"{name}={grant}")
    refused["unknown workshop"] = await refused_with("/ws/workshops/999999/?view=board")
    assert refused == dict.fromkeys(refused, FORBIDDEN)
    assert workshop.pk not in hub.rooms


async def test_a_revoked_facilitator_token_no_longer_opens_the_socket(workshop, facilitator):
    """Revoked (`coprod token --revoke`): the API client's next handshake is refused."""
    from coprod.accounts import services as accounts
    from coprod.accounts.models import ApiToken

    token = await run(create_api_token, facilitator)
    path = f"/ws/workshops/{workshop.pk}/"
    assert await refused_with(path, origin=None, token=token) is None
    pk = await run(lambda: ApiToken.objects.get().pk)
    assert await run(accounts.revoke_api_token, facilitator, pk)
    assert await refused_with(path, origin=None, token=token) == FORBIDDEN


async def test_another_sites_page_cannot_follow_a_console_with_its_session(
    workshop, facilitator, settings
):
    """A hostile page opening the console socket gets the facilitator's cookie sent along by
    the browser: its handshake is denied before the consumer runs (HTTP 403 on a real server),
    whatever the trusted origins, while the same cookie from the site's own page connects."""
    settings.CSRF_TRUSTED_ORIGINS = ["https://atelier.example.org"]
    client = Client()
    await run(client.force_login, facilitator)
    cookie = session_cookie(client)
    path = f"/ws/workshops/{workshop.pk}/?view=console"
    refused = {
        origin: await refused_with(path, cookie, origin)
        for origin in [
            "https://evil.example",
            "http://testserver.evil.example",
            "http://testserver:8080",
            "https://atelier.example.org.evil.example",
            "http://atelier.example.org",  # trusted over HTTPS only
            "null",  # a sandboxed frame or a local file
        ]
    }
    assert refused == dict.fromkeys(refused, DENIED)
    assert await refused_with(path, cookie, OWN_ORIGIN) is None


async def test_own_trusted_and_non_browser_handshakes_connect(workshop, jeanne, settings):
    """The site's own pages, the origins in CSRF_TRUSTED_ORIGINS (the public address behind a
    proxy, `*.` for subdomains) and clients without `Origin` (an API client with its token:
    nothing a hostile page could borrow) all follow the workshop."""
    settings.CSRF_TRUSTED_ORIGINS = ["https://atelier.example.org", "https://*.parc.example"]
    path = f"/ws/workshops/{workshop.pk}/"
    connected = {
        origin: await refused_with(path, origin=origin, token=jeanne)
        for origin in [
            OWN_ORIGIN,
            "HTTP://TestServer",
            "https://testserver",  # behind an HTTPS proxy the server sees plain HTTP
            "https://atelier.example.org",
            "https://salle-des-fetes.parc.example",
            None,
        ]
    }
    assert connected == dict.fromkeys(connected)


# --- What each audience receives --------------------------------------------------------------


async def test_browser_facilitator_gets_the_console_region_as_html(workshop, facilitator):
    """A logged-in console receives an htmx out-of-band swap of its live region."""
    client = Client()
    await run(client.force_login, facilitator)
    path = f"/ws/workshops/{workshop.pk}/?view=console&lang=fr"
    async with socket(path, cookie=session_cookie(client)) as ws:
        await run(agenda.start_workshop, workshop, actor=facilitator)
        frame = await ws.receive_from(timeout=5)
    assert 'id="console-live" hx-swap-oob="innerHTML"' in frame
    assert "1. Se connaître et poser les bases" in visible_text(frame)
    assert "Nouvelle séquence : Se connaître et poser les bases" in visible_text(frame)


async def test_joined_phone_gets_the_phone_region(workshop, facilitator):
    """A phone that joined through the join card follows the workshop with its session."""
    client = Client()
    response = await run(
        client.post,
        f"/j/{workshop.join_code}/",
        {"code": workshop.join_code, "name": "Jeanne", "accept_charter": "on"},
    )
    assert response.status_code == 302
    await run(agenda.start_workshop, workshop, actor=facilitator)
    path = f"/ws/workshops/{workshop.pk}/?view=phone"
    async with socket(path, cookie=session_cookie(client)) as ws:
        await run(agenda.go_to_step, workshop, actor=facilitator, offset=+1)
        frames = await collect(ws)
    assert any(
        'id="phone-live" hx-swap-oob' in f and "Tour de table" in visible_text(f) for f in frames
    )


async def test_board_by_key_gets_the_board_region(workshop, facilitator):
    async with board_socket(workshop) as ws:
        await run(agenda.start_workshop, workshop, actor=facilitator)
        frame = await ws.receive_from(timeout=5)
    assert 'id="board-live" hx-swap-oob="innerHTML"' in frame
    assert "Séquence 1 sur 9" in visible_text(frame)


async def test_mood_bursts_are_coalesced_but_the_last_frame_is_final(workshop, facilitator, run_to):
    """Thirty mood answers reach the board as a few frames, the last one counting all thirty."""
    people = await run(ParticipantFactory.create_batch, 30, workshop=workshop)
    await run(run_to, workshop, StepKind.MOOD)

    def burst():
        for index, person in enumerate(people):
            participant_services.cast_mood(person, value=index % 5 + 1)

    async with board_socket(workshop) as board:
        started = time.monotonic()
        await run(burst)
        elapsed = time.monotonic() - started
        frames = await collect(board)
    assert 1 <= len(frames) < 30
    # At most one frame per coalescing interval (plus the first, sent at once, and the last).
    assert len(frames) <= elapsed / COALESCE_INTERVAL + 2
    assert "30 réponses" in visible_text(frames[-1])


async def test_events_of_one_workshop_never_reach_another(
    workshop, other_workshop, facilitator, jeanne
):
    """Moving workshop A's agenda sends nothing to workshop B's participants nor board."""
    await run(agenda.start_workshop, workshop, actor=facilitator)
    await run(agenda.start_workshop, other_workshop, actor=facilitator)
    async with (
        socket(f"/ws/workshops/{workshop.pk}/", token=jeanne) as phone_a,
        socket(f"/ws/workshops/{other_workshop.pk}/", token="jeton-du-voisin") as phone_b,
        board_socket(other_workshop) as board,
    ):
        await collect(phone_a, quiet=0.3)
        await collect(phone_b, quiet=0.3)
        await collect(board, quiet=0.3)
        await run(agenda.go_to_step, workshop, actor=facilitator, offset=+1)
        await run(ParticipantFactory, workshop=workshop, name="Retardataire")
        await run(participant_services.join, code=workshop.join_code, name="Paul")
        assert (await next_event(phone_a, "step.changed"))["workshop"] == workshop.pk
        assert await phone_b.receive_nothing(timeout=0.6)
        assert await board.receive_nothing(timeout=0.1)
    await asyncio.sleep(0)
    assert workshop.pk not in hub.rooms and other_workshop.pk not in hub.rooms


async def test_ping_is_answered(workshop, jeanne):
    async with socket(f"/ws/workshops/{workshop.pk}/", token=jeanne) as ws:
        await collect(ws, quiet=0.3)
        await ws.send_to(text_data="ping")
        assert await ws.receive_from(timeout=2) == "pong"


# --- Who is in the room ---------------------------------------------------------------------


async def test_a_removed_participant_loses_their_live_connection(workshop, facilitator, jeanne):
    """Removed from the room: their socket is closed at once, and cannot open again."""
    from coprod.live import services as live_services
    from coprod.participants.models import Participant

    path = f"/ws/workshops/{workshop.pk}/"
    async with socket(path, token=jeanne) as ws:
        await collect(ws, quiet=0.3)
        person = await database_sync_to_async(Participant.objects.get)(name="Jeanne")
        await run(live_services.remove_participant, person, actor=facilitator)
        closed = None
        while closed is None:
            message = await ws.receive_output(timeout=5)  # frames may come first: the roster
            if message["type"] == "websocket.close":
                closed = message["code"]
    assert closed == FORBIDDEN
    assert await refused_with(path, token=jeanne) == FORBIDDEN


async def test_a_waiting_arrival_follows_nothing_live(workshop, facilitator):
    await run(participant_services.set_registration, workshop, actor=facilitator, open=False)
    _person, token = await run(participant_services.join, code=workshop.join_code, name="Tard")
    assert await refused_with(f"/ws/workshops/{workshop.pk}/", token=token) == FORBIDDEN


async def test_a_removed_phone_is_told_so_before_its_socket_closes(workshop, facilitator):
    from coprod.live import services as live_services
    from coprod.participants.models import Participant

    client = Client()
    await run(
        client.post,
        f"/j/{workshop.join_code}/",
        {"code": workshop.join_code, "name": "Intrus", "accept_charter": "on"},
    )
    path = f"/ws/workshops/{workshop.pk}/?view=phone"
    async with socket(path, cookie=session_cookie(client)) as ws:
        await collect(ws, quiet=0.3)
        person = await database_sync_to_async(Participant.objects.get)(name="Intrus")
        await run(live_services.remove_participant, person, actor=facilitator)
        texts = []
        while (message := await ws.receive_output(timeout=5))["type"] != "websocket.close":
            texts.append(message.get("text", ""))
    assert 'id="phone-live"' in texts[-1]
    assert "Vous avez été retiré·e de cet atelier." in visible_text(texts[-1])
