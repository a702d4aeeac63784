"""uvicorn's HTTP protocol, closing a connection that does not send its request head in time.

uvicorn starts no timer when a connection opens, and its keep-alive timer (armed only after a
response) is cancelled by any byte received: a client that opens connections and sends nothing,
or a header byte every few seconds, holds each of them open for ever (slowloris), and with them
the process's file descriptors and its connection limit. So a connection gets
COPROD_HEADER_TIMEOUT seconds (10 by default) for each request head, counted from the moment
it opens or its last response ends, and is closed when the head is not complete by then. A
request whose head is complete is never cut (its body and the view take as long as they take),
nor is a WebSocket once upgraded.

This subclasses uvicorn's httptools protocol (the one `uvicorn[standard]` uses by default) and
relies on its `loop`, `transport`, `cycle` and its parser callbacks `on_headers_complete` and
`on_response_complete`: uvicorn is capped below its next minor version, and
coprod/server/tests/test_library_internals.py names any of them that went away. It serves both
modes (COPROD_SERVER=stock too): without it either mode is open to slowloris.

Django-free.
"""

import asyncio
import functools

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from coprod import config


@functools.cache
def _header_timeout() -> float:
    return config.header_timeout()  # checked by `coprod serve` before it starts uvicorn


class HeaderTimeoutProtocol(HttpToolsProtocol):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.header_timeout = _header_timeout()
        self.head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._wait_for_head()

    def on_headers_complete(self) -> None:
        self._stop_waiting()
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        # Idle again, waiting for the next request's head (unless one is queued already).
        if (
            self.head_timer is None
            and not self.transport.is_closing()
            and (self.cycle is None or self.cycle.response_complete)
        ):
            self._wait_for_head()

    def connection_lost(self, exc) -> None:
        self._stop_waiting()
        super().connection_lost(exc)

    def _wait_for_head(self) -> None:
        self.head_timer = self.loop.call_later(self.header_timeout, self._head_timed_out)

    def _stop_waiting(self) -> None:
        if self.head_timer is not None:
            self.head_timer.cancel()
            self.head_timer = None

    def _head_timed_out(self) -> None:
        self.head_timer = None
        if not self.transport.is_closing():
            self.transport.close()
