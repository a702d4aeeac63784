"""Where the hub puts one socket's frames: it never waits, and the socket gets them in order.

The server's `send` waits while a connection is paused by flow control. A phone whose network
died with frames in flight stays paused until the server gives up on it (its pings go
unanswered, then the kernel drops the connection, which can take minutes); a fan-out awaiting
that `send` would hold up every other phone of the room meanwhile. So a frame that cannot be
written at once waits in the socket's own backlog, sent by a task of its own.
"""

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable


class Outbox:
    def __init__(self, send: Callable[[dict], Awaitable], on_error: Callable[[], object]):
        self.send = send  # the server's send (before the handshake: what holds the frames)
        self.write: Callable[[bytes], bool] | None = (
            None  # coprod.server.sockets.writers, once open
        )
        self.on_error = on_error  # the socket went away
        self.backlog: deque | None = None
        # A phone's socket: who it is, and how to close it when they are removed from the room.
        self.participant_id: int | None = None
        self.close: Callable[[], Awaitable] | None = None

    def deliver(self, message: dict, ready: bytes) -> None:
        """One frame: `message` for `send`, `ready` its bytes for a direct write."""
        if self.backlog is None:
            if self.write is not None and self.write(ready):
                return
            self.backlog = deque()
            asyncio.ensure_future(self._send_backlog())
        self.backlog.append(message)

    async def _send_backlog(self) -> None:
        try:
            while self.backlog:
                await self.send(self.backlog[0])
                self.backlog.popleft()
        except Exception:
            self.on_error()
        finally:
            self.backlog = None
