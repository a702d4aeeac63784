"""The per-process hub: one channel-layer subscription per live workshop, fanned out locally.

Stock Channels gives every socket its own channel and dispatches every group message through a
sync thread; with hundreds of phones that dominates the server's CPU. Here each process listens
once per workshop, renders each audience's region once per (coalesced) burst of changes, and
writes the same text frame to all of its own sockets of that audience.
"""

import asyncio
import json
import logging
import time
from collections import defaultdict
from collections.abc import Callable

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from coprod.server.frames import text_frame

from .events import COALESCED, changed, group_name

log = logging.getLogger(__name__)

# A burst of tally changes reaches the room at most this often (seconds).
COALESCE_INTERVAL = 0.25
# Sockets written between two turns of the event loop during a fan-out.
YIELD_EVERY = 100


class Room:
    """The sockets of one workshop in this process, and their subscription."""

    def __init__(self, hub: "Hub", workshop_id: int):
        self.hub = hub
        self.workshop_id = workshop_id
        # (audience, format, language) -> the outboxes of its sockets (realtime.outbox)
        self.sockets: dict[tuple[str, str, str], set] = defaultdict(set)
        self.pending: list[dict] = []
        self.flush_scheduled = False
        self.last_flush = 0.0
        self.ready = asyncio.Event()
        self.flushing = asyncio.Lock()
        self.task = asyncio.ensure_future(self.listen())

    def __len__(self):
        return sum(len(s) for s in self.sockets.values())

    async def listen(self) -> None:
        layer = get_channel_layer()
        channel = await layer.new_channel()
        await layer.group_add(group_name(self.workshop_id), channel)
        self.ready.set()
        try:
            while True:
                self.queue(await layer.receive(channel))
        finally:
            await layer.group_discard(group_name(self.workshop_id), channel)

    def queue(self, message: dict) -> None:
        event = message.get("event")
        if event == "resync":
            # Events of other processes were lost (realtime.layers): cached state may be older
            # than the database, and every region is pushed afresh below.
            changed.send(sender=None, workshop_id=self.workshop_id)
        if event == "participant.removed":
            self.close_participant(message.get("data", {}).get("participant"))
        if event in COALESCED:
            self.pending = [m for m in self.pending if m.get("event") != event]
        self.pending.append(message)
        if self.flush_scheduled:
            return
        self.flush_scheduled = True
        urgent = any(m.get("event") not in COALESCED for m in self.pending)
        delay = 0.0 if urgent else max(0.0, self.last_flush + COALESCE_INTERVAL - time.monotonic())
        asyncio.get_running_loop().call_later(delay, lambda: asyncio.ensure_future(self.flush()))

    def close_participant(self, participant_id) -> None:
        """A participant removed from the room loses their live connections here at once."""
        for outboxes in self.sockets.values():
            for outbox in list(outboxes):
                if participant_id is not None and outbox.participant_id == participant_id:
                    asyncio.ensure_future(outbox.close())

    async def flush(self) -> None:
        events, self.pending = self.pending, []
        self.flush_scheduled = False
        self.last_flush = time.monotonic()
        if not events or not len(self):
            return
        # One flush at a time, in order: a fan-out yields to the loop, and a later flush must
        # not overtake it on any socket.
        async with self.flushing:
            await self.fan_out(events)

    async def fan_out(self, events: list[dict]) -> None:
        html_audiences = {
            (a, lang) for (a, fmt, lang), s in self.sockets.items() if s and fmt == "html"
        }
        try:
            rendered = await database_sync_to_async(self.hub.render)(
                self.workshop_id, [m["event"] for m in events], html_audiences
            )
        except Exception:
            log.exception("rendering live regions of workshop %s failed", self.workshop_id)
            return
        json_frames = [
            json.dumps(
                {
                    "type": m["event"],
                    "workshop": self.workshop_id,
                    "data": m.get("data", {}),
                    "state": rendered["json"],
                },
                separators=(",", ":"),
            )
            for m in events
        ]
        sent = 0
        for key, sockets in list(self.sockets.items()):
            audience, fmt, language = key
            frames = json_frames if fmt == "json" else [rendered.get((audience, language))]
            for frame in frames:
                if not frame:
                    continue
                message = {"type": "websocket.send", "text": frame}  # shared: senders only read it
                ready = text_frame(
                    frame
                )  # the same bytes for every socket (coprod/server/frames.py)
                for outbox in list(sockets):
                    try:
                        outbox.deliver(message, ready)
                    except Exception:  # the socket went away between the event and the write
                        self.hub.leave(self.workshop_id, outbox, key)
                    sent += 1
                    if sent % YIELD_EVERY == 0:
                        # A delivery never waits, so a big room would hold the event loop for
                        # its whole fan-out: let HTTP requests (the next click) in between.
                        await asyncio.sleep(0)


class Hub:
    def __init__(self, render: Callable):
        self.render = render
        self.rooms: dict[int, Room] = {}

    async def join(self, workshop_id: int, outbox, key: tuple[str, str, str]) -> None:
        room = self.rooms.get(workshop_id)
        if room is None:
            room = self.rooms[workshop_id] = Room(self, workshop_id)
        room.sockets[key].add(outbox)
        await room.ready.wait()

    def leave(self, workshop_id: int, outbox, key: tuple[str, str, str]) -> None:
        room = self.rooms.get(workshop_id)
        if room is None:
            return
        room.sockets[key].discard(outbox)
        if not len(room):
            room.task.cancel()
            del self.rooms[workshop_id]
