"""COPROD_HTTPS=1 on a real `coprod serve`, in both server modes: secure cookies, HSTS, plain
http sent to https (the health probe aside), and X-Forwarded-Proto believed from the trusted
proxy only, never from a client that reaches the web port itself."""

import http.client
import json
import os
import re
import subprocess
import sys
from http.cookies import SimpleCookie

import pytest

from coprod import config
from coprod.core import testserver

PROXY = "127.0.0.2"  # the trusted proxy: the tests' requests sent from this loopback address
HOST = "atelier.parc-vexin.fr"


def call(port, method, path, *, source="127.0.0.1", headers=None, body=None):
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=20, source_address=(source, 0)
    )
    try:
        connection.request(method, path, body=body, headers={"Host": HOST, **(headers or {})})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


def cookies(headers) -> SimpleCookie:
    jar = SimpleCookie()
    for line in headers.get_all("Set-Cookie") or []:
        jar.load(line)
    return jar


@pytest.fixture(scope="module", params=["tuned", "stock"])
def https_server(request):
    servers = testserver.prepare(
        extra_env={
            "COPROD_SERVER": request.param,
            "COPROD_HTTPS": "1",
            "COPROD_PUBLIC_URL": f"https://{HOST}",
            "COPROD_TRUSTED_PROXIES": PROXY,
        }
    )
    try:
        demo = json.loads(servers.manage("demo", "--json"))
        servers.start(1)
        yield servers.ports[0], demo
    finally:
        servers.close()


@pytest.mark.multiprocess
def test_plain_http_is_sent_to_https_but_the_health_probe(https_server):
    port, _ = https_server
    status, headers, _ = call(port, "GET", "/compte/connexion/?suivant=1")
    assert status == 301
    assert headers["Location"] == f"https://{HOST}/compte/connexion/?suivant=1"
    assert "Strict-Transport-Security" not in headers  # never over plain http
    status, _, _ = call(port, "GET", "/healthz")
    assert status != 301


@pytest.mark.multiprocess
def test_a_client_cannot_claim_https_past_the_trusted_proxy(https_server):
    """Straight to the web port, X-Forwarded-Proto is the client's own word: not believed."""
    port, _ = https_server
    status, headers, _ = call(
        port, "GET", "/compte/connexion/", headers={"X-Forwarded-Proto": "https"}
    )
    assert status == 301
    assert "Strict-Transport-Security" not in headers
    assert "Set-Cookie" not in headers


@pytest.mark.multiprocess
def test_through_the_proxy_cookies_are_secure_and_hsts_is_sent(https_server):
    port, demo = https_server
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    status, headers, page = call(port, "GET", "/compte/connexion/", source=PROXY, headers=forwarded)
    assert status == 200
    assert headers["Strict-Transport-Security"] == f"max-age={config.HSTS_SECONDS}"
    csrf = cookies(headers)["csrftoken"]
    assert csrf["secure"]
    # A phone joins: its session cookie is secure too (and the CSRF check passes over https).
    join = f"/j/{demo['join_code']}/"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = f"csrfmiddlewaretoken={token}&code={demo['join_code']}&name=Jeanne&accept_charter=on"
    status, headers, page = call(
        port,
        "POST",
        join,
        source=PROXY,
        body=form,
        headers={
            **forwarded,
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf.value}",
            "Origin": f"https://{HOST}",
        },
    )
    assert status == 302, page
    session = cookies(headers)["sessionid"]
    assert session["secure"] and session["httponly"]


def test_subdomains_are_covered_only_when_asked(monkeypatch):
    monkeypatch.setenv("COPROD_HSTS_SUBDOMAINS", "1")
    monkeypatch.delenv("COPROD_HTTPS", raising=False)
    assert (config.hsts_seconds(), config.hsts_subdomains()) == (0, False)
    monkeypatch.setenv("COPROD_HTTPS", "1")
    assert (config.hsts_seconds(), config.hsts_subdomains()) == (365 * 24 * 3600, True)
    monkeypatch.delenv("COPROD_HSTS_SUBDOMAINS")
    assert config.hsts_subdomains() is False


@pytest.mark.parametrize("proxies", [None, "127.0.0.1,proxy.local"])
def test_https_without_a_trusted_proxy_is_refused_by_name(tmp_path, proxies):
    """Every request would look like plain http, and be sent to https again and again."""
    env = {
        **{name: value for name, value in os.environ.items() if not name.startswith("COPROD_")},
        "COPROD_DATA_DIR": str(tmp_path),
        "COPROD_STATIC_ROOT": str(tmp_path / "static"),
        "COPROD_HTTPS": "1",
        **({"COPROD_TRUSTED_PROXIES": proxies} if proxies else {}),
    }
    checked = subprocess.run(
        [sys.executable, "-m", "coprod.cli", "check"], env=env, capture_output=True, text=True
    )
    assert checked.returncode == 1
    assert "COPROD_TRUSTED_PROXIES" in checked.stderr
    assert "Traceback" not in checked.stderr
