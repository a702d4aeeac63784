"""The shipped nginx site file (deploy/nginx/coprod.conf), run by Debian's nginx over TLS.

First in front of a plain header-echo server, to see exactly what nginx sends a backend (the
client address it passes on, the proxy headers, the bodies it lets through); then in front of a
real `coprod serve`: pages over https://, the workshop WebSocket over wss://.
"""

import asyncio
import contextlib
import gzip
import http.client
import http.server
import json
import shutil
import socket
import ssl
import threading
import time
from pathlib import Path

import pytest
import websockets

from coprod.core import testserver
from coprod.core.body_limits import UPLOAD_MAX
from coprod.testing.proxy import SERVER_NAME, nginx_in_front

pytestmark = [
    pytest.mark.multiprocess,
    pytest.mark.skipif(not shutil.which("nginx", path="/usr/sbin:/usr/bin"), reason="no nginx"),
]

MB = 1024 * 1024
HASHED = "app.0123456789ab.css"


class Echo(http.server.BaseHTTPRequestHandler):
    """Answers with the headers it received and the size of the body it read."""

    protocol_version = "HTTP/1.1"

    def _answer(self, received: int) -> None:
        body = json.dumps({"headers": dict(self.headers), "received": received}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self._answer(0)

    def do_POST(self):
        left, received = int(self.headers.get("Content-Length", 0)), 0
        while left:
            chunk = self.rfile.read(min(left, MB))
            if not chunk:
                break
            left -= len(chunk)
            received += len(chunk)
        self._answer(received)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def static_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("site") / "static"
    root.mkdir()
    css = b"body { color: #123; }\n" * 400
    (root / HASHED).write_bytes(css)
    (root / f"{HASHED}.gz").write_bytes(gzip.compress(css))
    (root / "robots.txt").write_text("User-agent: *\n")
    return root


@pytest.fixture(scope="module")
def echo_proxy(static_root):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with nginx_in_front([server.server_address[1]], static_root) as proxy:
            yield proxy
    finally:
        server.shutdown()
        server.server_close()


def request(proxy, method, path, *, body=None, headers=None, timeout=30):
    connection = http.client.HTTPSConnection(
        SERVER_NAME, proxy.https_port, context=proxy.ssl_context(), timeout=timeout
    )
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_the_client_cannot_choose_the_address_the_backend_sees(echo_proxy):
    status, _, body = request(
        echo_proxy,
        "GET",
        "/rejoindre/",
        headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "http"},
    )
    assert status == 200
    seen = json.loads(body)["headers"]
    # Replaced by the TCP peer's address (here the loopback), never appended to.
    assert seen["X-Forwarded-For"] == "127.0.0.1"
    assert seen["X-Forwarded-Proto"] == "https"
    assert len(seen["X-Request-ID"]) == 32
    # The port the browser used is kept: the WebSocket origin check compares it.
    assert seen["Host"] == f"{SERVER_NAME}:{echo_proxy.https_port}"


def test_a_20_mb_upload_reaches_the_backend_whole(echo_proxy):
    status, _, body = request(echo_proxy, "POST", "/ateliers/importer/", body=b"x" * (20 * MB))
    assert status == 200
    assert json.loads(body)["received"] == 20 * MB


def test_nginx_refuses_only_what_coprod_would_refuse_too(echo_proxy):
    # Beyond the largest upload coprod accepts (and its multipart framing), nginx answers 413
    # without bothering the backend; the limit is checked from Content-Length alone.
    connection = http.client.HTTPSConnection(
        SERVER_NAME, echo_proxy.https_port, context=echo_proxy.ssl_context(), timeout=30
    )
    connection.putrequest("POST", "/ateliers/importer/")
    connection.putheader("Content-Length", str(UPLOAD_MAX + 2 * MB))
    connection.endheaders()
    assert connection.getresponse().status == 413
    connection.close()


def test_plain_http_is_sent_to_https(echo_proxy):
    connection = http.client.HTTPConnection(SERVER_NAME, echo_proxy.http_port, timeout=10)
    connection.request("GET", "/rejoindre/?code=ABC123")
    response = connection.getresponse()
    assert response.status == 301
    assert response.getheader("Location") == f"https://{SERVER_NAME}/rejoindre/?code=ABC123"
    connection.close()


def test_the_access_log_has_no_query_string(echo_proxy):
    request(echo_proxy, "GET", "/tableau/7/?key=board-secret-123")
    lines = echo_proxy.access_lines(containing="/tableau/7/")
    assert lines, echo_proxy.access_lines()
    assert all("board-secret-123" not in line and "?" not in line for line in lines)


def test_hashed_static_files_are_cached_for_good_and_sent_compressed(echo_proxy):
    status, headers, body = request(
        echo_proxy, "GET", f"/static/{HASHED}", headers={"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers.get("Content-Encoding") == "gzip"
    assert gzip.decompress(body).startswith(b"body { color")
    status, headers, _ = request(echo_proxy, "GET", "/static/robots.txt")
    assert status == 200
    assert "immutable" not in headers["Cache-Control"]


def test_a_client_that_never_finishes_its_headers_is_cut_off(echo_proxy):
    # client_header_timeout 10s: a slowloris connection does not stay open.
    raw = socket.create_connection(("127.0.0.1", echo_proxy.https_port), timeout=30)
    with echo_proxy.ssl_context().wrap_socket(raw, server_hostname=SERVER_NAME) as tls:
        tls.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
        started = time.monotonic()
        with contextlib.suppress(ssl.SSLError, ConnectionError):
            while tls.recv(1024):
                pass
        waited = time.monotonic() - started
    assert 9 < waited < 20


@pytest.fixture(scope="module")
def coprod_proxy(static_root):
    servers = testserver.prepare()
    try:
        demo = json.loads(servers.manage("demo", "--json"))
        servers.start(1)
        with nginx_in_front(servers.ports, static_root) as proxy:
            yield proxy, demo
    finally:
        servers.close()


def test_coprod_answers_through_the_proxy(coprod_proxy):
    proxy, _ = coprod_proxy
    status, headers, body = request(proxy, "GET", "/")
    assert status in (200, 302)
    status, _, body = request(proxy, "GET", "/compte/connexion/")
    assert status == 200
    assert b"<html" in body


def test_healthz_answers_through_the_proxy_without_a_log_line(coprod_proxy):
    proxy, _ = coprod_proxy
    status, headers, body = request(proxy, "GET", "/healthz")
    assert status == 200 and json.loads(body)["checks"]["database"]["status"] == "ok"
    assert "Set-Cookie" not in headers
    request(proxy, "GET", "/compte/connexion/")  # logged: the log is being written
    assert proxy.access_lines(containing="/compte/connexion/")
    assert not proxy.access_lines(containing="/healthz")


def test_an_oversized_anonymous_body_is_refused_by_coprod_not_nginx(coprod_proxy):
    # nginx lets 20 MB through to coprod, whose own limit for a visitor is far lower: the
    # visitor should read coprod's French message.
    proxy, _ = coprod_proxy
    status, _, body = request(proxy, "POST", "/rejoindre/", body=b"x" * (20 * MB))
    assert status == 413
    assert b"<center>nginx</center>" not in body


def test_the_workshop_socket_upgrades_over_wss(coprod_proxy):
    proxy, demo = coprod_proxy
    status, _, body = request(
        proxy,
        "POST",
        "/api/v1/join",
        body=json.dumps({"code": demo["join_code"], "name": "Camille"}),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    assert status == 201, body
    token = json.loads(body)["token"]
    url = f"wss://{SERVER_NAME}:{proxy.https_port}/ws/workshops/{demo['workshop']}/"
    headers = {"Authorization": f"Bearer {token}"}  # through the proxy to coprod

    async def ping_pong():
        async with websockets.connect(
            url, additional_headers=headers, ssl=proxy.ssl_context(), open_timeout=15
        ) as ws:
            await ws.send("ping")
            for _ in range(20):
                if await asyncio.wait_for(ws.recv(), 10) == "pong":
                    return True
        return False

    assert asyncio.run(ping_pong())
    socket_lines = proxy.access_lines(containing="/ws/workshops/")
    assert any('" 101 ' in line for line in socket_lines), socket_lines
    assert all(token not in line for line in proxy.access_lines())


@pytest.mark.browser
def test_chromium_trusts_the_proxy_through_a_home_that_trusts_its_ca(echo_proxy, tmp_path):
    from playwright.sync_api import Error, sync_playwright

    from coprod.testing.browser import CHROMIUM

    trusting = echo_proxy.nss_home(tmp_path / "trusting")
    (tmp_path / "plain").mkdir()
    with sync_playwright() as playwright:
        seen = {}
        for name, home in (("trusting", trusting), ("plain", tmp_path / "plain")):
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, env={"HOME": str(home)}
            )
            try:
                response = browser.new_page().goto(f"{echo_proxy.url}/rejoindre/")
                seen[name] = response.status
            except Error as error:
                seen[name] = "ERR_CERT_AUTHORITY_INVALID" in str(error)
            finally:
                browser.close()
    assert seen == {"trusting": 200, "plain": True}
