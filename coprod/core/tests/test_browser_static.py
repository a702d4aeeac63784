"""A phone on a weak rural link: its first visit of the join page and of its own page stays
small (compressed static files), and its later visits fetch no static file again (hashed
names, cached for good)."""

import re
import urllib.request

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# What a phone may download for each page on a fresh browser: headers and bodies as sent.
BUDGET = 60_000
HASHED = re.compile(r"/static/.+\.[0-9a-f]{12}\.\w+$")
IMMUTABLE = "max-age=315360000, public, immutable"


class Transfer:
    """Bytes received per request as Chromium counts them (headers and encoded body)."""

    def __init__(self, page):
        self.page = page
        self.urls: dict[str, str] = {}
        self.sizes: dict[str, int] = {}
        self.responses = []
        cdp = page.context.new_cdp_session(page)
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.send("Network.enable")
        page.on("response", lambda response: self.responses.append(response))

    def _sent(self, event):
        self.urls[event["requestId"]] = event["request"]["url"]

    def _finished(self, event):
        self.sizes[event["requestId"]] = event["encodedDataLength"]

    def load(self, url: str, live: bool = False) -> int:
        """Open `url`, wait for its live connection if it has one and for its last request,
        and give the bytes it took."""
        self.page.goto(url)
        if live:
            expect(self.page.locator("html")).to_have_attribute("data-live", "connected")
        self.page.wait_for_load_state("networkidle")
        return self.total()

    def total(self) -> int:
        return sum(self.sizes.values())

    def report(self) -> str:
        return "\n".join(
            f"{self.sizes[rid]:>7}  {self.urls.get(rid, '?')}" for rid in sorted(self.sizes)
        )

    def response(self, pattern: str):
        found = [r for r in self.responses if re.search(pattern, r.url)]
        assert found, f"no response matched {pattern}:\n{self.report()}"
        return found[0]


def encoding(url: str, accepted: str) -> str | None:
    # The test server's own http:// URL.
    request = urllib.request.Request(url, headers={"Accept-Encoding": accepted})  # noqa: S310
    with urllib.request.urlopen(request) as response:  # noqa: S310
        return response.headers.get("Content-Encoding")


def join(page) -> None:
    page.get_by_label("Votre nom").fill("Marcel Dupuis")
    page.get_by_label("Votre structure").fill("Mairie de Wy")
    page.get_by_label("J'ai lu les règles du jeu et je les accepte.").check()
    page.get_by_role("button", name="Rejoindre l'atelier").click()
    expect(page).to_have_url(re.compile(r"/p/\d+/$"))


def test_a_phone_first_load_of_the_join_and_phone_pages_stays_small(server, new_context):
    join_page = new_context("phone").new_page()
    transfer = Transfer(join_page)
    sent = transfer.load(f"{server.url}/j/{server.demo['join_code']}/")
    assert sent <= BUDGET, transfer.report()

    htmx = transfer.response(r"/static/django_htmx/htmx-2\.min\.")
    assert HASHED.search(htmx.url), htmx.url
    assert htmx.header_value("content-encoding") == "br"
    assert htmx.header_value("cache-control") == IMMUTABLE
    css = transfer.response(r"/static/core/coprod\.")
    assert HASHED.search(css.url), css.url
    assert css.header_value("cache-control") == IMMUTABLE
    # A browser without Brotli gets gzip, an old one the file as it is.
    assert encoding(htmx.url, "gzip, deflate") == "gzip"
    assert encoding(htmx.url, "identity") is None

    join(join_page)
    # The phone's own page, on a browser that has its cookie but nothing in its cache.
    phone = new_context("phone", storage_state=join_page.context.storage_state()).new_page()
    transfer = Transfer(phone)
    sent = transfer.load(join_page.url, live=True)
    assert sent <= BUDGET, transfer.report()
    expect(phone.locator("#phone-live")).to_be_visible()

    # Coming back later: only the page itself travels, every static file is in the cache.
    again = Transfer(phone)
    again.load(join_page.url, live=True)
    fetched = [
        again.urls[rid]
        for rid, size in again.sizes.items()
        if "/static/" in again.urls[rid] and size
    ]
    assert not fetched, again.report()
