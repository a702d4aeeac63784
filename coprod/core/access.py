"""One access line per request and per WebSocket connection, and the request id.

An ASGI middleware around both applications (coprod.asgi, and the tuned server's HTTP path in
coprod.server.tuned), so the two server modes log alike. The line names the path without its
query string (board keys, tokens) and with join codes redacted, the status, the time taken and
the client's address (the one uvicorn believed: COPROD_TRUSTED_PROXIES).

The request id is the proxy's X-Request-ID (nginx's $request_id, deploy/nginx/coprod.conf) when
the request comes through a trusted proxy, else a new one; it is sent back as X-Request-ID and
stamped on every log line written while the request is handled (coprod.core.logs). Django-free.
"""

import ipaddress
import logging
import re
import time
import uuid

from coprod import config
from coprod.core.logs import request_id
from coprod.core.redaction import redact

logger = logging.getLogger("coprod.access")

# Where the id travels in the scope, for code that runs outside this task's context (the tuned
# server's request threads).
SCOPE_KEY = "coprod.request_id"
HEADER = b"x-request-id"
_ACCEPTED_ID = re.compile(rb"[A-Za-z0-9._-]{1,128}")


class _Proxies:
    """Tells whether a request reached us through a trusted proxy, from the scope uvicorn's
    proxy middleware left: it rewrites the client to the forwarded address only when the peer
    is trusted, so the client is then either a proxy or that forwarded address."""

    def __init__(self, entries: list[str]) -> None:
        self.any = entries == ["*"]
        self.networks = [] if self.any else [ipaddress.ip_network(e) for e in entries]

    def trusted(self, host: str) -> bool:
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return False
        return any(address in network for network in self.networks)

    def came_through(self, scope: dict, forwarded_for: bytes | None) -> bool:
        if self.any:
            return True
        if not self.networks or not scope.get("client"):
            return False
        host = scope["client"][0]
        if self.trusted(host):
            return True
        if forwarded_for is None:
            return False
        # uvicorn's choice: the right-most forwarded address that is not a proxy's.
        for entry in reversed(forwarded_for.decode("latin-1").split(",")):
            entry = entry.strip()
            if not self.trusted(entry):
                return entry == host
        return False


class RequestLog:
    def __init__(self, app) -> None:
        self.app = app
        self.proxies = _Proxies(config.trusted_proxies())

    def _request_id(self, scope: dict) -> str:
        given = forwarded_for = None
        for name, value in scope.get("headers", ()):
            if name == HEADER:
                given = value
            elif name == b"x-forwarded-for":
                forwarded_for = value
        if (
            given is not None
            and _ACCEPTED_ID.fullmatch(given)
            and self.proxies.came_through(scope, forwarded_for)
        ):
            return given.decode("ascii")
        return uuid.uuid4().hex

    async def __call__(self, scope, receive, send):
        kind = scope["type"]
        if kind not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        rid = self._request_id(scope)
        scope = {**scope, SCOPE_KEY: rid}
        token = request_id.set(rid)
        started = time.perf_counter()
        status = None  # set when the response starts (101 when a WebSocket is accepted)
        logged = False

        def log(code: int) -> None:
            nonlocal logged
            logged = True
            log_access(scope, code, started)

        async def send_logged(message):
            nonlocal status
            kind = message["type"]
            if kind == "http.response.start":
                status = message["status"]
                message = _with_id(message, rid)
            elif kind == "websocket.accept" and not logged:
                message = _with_id(message, rid)
                await send(message)
                return log(101)
            elif kind == "websocket.close" and not logged:
                log(403)  # closed before being accepted: uvicorn answers 403
            await send(message)
            if kind == "http.response.body" and not message.get("more_body") and not logged:
                log(status)

        try:
            await self.app(scope, receive, send_logged)
        finally:
            if not logged:  # the application failed, or ended without a complete response
                log(500 if status is None else status)
            request_id.reset(token)


def _with_id(message: dict, rid: str) -> dict:
    return {**message, "headers": [*message.get("headers", ()), (HEADER, rid.encode())]}


def log_access(scope: dict, status: int, started: float) -> None:
    if not logger.isEnabledFor(logging.INFO):  # COPROD_LOG_LEVEL=WARNING: no access lines
        return
    method = "WEBSOCKET" if scope["type"] == "websocket" else scope.get("method", "-")
    path = redact(scope.get("path", "") or "/")
    client = scope["client"][0] if scope.get("client") else "-"
    duration_ms = round((time.perf_counter() - started) * 1000, 1)
    logger.info(
        '%s "%s %s" %s %.1f ms',
        client,
        method,
        path,
        status,
        duration_ms,
        extra={
            "method": method,
            "path": path,
            "status": status,
            "duration_ms": duration_ms,
            "client": client,
        },
    )
