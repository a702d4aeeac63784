"""A socket paused by flow control (a phone whose network died with frames in flight) must not
hold up the room's fan-out, and must still get its frames in order if it comes back.

The sockets here stand in for the server's connections: `send` is what uvicorn's send would do
for a paused connection (wait until it drains), `write` what the direct write does."""

import asyncio
import json

import pytest

from coprod.realtime.hub import Hub
from coprod.realtime.outbox import Outbox

KEY = ("participant", "json", "fr")


def text_of(ready: bytes) -> str:
    """The text of an unmasked frame: a 2-byte header, 4 with a 16-bit length."""
    return ready[2:].decode() if ready[1] < 126 else ready[4:].decode()


class Connection:
    """One socket's server side: direct writes succeed unless paused; `send` waits while paused."""

    def __init__(self, paused=False):
        self.received: list[str] = []
        self.resumed = asyncio.Event()
        if not paused:
            self.resumed.set()
        self.gone = False

    def write(self, ready: bytes) -> bool:
        if not self.resumed.is_set():
            return False
        self.received.append(text_of(ready))
        return True

    async def send(self, message: dict) -> None:
        await self.resumed.wait()
        if self.gone:
            raise ConnectionError("the phone went away")
        self.received.append(message["text"])


def outbox_of(connection: Connection, left: list) -> Outbox:
    outbox = Outbox(connection.send, on_error=lambda: left.append(connection))
    outbox.write = connection.write
    return outbox


def steps(connection: Connection) -> list[int]:
    return [json.loads(text)["data"]["step"] for text in connection.received]


def render(workshop_id, event_types, audiences):
    return {"json": {"id": workshop_id}}


def step_event(n: int) -> dict:
    return {"event": "step.changed", "data": {"step": n}}


@pytest.mark.asyncio
@pytest.mark.django_db  # the hub renders through database_sync_to_async
async def test_a_paused_phone_does_not_hold_up_the_others():
    hub, left = Hub(render=render), []
    lost, fine = Connection(paused=True), Connection()
    await hub.join(1, outbox_of(lost, left), KEY)
    await hub.join(1, outbox_of(fine, left), KEY)
    room = hub.rooms[1]

    await asyncio.wait_for(room.fan_out([step_event(2)]), timeout=2)
    await asyncio.wait_for(room.fan_out([step_event(3)]), timeout=2)
    assert steps(fine) == [2, 3]
    assert steps(lost) == []

    lost.resumed.set()  # its network is back: it gets everything, in order
    await asyncio.sleep(0.05)
    assert steps(lost) == [2, 3]
    assert left == []
    room.task.cancel()


@pytest.mark.asyncio
async def test_frames_queued_behind_a_pause_keep_their_order():
    """Once a frame waits, the next ones wait behind it even if the connection could take
    them directly; when the backlog is sent, direct writes resume."""
    connection, left = Connection(paused=True), []
    outbox = outbox_of(connection, left)
    outbox.deliver({"text": "1"}, b"\x81\x011")
    connection.resumed.set()
    outbox.deliver({"text": "2"}, b"\x81\x012")
    assert connection.received == []  # "2" did not jump the queue
    await asyncio.sleep(0.01)
    assert connection.received == ["1", "2"]
    outbox.deliver({"text": "3"}, b"\x81\x013")
    assert connection.received == ["1", "2", "3"]  # written at once
    assert outbox.backlog is None


@pytest.mark.asyncio
@pytest.mark.django_db
async def test_a_phone_that_went_away_leaves_the_room():
    hub, left = Hub(render=render), []
    gone = Connection(paused=True)
    gone.gone = True
    outbox = outbox_of(gone, left)
    await hub.join(1, outbox, KEY)
    room = hub.rooms[1]
    await room.fan_out([step_event(2)])
    gone.resumed.set()  # the server unblocks sends when the connection is lost: they raise
    await asyncio.sleep(0.01)
    assert left == [gone]
    room.task.cancel()
