"""Request bodies are capped before they are read, on a real `coprod serve` (coprod/server/tuned.py,
coprod/core/body_limits.py): small for anonymous requests and forms, the upload limit only for a
signed-in account's upload."""

import json
import re
import socket
import uuid
from pathlib import Path

import pytest

from coprod.core import testserver
from coprod.core.body_limits import ANONYMOUS_MAX, SMALL_MAX

pytestmark = pytest.mark.multiprocess

MB = 1024 * 1024


@pytest.fixture(scope="module")
def served():
    servers = testserver.prepare()
    try:
        demo = json.loads(servers.manage("demo", "--json"))
        demo["token"] = servers.manage("token", demo["facilitator"]).strip()
        servers.start(1)
        yield servers, demo
    finally:
        servers.close()


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def request_head(path: str, port: int, headers: dict[str, str]) -> bytes:
    lines = [
        f"POST {path} HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def answer_of(sock: socket.socket) -> tuple[int, str]:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    status = int(head.split()[1])
    length = re.search(rb"content-length: (\d+)", head, re.I)
    while length and len(rest) < int(length.group(1)):
        rest += sock.recv(65536)
    return status, rest.decode(errors="replace")


def stream(port: int, path: str, headers: dict[str, str], total: int) -> tuple[int, str, int]:
    """Send up to `total` bytes of chunked body until the server answers; (status, body, sent)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request_head(path, port, {**headers, "Transfer-Encoding": "chunked"}))
        piece = b"x" * 65536
        chunk = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
        sent = 0
        sock.settimeout(0.001)
        while sent < total:
            try:
                sock.sendall(chunk)
                sent += len(piece)
            except (TimeoutError, BlockingIOError):
                pass
            except (BrokenPipeError, ConnectionResetError):
                break
            try:
                if sock.recv(1, socket.MSG_PEEK):
                    break
            except (TimeoutError, BlockingIOError):
                continue
        sock.settimeout(10)
        status, body = answer_of(sock)
        return status, body, sent


def test_an_anonymous_500_mb_body_is_refused_before_it_is_sent(served):
    servers, _demo = served
    port = servers.ports[0]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(
            request_head(
                "/api/v1/join",
                port,
                {"Content-Type": "application/json", "Content-Length": str(500 * MB)},
            )
        )
        status, body = answer_of(sock)  # no byte of the body was sent: the server did not wait
    assert status == 413
    assert json.loads(body)["detail"] == "Envoi trop volumineux : 256 Ko au plus."


def test_a_streamed_anonymous_body_is_cut_as_soon_as_it_passes_the_cap(served):
    servers, _demo = served
    pid, port = servers.processes[0].pid, servers.ports[0]
    before = rss_mb(pid)
    status, body, sent = stream(
        port, "/", {"Content-Type": "application/x-www-form-urlencoded"}, 300 * MB
    )
    assert status == 413
    assert "Envoi trop volumineux" in body
    assert sent < 20 * MB  # refused while the client was still sending, not after
    assert rss_mb(pid) - before < 30  # nothing of it kept in memory


def test_forms_of_a_session_get_the_small_cap_not_the_upload_one(served):
    servers, _demo = served
    port = servers.ports[0]
    cookie = f"sessionid={uuid.uuid4().hex}"  # anyone can send a cookie
    status, _body, _sent = stream(
        port, "/", {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}, 4 * MB
    )
    assert status == 413
    status, _body, _sent = stream(
        port,
        "/api/v1/archives",
        {"Content-Type": "multipart/form-data; boundary=x", "Cookie": cookie},
        4 * MB,
    )
    assert status == 413  # an upload, but from no signed-in account


def multipart(size: int) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.zip"\r\n'
            "Content-Type: application/zip\r\n\r\n"
        ).encode()
        + b"x" * size
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def test_a_signed_in_account_uploads_past_the_small_cap(served):
    """A 3 MB archive from a facilitator's token reaches the import, which queues it (the
    worker will say what is wrong with it): the body cap did not stop it."""
    servers, demo = served
    port = servers.ports[0]
    body, kind = multipart(3 * MB)
    assert len(body) > SMALL_MAX > ANONYMOUS_MAX
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(
            request_head(
                "/api/v1/archives",
                port,
                {
                    "Content-Type": kind,
                    "Content-Length": str(len(body)),
                    "Authorization": f"Bearer {demo['token']}",
                },
            )
            + body
        )
        status, answer = answer_of(sock)
    assert status == 202, answer
    assert json.loads(answer)["kind"] == "archive_import"
