"""No secret reaches a real server's output: the board key, its cookie, an API token.

A real `coprod serve` (its worker beside it) is opened as the projector and an API client
would: the board link once, then the board's own reads and socket, and an API client's socket
and call with its token. Whatever the log format and level, the key and the token travel in
one address at most (the board link's first visit, answered by a redirect to the clean
address), and no line of the server's output holds them.
"""

import asyncio
import json
import urllib.error
import urllib.request

import pytest
import websockets

from coprod.core import testserver


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url: str, headers: dict | None = None):
    """(status, headers, body) of a GET to our own server, redirects not followed."""
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (http://127.0.0.1)
    try:
        with opener.open(request, timeout=15) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as answer:
        return answer.code, answer.headers, answer.read().decode()


async def ping(url: str, headers: dict) -> bool:
    async with websockets.connect(url, additional_headers=headers, open_timeout=15) as socket:
        await socket.send("ping")
        for _ in range(50):
            if await asyncio.wait_for(socket.recv(), 10) == "pong":
                return True
    return False


@pytest.fixture(scope="module")
def server():
    servers = testserver.prepare()
    try:
        demo = json.loads(servers.manage("demo", "--json"))
        demo["token"] = servers.manage("token", demo["facilitator"]).strip()
        demo["board_key"] = servers.manage(
            "shell",
            "-c",
            "from coprod.workshops.models import Workshop\n"
            f"print(Workshop.objects.get(pk={demo['workshop']}).board_key)\n",
        ).split()[-1]
        servers.start(1)
        yield servers, demo
    finally:
        servers.close()


def test_the_board_key_and_tokens_never_reach_the_servers_output(server):
    servers, demo = server
    base, workshop, key, token = servers.urls[0], demo["workshop"], demo["board_key"], demo["token"]
    board = f"{base}/tableau/{workshop}/"

    # The board link: the key is traded for a cookie, the browser sent to the clean address.
    status, headers, _ = get(f"{board}?cle={key}&lang=fr")
    assert status == 303
    assert headers["Location"] == f"/tableau/{workshop}/?lang=fr"
    cookie = headers["Set-Cookie"].split(";")[0]
    grant = cookie.split("=", 1)[1]
    assert key not in grant
    # The board and its own reads need the cookie only, and nothing on the page holds the key:
    # neither its htmx reads nor its socket can put it back in an address.
    for path in ("?lang=fr", "live/", "rejoindre/"):
        status, _, page = get(board + path, {"Cookie": cookie})
        assert status == 200, path
        assert key not in page, path
    assert get(board)[0] == 404  # without the cookie: a line in the log, for the check below
    assert get(f"{board}?cle=pas-la-cle")[0] == 404

    ws = f"ws://{base.removeprefix('http://')}/ws/workshops/{workshop}/"
    bearer = {"Authorization": f"Bearer {token}"}
    assert asyncio.run(ping(f"{ws}?view=board&lang=fr", {"Cookie": cookie}))
    assert asyncio.run(ping(ws, bearer))
    status, _, _ = get(f"{base}/api/v1/workshops/{workshop}", bearer)
    assert status == 200

    servers.stop_servers()  # every line written out
    output = "\n".join(log.read_text() for log in servers.data_dir.glob("server-*.log"))
    assert f"/tableau/{workshop}/" in output  # the 404s above: this is the output that logs
    for secret in (key, grant, token):
        assert secret not in output
