"""The login throttle on a real `coprod serve`: it counts the address uvicorn believed, the
forwarded one behind a trusted proxy, and never a header written by a client."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

from coprod.core import testserver

pytestmark = pytest.mark.multiprocess

ACCOUNT = (
    "from django.contrib.auth import get_user_model; "
    "get_user_model().objects.create_user('camille', password='bon-mot-de-passe-42')"
)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def sign_in(url: str, password: str, forwarded_for: str) -> int:
    """The status of one sign-in from a fresh browser, through a proxy that says the client
    is `forwarded_for`."""
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    headers = {"X-Forwarded-For": forwarded_for}
    login = f"{url}/compte/connexion/"
    request = urllib.request.Request(login, headers=headers)  # noqa: S310 (our own server)
    page = browser.open(request, timeout=30).read()
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    body = urllib.parse.urlencode(
        {"username": "camille", "password": password, "csrfmiddlewaretoken": token}
    ).encode()
    try:
        request = urllib.request.Request(login, body, headers)  # noqa: S310
        with browser.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize(("trusted", "colleague_status"), [("127.0.0.1", 302), ("", 429)])
def test_the_lock_follows_the_address_the_server_believes(trusted, colleague_status):
    servers = testserver.prepare(extra_env={"COPROD_TRUSTED_PROXIES": trusted})
    try:
        servers.manage("shell", "-c", ACCOUNT)
        url = servers.start(1).urls[0]
        assert [sign_in(url, "mauvais", "203.0.113.5") for _ in range(5)] == [200] * 4 + [429]
        assert sign_in(url, "bon-mot-de-passe-42", "203.0.113.5") == 429
        # Another client behind the trusted proxy signs in; without one, the header is the
        # attacker's own word and changes nothing.
        assert sign_in(url, "bon-mot-de-passe-42", "198.51.100.7") == colleague_status
    finally:
        servers.close()
