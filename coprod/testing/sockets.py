"""Talking to the workshop WebSocket in tests: a browser's handshake, frames until quiet,
the next event of a type, and services called from a worker thread as a request would."""

import contextlib
import json
import time

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from coprod.asgi import application
from coprod.live import board_grant
from coprod.realtime.consumers import hub

OWN_ORIGIN = "http://testserver"


@pytest.fixture(autouse=True)
def _forget_rooms():
    """A room belongs to its test's event loop: never hand one over to the next test."""
    yield
    hub.rooms.clear()


def handshake_headers(cookie: str = "", origin: str | None = OWN_ORIGIN, token: str = "") -> list:
    """A browser's handshake to the test server (`origin=None`: a client that is not a
    browser; `token`: an API client's bearer token, in its `Authorization` header)."""
    headers = [(b"host", b"testserver")]
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    if token:
        headers.append((b"authorization", f"Bearer {token}".encode()))
    return headers


@contextlib.asynccontextmanager
async def socket(path: str, cookie: str = "", origin: str | None = OWN_ORIGIN, token: str = ""):
    headers = handshake_headers(cookie, origin, token)
    ws = WebsocketCommunicator(application, path, headers=headers)
    connected, code = await ws.connect()
    assert connected, f"refused with {code}"
    try:
        yield ws
    finally:
        with contextlib.suppress(Exception):
            await ws.disconnect()


def board_socket(workshop):
    """The projector's socket, with the cookie that opening the board link left."""
    path = f"/ws/workshops/{workshop.pk}/?view=board"
    return socket(path, cookie=board_grant.cookie_header(workshop))


async def refused_with(
    path: str, cookie: str = "", origin: str | None = OWN_ORIGIN, token: str = ""
):
    headers = handshake_headers(cookie, origin, token)
    ws = WebsocketCommunicator(application, path, headers=headers)
    connected, code = await ws.connect()
    if not connected:
        return code
    await ws.disconnect()
    return None


async def collect(ws, quiet: float = 0.6) -> list[str]:
    """Every frame received until the socket has been quiet for `quiet` seconds."""
    frames = []
    while not await ws.receive_nothing(timeout=quiet):
        frames.append(await ws.receive_from())
    return frames


async def next_event(ws, event_type: str, timeout: float = 5) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        frame = json.loads(await ws.receive_from(timeout=deadline - time.monotonic()))
        if frame["type"] == event_type:
            return frame
    raise AssertionError(f"no {event_type} event")


def run(fn, *args, **kwargs):
    """A service call from a worker thread, as a request would make it."""
    return database_sync_to_async(fn)(*args, **kwargs)


def session_cookie(client: Client) -> str:
    return f"sessionid={client.cookies['sessionid'].value}"
