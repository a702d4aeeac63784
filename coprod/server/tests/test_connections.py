"""`coprod serve`'s connection settings, on a real server with raw sockets: a connection that
never completes its request head is closed after COPROD_HEADER_TIMEOUT while requests still
answer; X-Forwarded-For counts only from COPROD_TRUSTED_PROXIES (the join limit sees through a
forged one otherwise); past COPROD_MAX_CONNECTIONS HTTP gets 503 but a WebSocket still reaches
the application. Runs in the mode of COPROD_SERVER, like every live test."""

import socket
import threading
import time
import urllib.error
import urllib.request

import pytest

from coprod.core import testserver

pytestmark = pytest.mark.multiprocess

TIMEOUT = 1.5  # COPROD_HEADER_TIMEOUT for these servers: seconds


@pytest.fixture(scope="module")
def servers():
    servers = testserver.prepare(extra_env={"COPROD_HEADER_TIMEOUT": str(TIMEOUT)})
    for name in ("COPROD_TRUSTED_PROXIES", "COPROD_MAX_CONNECTIONS", "FORWARDED_ALLOW_IPS"):
        servers.env.pop(name, None)
    try:
        yield servers.start(1)
    finally:
        servers.close()


def restarted(servers, **env):
    servers.env.update(env)
    return servers.restart()


def status_of(url: str, headers: dict[str, str] | None = None) -> int:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (loopback)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def closed_after(sock: socket.socket, dribble: bytes = b"") -> float:
    """Seconds until the server closes `sock`, sending it `dribble` a byte at a time meanwhile
    (a byte every 0.3 s, always well inside uvicorn's keep-alive timeout)."""
    started = time.monotonic()
    sock.settimeout(0.3)
    for byte in [dribble[i : i + 1] for i in range(len(dribble))] or [b""] * 1000:
        try:
            if byte:
                sock.sendall(byte)
            if sock.recv(1024) == b"":
                return time.monotonic() - started
        except TimeoutError:
            continue
        except (BrokenPipeError, ConnectionResetError):
            return time.monotonic() - started
    raise AssertionError("still open after its dribble")


def test_a_connection_that_never_completes_its_head_is_closed_in_time(servers):
    port, url = servers.ports[0], servers.urls[0]
    silent = socket.create_connection(("127.0.0.1", port))
    dribbling = socket.create_connection(("127.0.0.1", port))
    after_a_request = socket.create_connection(("127.0.0.1", port))
    after_a_request.sendall(b"GET /healthz-unknown/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    head = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + b"a" * 40
    results: dict[str, float] = {}

    def watch(name, sock, dribble=b""):
        results[name] = closed_after(sock, dribble)

    watchers = [
        threading.Thread(target=watch, args=("silent", silent)),
        threading.Thread(target=watch, args=("dribbling", dribbling, head)),
    ]
    for watcher in watchers:
        watcher.start()
    # Meanwhile the site answers, on fresh connections as on a kept-alive one.
    assert status_of(url + "/") == 200
    answer = after_a_request.recv(65536)
    assert answer.startswith(b"HTTP/1.1 404")
    results["after a request"] = closed_after(after_a_request, head)
    for watcher in watchers:
        watcher.join()
    for name, seconds in results.items():
        assert TIMEOUT - 0.5 < seconds < TIMEOUT + 2, (name, seconds)


def test_a_request_whose_head_is_complete_is_not_cut(servers):
    """The timeout is for the head: a body sent slowly (a phone on a weak link) still gets its
    answer."""
    with socket.create_connection(("127.0.0.1", servers.ports[0])) as sock:
        sock.sendall(
            b"POST /j/ABCDEF/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
            b"application/x-www-form-urlencoded\r\nContent-Length: 8\r\n\r\n"
        )
        for byte in b"code=abc":
            time.sleep(TIMEOUT / 4)
            sock.sendall(bytes([byte]))
        sock.settimeout(10)
        assert sock.recv(65536).startswith(b"HTTP/1.1 403")  # CSRF: an answer, from Django


def wrong_codes_from_rotating_addresses(url: str) -> list[int]:
    return [
        status_of(f"{url}/j/ZZZZ{i:02d}/", {"X-Forwarded-For": f"203.0.113.{i}"}) for i in range(11)
    ]


def test_a_forged_forwarded_address_does_not_escape_the_join_limit(servers):
    """Without COPROD_TRUSTED_PROXIES the client is the TCP peer, even from 127.0.0.1 where a
    local proxy would be (uvicorn believes 127.0.0.1 by default, and FORWARDED_ALLOW_IPS)."""
    restarted(servers, FORWARDED_ALLOW_IPS="127.0.0.1")
    assert wrong_codes_from_rotating_addresses(servers.urls[0]) == [404] * 10 + [429]


def test_the_forwarded_address_counts_from_a_trusted_proxy(servers):
    restarted(servers, COPROD_TRUSTED_PROXIES="127.0.0.1")
    try:
        assert wrong_codes_from_rotating_addresses(servers.urls[0]) == [404] * 11
        # The same forwarded address, though, is limited like any client.
        statuses = [
            status_of(f"{servers.urls[0]}/j/ZZZY{i:02d}/", {"X-Forwarded-For": "203.0.113.77"})
            for i in range(11)
        ]
        assert statuses == [404] * 10 + [429]
    finally:
        servers.env.pop("COPROD_TRUSTED_PROXIES")


def test_past_the_connection_limit_http_gets_503_and_websockets_still_get_in(servers):
    restarted(servers, COPROD_MAX_CONNECTIONS="3")
    port = servers.ports[0]
    held = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
    try:
        time.sleep(0.2)
        assert status_of(servers.urls[0] + "/") == 503
        with socket.create_connection(("127.0.0.1", port)) as ws:
            ws.sendall(
                b"GET /ws/workshops/1/ HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                b"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                b"Sec-WebSocket-Version: 13\r\nOrigin: http://127.0.0.1\r\n\r\n"
            )
            ws.settimeout(10)
            # Refused by the consumer (no such workshop for this visitor), not by the limit.
            assert ws.recv(65536).startswith(b"HTTP/1.1 403")
    finally:
        for sock in held:
            sock.close()
        servers.env.pop("COPROD_MAX_CONNECTIONS")
