"""Fixtures of the end-to-end tests: a real `coprod serve`, Debian's Chromium, helpers.

The server runs in its own process with its own data folder (and its own database on
PostgreSQL), exactly as a facilitator's laptop would run it; browsers reach it over HTTP and
WebSockets. Nothing here touches the pytest test database.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from coprod.core import testserver

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1920, "height": 1080}


@dataclass
class LiveServer:
    servers: testserver.ServerSet
    demo: dict

    @property
    def url(self) -> str:
        return self.servers.urls[0]

    @property
    def port(self) -> int:
        return self.servers.ports[0]

    def log(self) -> str:
        path = self.servers.data_dir / f"server-{self.port}.log"
        return path.read_text() if path.exists() else ""


@contextlib.contextmanager
def demo_server(extra_env: dict[str, str] | None = None):
    """One `coprod serve` process with the demo workshop; Redis when REDIS_URL is set."""
    servers = testserver.prepare(redis=bool(os.environ.get("REDIS_URL")), extra_env=extra_env)
    try:
        # The demo is created while the server starts: both only need the migrated database.
        with ThreadPoolExecutor(1) as pool:
            demo = pool.submit(servers.manage, "demo", "--json")
            servers.start(1)
            demo = json.loads(demo.result())
        yield LiveServer(servers=servers, demo=demo)
    finally:
        servers.close()


@pytest.fixture(scope="module")
def server():
    with demo_server() as live:
        yield live


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import expect, sync_playwright

    # Page loads on a busy CI machine; pushed changes have their own, shorter, limit.
    expect.set_options(timeout=10_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser):
    """Open browser contexts (a laptop, a phone, a projector) closed after the test."""
    contexts = []

    def make(kind: str = "laptop", **options):
        viewport = {"laptop": LAPTOP, "phone": PHONE, "board": PROJECTOR}[kind]
        settings = {
            "viewport": viewport,
            "locale": "fr-FR",
            "timezone_id": "Europe/Paris",
        }
        if kind == "phone":
            settings.update(is_mobile=True, has_touch=True, device_scale_factor=2)
        settings.update(options)
        context = browser.new_context(**settings)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        with contextlib.suppress(Exception):
            context.close()


@pytest.fixture(scope="module")
def facilitator_state(browser, server):
    """The facilitator's signed-in cookies, for tests that do not test the sign-in itself."""
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    page = context.new_page()
    log_in(page, server)
    state = context.storage_state()
    context.close()
    return state


def log_in(page, server: LiveServer) -> None:
    from playwright.sync_api import expect

    page.goto(f"{server.url}/compte/connexion/")
    page.locator("#id_username").fill(server.demo["facilitator"])
    page.locator("#id_password").fill(server.demo["password"])
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(re.compile(r"/ateliers/$"))


def assert_accessible(page, what: str) -> None:
    """axe-core finds no violation on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, f"{what}:\n{results.generate_report()}"


def screenshot(page, name: str, **options) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), **options)
    return path


# Records every text the live region of `selector` takes while the page lives (not across a
# reload): one entry per change, read when the swap has landed, empty texts left out.
_RECORD_LIVE_REGION = """(selector) => {
  const regions = (window.__coprodLiveRegions ||= {});
  if (regions[selector]) return;
  const said = (regions[selector] = []);
  let region = document.querySelector(selector);
  new MutationObserver((records) => {
    const now = document.querySelector(selector);
    if (!now) return;
    const touched = now !== region || records.some((record) => now.contains(record.target));
    region = now;
    const text = now.textContent.replace(/\\s+/g, " ").trim();
    if (touched && text) said.push(text);
  }).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
}"""

# The index (plus one) of the first text said after `after` that is, or holds, the one awaited.
_FIND_SAID = """([selector, text, partial, after]) => {
  const said = window.__coprodLiveRegions[selector];
  for (let i = after; i < said.length; i++) {
    if (partial ? said[i].includes(text) : said[i] === text) return i + 1;
  }
  return 0;
}"""


class LiveRegion:
    """What a screen reader hears from a polite live region (e.g. `#console-announce`).

    A later announcement may replace the awaited one before a plain `expect` reads it (a push
    lands right after the answer to a key press); every text the region takes is recorded in
    the page from now on instead, and `expect_said` waits until the awaited one has been said,
    after the announcements awaited before it, so an earlier one cannot answer for it.
    """

    def __init__(self, page, selector: str):
        self.page = page
        self.selector = selector
        self.heard = 0  # announcements up to the last one awaited
        page.evaluate(_RECORD_LIVE_REGION, selector)

    def said(self) -> list[str]:
        return self.page.evaluate("(s) => window.__coprodLiveRegions[s]", self.selector)

    def expect_said(self, text: str, *, partial: bool = False, timeout: float | None = None):
        """Wait until the region says `text` (whitespace collapsed as `expect` does), or a text
        holding it when `partial`; AssertionError listing what it said instead."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        text = " ".join(text.split())
        options = {} if timeout is None else {"timeout": timeout}
        arg = [self.selector, text, partial, self.heard]
        try:
            found = self.page.wait_for_function(_FIND_SAID, arg=arg, polling=50, **options)
        except PlaywrightTimeout:
            said = self.said()[self.heard :]
            raise AssertionError(
                f"{self.selector} never said {text!r}{' (in part)' if partial else ''}; "
                f"it said {said!r}"
            ) from None
        self.heard = found.json_value()


def mark_page(page) -> None:
    """Leave a value in the page's window: it survives swaps, not a reload or a navigation."""
    page.evaluate("window.__coprodMarker = 'still here'")


def assert_not_reloaded(page) -> None:
    assert page.evaluate("window.__coprodMarker") == "still here", "the page was reloaded"


class FlakyLink:
    """A TCP relay between one browser and the server whose connections can be cut.

    Like a phone losing the hall's Wi-Fi: open connections die without a goodbye, and new ones
    are refused until the link comes back.
    """

    def __init__(self, target_port: int):
        self.target = ("127.0.0.1", target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.online = True
        self.closed = False
        self.pairs: set[tuple[socket.socket, socket.socket]] = set()
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _addr = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if not self.online:
                _abort(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                _abort(client)
                continue
            pair = (client, upstream)
            with self.lock:
                self.pairs.add(pair)
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst, pair), daemon=True).start()

    def _pump(self, src, dst, pair) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            with self.lock:
                self.pairs.discard(pair)
            _abort(src)
            _abort(dst)

    def cut(self) -> None:
        self.online = False
        with self.lock:
            pairs, self.pairs = list(self.pairs), set()
        for client, upstream in pairs:
            _abort(client)
            _abort(upstream)

    def restore(self) -> None:
        self.online = True

    def close(self) -> None:
        self.closed = True
        self.cut()
        self.listener.close()


def _abort(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()


@pytest.fixture
def flaky_link(server):
    links = []

    def make() -> FlakyLink:
        link = FlakyLink(server.port)
        links.append(link)
        return link

    yield make
    for link in links:
        link.close()
