"""Reading a request body under the limits of coprod.core.body_limits, for both servers: the
tuned application (coprod.server.tuned) and, in front of Django's ASGI handler, `LimitedBody`
(COPROD_SERVER=stock). Plain ASGI, nothing private of any library.

A refused body whose length was declared, up to `DRAIN_MAX`, is read to its end and thrown away
before the 413 goes out: a reverse proxy that buffered the whole body (nginx does) would otherwise
meet a closed connection while still sending it, and show the visitor its own 502 page instead
of our message. A streamed body, or a declared one past `DRAIN_MAX`, is cut at once.
"""

import json
import tempfile
from collections.abc import Awaitable, Callable

from django.conf import settings
from django.utils.translation import gettext as _

from . import body_limits

# Bodies up to this size stay in memory; larger ones (uploads) go to a temporary file.
IN_MEMORY = 1024 * 1024
# nginx's client_max_body_size in deploy/nginx/coprod.conf: the most a proxy may hand us.
DRAIN_MAX = body_limits.UPLOAD_MAX + 1024 * 1024
REPLAY_CHUNK = 64 * 1024

# Whether a session key or bearer secret belongs to a signed-in account, awaited.
SignedIn = Callable[[str, str], Awaitable[bool]]


async def too_large(scope, send, limit: int) -> None:
    """The 413 answer, and the connection closed."""
    text = _("Envoi trop volumineux : %(max)s Ko au plus.") % {"max": limit // 1024}
    if scope["path"].startswith("/api/"):
        body, kind = json.dumps({"detail": text}).encode(), b"application/json"
    else:
        body, kind = text.encode(), b"text/plain; charset=utf-8"
    headers = [
        (b"content-type", kind),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _refuse(scope, receive, send, declared, limit: int, read: int, more: bool) -> None:
    """Answer 413, after reading the rest of a declared body a proxy may be sending us."""
    if declared is not None and declared <= DRAIN_MAX:
        while more and read < DRAIN_MAX:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            read += len(message.get("body", b""))
            more = message.get("more_body", False)
    await too_large(scope, send, limit)


async def read_body(scope, receive, send, body, signed_in: SignedIn) -> bool:
    """Read the request body into `body` (a file); False once a 413 was answered or the client
    left."""
    limits = body_limits.limits_of(scope.get("headers", []), settings.SESSION_COOKIE_NAME)
    if limits.refused_at_once:
        limit = body_limits.UPLOAD_MAX if limits.may_upload else limits.cap
        await _refuse(scope, receive, send, limits.declared, limit, read=0, more=True)
        return False
    cap, checked, size = limits.cap, False, 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return False
        chunk = message.get("body", b"")
        size += len(chunk)
        more = message.get("more_body", False)
        if size > cap or (limits.declared or 0) > cap:
            # Only a signed-in account's upload goes past the small cap: ask the database once.
            if (
                checked
                or not limits.may_upload
                or not await signed_in(limits.session_key, limits.bearer)
            ):
                await _refuse(scope, receive, send, limits.declared, cap, read=size, more=more)
                return False
            cap, checked = body_limits.UPLOAD_MAX, True
        body.write(chunk)
        if not more:
            body.seek(0)
            return True


class LimitedBody:
    """ASGI middleware for Django's HTTP handler: the body read under the limits first, then
    handed to Django as it came; afterwards Django hears of the client leaving as usual."""

    def __init__(self, application, signed_in: SignedIn):
        self.application = application
        self.signed_in = signed_in

    async def __call__(self, scope, receive, send):
        with tempfile.SpooledTemporaryFile(max_size=IN_MEMORY) as body:
            if not await read_body(scope, receive, send, body, self.signed_in):
                return
            total = body.seek(0, 2)
            body.seek(0)
            done = False

            async def replay():
                nonlocal done
                if done:  # Django listens for the client leaving while it answers
                    return await receive()
                chunk = body.read(REPLAY_CHUNK)
                done = body.tell() >= total
                return {"type": "http.request", "body": chunk, "more_body": not done}

            await self.application(scope, replay, send)
