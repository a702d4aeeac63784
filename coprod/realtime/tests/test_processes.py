"""Two `coprod serve` processes sharing one database and Redis: no event is lost between them.

Clients are plain WebSocket clients (the `websockets` package) spread over both processes, as
phones behind a load balancer would be; changes go through the public API of one process.
"""

import asyncio
import json
import os
import re
import socket
import urllib.error
import urllib.request
from collections import Counter
from urllib.parse import urlsplit

import pytest
import websockets

from coprod.core import testserver
from coprod.testing.board_link import board_cookie

pytestmark = pytest.mark.multiprocess

# How long an event may take to reach every client (seconds).
DELIVERY = 15


def _redis_reachable() -> bool:
    url = urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
    try:
        with socket.create_connection((url.hostname, url.port or 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def cluster():
    if not _redis_reachable():
        pytest.skip("several processes need Redis, and none answers")
    servers = testserver.prepare(redis=True)
    try:
        demo = json.loads(servers.manage("demo", "--json"))
        demo["token"] = servers.manage("token", demo["facilitator"]).strip()
        # The shell may say what it imported before the key: the key is its last line.
        board_key = servers.manage(
            "shell",
            "-c",
            "from coprod.workshops.models import Workshop\n"
            f"print(Workshop.objects.get(pk={demo['workshop']}).board_key)\n",
        ).split()[-1]
        servers.start(2)
        # The projector opens the board link once; its socket then carries the cookie.
        demo["board_cookie"] = board_cookie(servers.urls[0], demo["workshop"], board_key)
        yield servers, demo
    finally:
        servers.close()


def api(base: str, method: str, path: str, *, token: str = "", body=None) -> dict:
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    url = f"{base}/api/v1{path}"  # always our own http:// server
    request = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        raise AssertionError(f"{method} {path}: {error.code} {error.read()!r}") from None


class Client:
    """One WebSocket connection and everything it received, in order."""

    def __init__(self, name: str, url: str, headers: dict | None = None):
        self.name = name
        self.url = url
        self.headers = headers or {}
        self.frames: list[str] = []
        self.arrived = asyncio.Condition()

    async def open(self) -> None:
        self.ws = await websockets.connect(
            self.url, additional_headers=self.headers, open_timeout=15, max_size=None
        )
        self.reader = asyncio.create_task(self._read())
        # The server handles a socket's messages after its connection handler: once "pong"
        # is back, the socket has joined its process's subscription and misses nothing.
        await self.ws.send("ping")
        await self.wait_for(lambda: "pong" in self.frames, "pong")

    async def _read(self) -> None:
        async for frame in self.ws:
            async with self.arrived:
                self.frames.append(frame)
                self.arrived.notify_all()

    async def wait_for(self, predicate, what: str) -> None:
        async with self.arrived:
            try:
                await asyncio.wait_for(self.arrived.wait_for(predicate), DELIVERY)
            except TimeoutError:
                raise AssertionError(
                    f"{self.name} did not get {what} in {DELIVERY}s; got {self.frames[-5:]}"
                ) from None

    def events(self, kind: str) -> list[dict]:
        out = []
        for frame in self.frames:
            if frame.startswith("{"):
                event = json.loads(frame)
                if event["type"] == kind:
                    out.append(event)
        return out

    async def close(self) -> None:
        await self.ws.close()
        self.reader.cancel()


def ws_url(base: str, workshop: int, query: str = "") -> str:
    return f"ws://{urlsplit(base).netloc}/ws/workshops/{workshop}/" + (f"?{query}" if query else "")


def bearer(token: str) -> dict:
    """An API client's handshake headers: its token travels in a header, never in the URL."""
    return {"Authorization": f"Bearer {token}"}


MOOD_ROW = re.compile(r'data-level="(\d)".*?class="count">(\d+)<', re.S)


def board_tally(frame: str) -> dict[int, int]:
    return {int(level): int(count) for level, count in MOOD_ROW.findall(frame)}


def test_events_cross_processes_in_order_without_loss_or_duplicate(cluster):
    servers, demo = cluster
    a, b = servers.urls
    workshop = demo["workshop"]

    # Four participants join through the API, two on each process.
    people = [
        api(base, "POST", "/join", body={"code": demo["join_code"], "name": name})
        for base, name in [(a, "Alice"), (b, "Bruno"), (a, "Chantal"), (b, "Denis")]
    ]

    async def scenario():
        facilitator = bearer(demo["token"])
        clients = [
            Client("facilitator on A", ws_url(a, workshop), facilitator),
            Client("facilitator on B", ws_url(b, workshop), facilitator),
            *(
                Client(
                    f"participant {i} on {'AB'[i % 2]}",
                    ws_url((a, b)[i % 2], workshop),
                    bearer(person["token"]),
                )
                for i, person in enumerate(people)
            ),
        ]
        boards = [
            Client(
                f"board on {name}",
                ws_url(base, workshop, "view=board&lang=fr"),
                {"Cookie": demo["board_cookie"]},
            )
            for name, base in [("A", a), ("B", b)]
        ]
        await asyncio.gather(*(c.open() for c in clients + boards))
        try:
            # 1 start and 20 step changes, all through process A.
            moves = [+1] * 8 + [-1] * 8 + [+1, -1, +1, +1]
            expected = [
                (
                    await asyncio.to_thread(
                        api, a, "POST", f"/workshops/{workshop}/start", token=demo["token"]
                    )
                )["current_step"]
            ]
            for move in moves:
                path = f"/workshops/{workshop}/steps/{'next' if move > 0 else 'previous'}"
                state = await asyncio.to_thread(api, a, "POST", path, token=demo["token"])
                expected.append(state["current_step"])
            assert len(expected) == 21
            assert len(set(expected)) == 9  # the walk went through the whole agenda

            for client in clients:
                await client.wait_for(
                    lambda c=client: len(c.events("step.changed")) >= len(expected),
                    f"{len(expected)} step changes",
                )

            # Every participant votes through process B; both boards show the tally.
            votes = [4, 5, 2, 4]
            for person, value in zip(people, votes, strict=True):
                await asyncio.to_thread(
                    api,
                    b,
                    "POST",
                    f"/workshops/{workshop}/mood",
                    token=person["token"],
                    body={"value": value},
                )
            tally = dict(Counter(votes))
            for board in boards:
                await board.wait_for(
                    lambda bd=board: any(
                        {k: v for k, v in board_tally(f).items() if v} == tally for f in bd.frames
                    ),
                    f"the mood tally {tally}",
                )
            # The votes came after the last step change: once they are in, every step change
            # that was going to arrive has arrived. Compare the lists exactly.
            for client in clients:
                await client.wait_for(lambda c=client: c.events("mood.updated"), "the mood update")
                received = [e["data"]["step"] for e in client.events("step.changed")]
                assert received == expected, f"{client.name} got {received}, not {expected}"
                assert client.events("step.changed")[-1]["state"]["current_step"] == expected[-1]
                assert client.events("mood.updated")[-1]["state"]["current_step"] == expected[-1]
        finally:
            await asyncio.gather(*(c.close() for c in clients + boards), return_exceptions=True)

    asyncio.run(scenario())
