"""Which pages may open the workshop WebSocket: the site's own, never another site's.

A browser sends its session cookie with any WebSocket handshake, whatever page opens it, so a
hostile page could otherwise follow a facilitator's console in their name (cross-site WebSocket
hijacking). A handshake whose `Origin` is the address it was sent to (scheme aside: behind an
HTTPS proxy the server sees plain HTTP) or one of CSRF_TRUSTED_ORIGINS is let through; any other
is refused before the consumer runs.

A handshake without `Origin` is not a browser's (browsers always send it on WebSocket
handshakes, RFC 6455 §4.1): an API client with its `Authorization: Bearer` header, a test, a script. It carries no
ambient credential that a hostile page could borrow, so it is let through and the consumer
checks its token or session as for anyone.
"""

from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import is_same_domain, split_domain_port, validate_host


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


def _trusted(origin) -> bool:
    """In CSRF_TRUSTED_ORIGINS, read as Django's CSRF check reads it (`https://*.example.org`
    for any subdomain)."""
    for trusted in settings.CSRF_TRUSTED_ORIGINS:
        pattern = urlsplit(trusted)
        if pattern.scheme != origin.scheme:
            continue
        if "*" in pattern.netloc:
            if is_same_domain(origin.netloc, pattern.netloc.replace("*", "", 1)):
                return True
        elif pattern.netloc == origin.netloc:
            return True
    return False


def allowed(scope) -> bool:
    raw = _header(scope, b"origin")
    if raw is None:
        return True  # not a browser: see the module's docstring
    host = (_header(scope, b"host") or "").lower()
    domain, _port = split_domain_port(host)
    if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        return False
    try:
        origin = urlsplit(raw.strip().lower())
    except ValueError:
        return False
    if origin.scheme not in ("http", "https") or not origin.netloc:
        return False  # "null" (a sandboxed frame, a file), or not a web page
    return origin.netloc == host or _trusted(origin)


class SameOriginValidator:
    """ASGI middleware: a WebSocket handshake from another site is refused (403)."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if allowed(scope):
            return await self.application(scope, receive, send)
        return await WebsocketDenier()(scope, receive, send)
