"""The logs an IT department reads: JSON lines on request, one access line per request and per
WebSocket with the request id, never a join code, board key or token."""

import http.client
import json
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from coprod.core.access import _Proxies
from coprod.core.testserver import prepare
from coprod.testing.proxy import SERVER_NAME, nginx_in_front


def _get(url: str, headers: dict | None = None):
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (our own server)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


def _log_lines(servers) -> list[str]:
    (log,) = servers.data_dir.glob("server-*.log")
    # `coprod serve` prints its address and the static collection on stdout, in plain words.
    return [line for line in log.read_text().splitlines() if not line.startswith("coprod:")]


@pytest.fixture(params=["tuned", "stock"])
def json_server(request):
    servers = prepare(
        extra_env={
            "COPROD_LOG_FORMAT": "json",
            "COPROD_SERVER": request.param,
            "COPROD_TRUSTED_PROXIES": "127.0.0.1",
        }
    )
    try:
        demo = json.loads(servers.manage("demo", "--json"))
        servers.token = servers.manage("token", demo["facilitator"]).strip()
        servers.workshop = demo["workshop"]
        yield servers.start()
    finally:
        servers.close()


@pytest.mark.multiprocess
def test_json_access_lines_carry_the_request_id_and_no_secret(json_server):
    url = json_server.urls[0]
    status, headers = _get(f"{url}/j/SECRETJOIN/?code=SECRETCODE&cle=SECRETKEY")
    assert status == 404
    own_id = headers["X-Request-ID"]
    assert own_id
    # nginx's $request_id, from the trusted proxy, is kept and sent back.
    status, headers = _get(f"{url}/", {"X-Request-ID": "nginx-0123abcd"})
    assert status == 200
    assert headers["X-Request-ID"] == "nginx-0123abcd"
    with (
        pytest.raises(InvalidStatus),
        connect(f"ws://{url[7:]}/ws/workshops/999999/?token=SECRETTOKEN"),
    ):
        pass

    socket_url = f"ws://{url[7:]}/ws/workshops/{json_server.workshop}/"
    with connect(
        socket_url, additional_headers={"Authorization": f"Bearer {json_server.token}"}
    ) as ws:
        socket_id = ws.response.headers["X-Request-ID"]

    lines = _log_lines(json_server)
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    assert not [line for line in lines if "SECRET" in line]
    by_id = [r for r in records if r["request_id"] == own_id]
    # The view's own warning and the access line, both stamped with the request's id.
    assert {r["logger"] for r in by_id} == {"django.request", "coprod.access"}
    (access,) = [r for r in by_id if r["logger"] == "coprod.access"]
    assert access["method"] == "GET"
    assert access["path"] == "/j/…/"
    assert access["status"] == 404
    assert access["client"] == "127.0.0.1"
    assert access["duration_ms"] >= 0
    assert access["level"] == "INFO"
    assert access["time"].endswith("+00:00")
    assert [r["path"] for r in records if r["request_id"] == "nginx-0123abcd"] == ["/"]
    sockets = [r for r in records if r.get("method") == "WEBSOCKET"]
    assert [(r["path"], r["status"]) for r in sockets] == [
        ("/ws/workshops/999999/", 403),
        (f"/ws/workshops/{json_server.workshop}/", 101),
    ]
    assert sockets[1]["request_id"] == socket_id
    assert json_server.token not in "\n".join(lines)


def test_a_request_id_from_an_untrusted_client_is_replaced():
    """Only the proxy's id is believed: a client could otherwise pose as another request."""
    proxies = _Proxies(["127.0.0.1"])
    scope = {"client": ("203.0.113.9", 50000)}
    assert not proxies.came_through(scope, None)
    assert not proxies.came_through(scope, b"198.51.100.1")
    # Through the proxy, uvicorn has set the client to the forwarded address.
    assert proxies.came_through({"client": ("203.0.113.9", 0)}, b"203.0.113.9")
    assert proxies.came_through({"client": ("127.0.0.1", 40000)}, None)
    assert not _Proxies([]).came_through({"client": ("127.0.0.1", 40000)}, None)


@pytest.mark.parametrize(
    ("name", "value"), [("COPROD_LOG_LEVEL", "bavard"), ("COPROD_LOG_FORMAT", "xml")]
)
def test_a_wrong_log_setting_is_one_clear_line(tmp_path, name, value):
    result = subprocess.run(
        [sys.executable, "-m", "coprod.cli", "check"],
        env={**os.environ, "COPROD_DATA_DIR": str(tmp_path), name: value},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        f"coprod: {name} must be "
        + (
            "one of DEBUG, INFO, WARNING, ERROR, CRITICAL"
            if "LEVEL" in name
            else "'text' or 'json'"
        )
        + f", not {value.upper() if 'LEVEL' in name else value!r}"
    ]


@pytest.mark.multiprocess
@pytest.mark.skipif(not shutil.which("nginx", path="/usr/sbin:/usr/bin"), reason="no nginx")
def test_one_request_has_one_id_in_nginx_and_in_coprod(tmp_path):
    """The shipped nginx site gives each request an id: coprod logs it and sends it back, so
    nginx's access log and coprod's lines can be matched; a client cannot choose it."""
    servers = prepare(
        extra_env={"COPROD_LOG_FORMAT": "json", "COPROD_TRUSTED_PROXIES": "127.0.0.1"}
    )
    try:
        servers.start()
        with nginx_in_front(servers.ports, tmp_path) as proxy:
            connection = http.client.HTTPSConnection(
                SERVER_NAME, proxy.https_port, context=proxy.ssl_context(), timeout=30
            )
            connection.request(
                "GET", "/compte/connexion/?next=/x", headers={"X-Request-ID": "mine"}
            )
            response = connection.getresponse()
            response.read()
            connection.close()
            rid = response.getheader("X-Request-ID")
            nginx_lines = proxy.access_lines(containing="/compte/connexion/")
        records = [json.loads(line) for line in _log_lines(servers)]
    finally:
        servers.close()
    assert response.status == 200
    assert rid and rid != "mine"
    assert [line.split()[-1] for line in nginx_lines] == [rid]
    (access,) = [r for r in records if r["request_id"] == rid]
    assert access["path"] == "/compte/connexion/"
    assert access["client"] == "127.0.0.1"  # the client's address, forwarded by nginx
