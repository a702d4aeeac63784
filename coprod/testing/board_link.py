"""Opening the board link as the projector's browser does, for scripts (tests, the bench).

The link's key (`?cle=`) is traded for a cookie on the first visit (coprod.live.board_grant);
a script that follows the board's WebSocket sends that cookie, never the key.
"""

import urllib.error
import urllib.request
from http.cookies import SimpleCookie


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def board_cookie(base_url: str, workshop_id: int, board_key: str) -> str:
    """The `Cookie` header value that opening `base_url`'s board link left."""
    opener = urllib.request.build_opener(_NoRedirect)
    url = f"{base_url}/tableau/{workshop_id}/?cle={board_key}"  # always our own server
    try:
        opener.open(url, timeout=15)  # noqa: S310
    except urllib.error.HTTPError as answer:  # the 303 that carries the cookie
        if answer.code != 303:
            raise
        cookie = SimpleCookie()
        for header in answer.headers.get_all("Set-Cookie", []):
            cookie.load(header)
        return "; ".join(f"{name}={morsel.value}" for name, morsel in cookie.items())
    raise AssertionError("the board link did not redirect to its clean address")
