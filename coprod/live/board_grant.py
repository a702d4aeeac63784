"""The board's grant: the key in the board link is exchanged once for a cookie.

The link the facilitator copies carries the board key (`?cle=`). Left in the address, the key
would travel in every later request (the board's htmx reads, its WebSocket) and land in access
logs, proxies' logs and browser histories. So the first visit trades it for a signed, HttpOnly
cookie and is sent on to the clean address. The projector's browser needs no account.

The cookie holds a digest of the workshop's current key: were the key to change, every grant
made with the old one stops working. It is signed with a timestamp, so a copied cookie stops
working after GRANT_AGE too, whatever the browser does with its max-age.
"""

import hashlib

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare

GRANT_AGE = 2 * 24 * 3600  # a board set up the evening before still runs the next day
_SALT = "coprod.live.board_grant"


def cookie_name(workshop_id: int) -> str:
    return f"coprod_tableau_{workshop_id}"


def _digest(workshop) -> str:
    return hashlib.sha256(f"{workshop.pk}:{workshop.board_key}".encode()).hexdigest()[:32]


def value(workshop) -> str:
    """The cookie's value for `workshop` as its key is now."""
    return signing.TimestampSigner(salt=_SALT).sign(_digest(workshop))


def is_valid(grant: str, workshop) -> bool:
    if not grant:
        return False
    try:
        digest = signing.TimestampSigner(salt=_SALT).unsign(grant, max_age=GRANT_AGE)
    except signing.BadSignature:  # includes an expired signature
        return False
    return constant_time_compare(digest, _digest(workshop))


def from_cookies(cookies, workshop_id: int) -> str:
    return (cookies or {}).get(cookie_name(workshop_id), "")


def set_on(response, workshop) -> None:
    response.set_cookie(
        cookie_name(workshop.pk),
        value(workshop),
        max_age=GRANT_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",  # Strict would drop it on the redirect after a link from a mail
    )


def cookie_header(workshop) -> str:
    """The `Cookie` header a script sends to follow the board (tests, the bench)."""
    return f"{cookie_name(workshop.pk)}={value(workshop)}"
