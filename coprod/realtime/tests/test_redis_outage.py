"""Redis stops for 12 seconds under two `coprod serve` processes: nothing stops the room.

The test starts a Redis server of its own on a free port, kills it (SIGKILL) and starts it again
on the same port, while phones and a facilitator keep using both processes through the API and
their WebSockets, as they would in a hall behind a load balancer.
"""

import asyncio
import json
import shutil
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter

import pytest

from coprod.core import testserver
from coprod.testing.board_link import board_cookie

from .test_processes import Client, bearer, ws_url

pytestmark = pytest.mark.multiprocess

OUTAGE = 12.0  # seconds
REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"


class RedisServer:
    """A Redis of the test's own, that can be killed and started again on its port."""

    def __init__(self):
        self.port = testserver.free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                REDIS,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                import redis

                redis.Redis(port=self.port, socket_timeout=0.2).ping()
                return
            except Exception:
                time.sleep(0.05)
        raise RuntimeError("the test's Redis did not start")

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()


def call(base, method, path, *, token="", body=None) -> tuple[int, dict]:
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(  # noqa: S310 (our own http:// server)
        f"{base}/api/v1{path}", data=data, method=method, headers=headers
    )
    try:
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, {"detail": error.read().decode(errors="replace")}


@pytest.fixture(scope="module")
def outage_cluster():
    if not shutil.which("redis-server") and not shutil.os.path.exists(REDIS):
        pytest.skip("redis-server is not installed")
    redis_server = RedisServer()
    redis_server.start()
    servers = testserver.prepare(
        redis=True,
        # Alice writes a proposal every half second or so through the outage: far past a
        # participant's pace, which is not what this test is about.
        extra_env={"REDIS_URL": redis_server.url, "COPROD_PROPOSALS_PER_MINUTE": "1000"},
    )
    try:
        demo = json.loads(servers.manage("demo", "--json"))
        demo["token"] = servers.manage("token", demo["facilitator"]).strip()
        board_key = servers.manage(
            "shell",
            "-c",
            "from coprod.workshops.models import Workshop\n"
            f"print(Workshop.objects.get(pk={demo['workshop']}).board_key)\n",
        ).split()[-1]
        servers.start(2)
        # The projector opens the board link once; its socket then carries the cookie.
        demo["board_cookie"] = board_cookie(servers.urls[0], demo["workshop"], board_key)
        yield servers, demo, redis_server
    finally:
        servers.close()
        if redis_server.process.poll() is None:
            redis_server.kill()


def test_a_redis_outage_stops_nothing_and_every_process_catches_up(outage_cluster):
    servers, demo, redis_server = outage_cluster
    a, b = servers.urls
    workshop, facilitator = demo["workshop"], demo["token"]
    status, state = call(a, "POST", f"/workshops/{workshop}/start", token=facilitator)
    assert status == 200
    while (
        state["steps"][[s["id"] for s in state["steps"]].index(state["current_step"])]["type"]
        != "proposals"
    ):
        status, state = call(a, "POST", f"/workshops/{workshop}/steps/next", token=facilitator)
        assert status == 200
    status, joined = call(a, "POST", "/join", body={"code": demo["join_code"], "name": "Alice"})
    assert status == 201
    alice = joined["token"]
    statuses: Counter = Counter()

    def write(base, token, text, key):
        status, body = call(
            base,
            "POST",
            f"/workshops/{workshop}/proposals",
            token=token,
            body={"text": text, "client_key": key},
        )
        statuses[status] += 1
        return body.get("id")

    async def scenario():
        phone_a = Client("phone on A", ws_url(a, workshop), bearer(alice))
        phone_b = Client("phone on B", ws_url(b, workshop), bearer(alice))
        board_b = Client(
            "board on B",
            ws_url(b, workshop, "view=board&lang=fr"),
            {"Cookie": demo["board_cookie"]},
        )
        await asyncio.gather(phone_a.open(), phone_b.open(), board_b.open())
        try:
            redis_server.kill()
            written, post_its, reads = [], {}, 0
            deadline = time.monotonic() + OUTAGE
            n = 0
            while time.monotonic() < deadline:
                n += 1
                for base in (a, b):
                    status, _state = await asyncio.to_thread(
                        call, base, "GET", f"/workshops/{workshop}", token=alice
                    )
                    statuses[status] += 1
                    reads += 1
                text = f"Proposition {n} écrite pendant la panne sur A"
                written.append(await asyncio.to_thread(write, a, alice, text, uuid.uuid4().hex))
                # The facilitator's post-it on B, answered late: the retry must not double it.
                key = uuid.uuid4().hex
                post_it = f"Post-it {n} saisi pendant la panne sur B"
                first = await asyncio.to_thread(write, b, facilitator, post_it, key)
                post_its[first] = await asyncio.to_thread(write, b, facilitator, post_it, key)
                await asyncio.sleep(0.3)
            assert set(statuses) <= {200, 201}, statuses
            assert all(first == again for first, again in post_its.items())
            # Each process's own sockets kept getting its own events during the outage.
            await phone_a.wait_for(
                lambda: len(phone_a.events("proposals.changed")) >= 1, "A's events"
            )
            await phone_b.wait_for(
                lambda: len(phone_b.events("proposals.changed")) >= 1, "B's events"
            )

            redis_server.start()
            # B never heard of A's proposals: once Redis is back it says so, and its board
            # shows them.
            await phone_b.wait_for(lambda: phone_b.events("resync"), "a resync")
            last = f"Proposition {n} écrite pendant la panne sur A"
            await board_b.wait_for(lambda: any(last in f for f in board_b.frames), last)
            # And events cross processes again.
            after = len(phone_b.events("proposals.changed"))
            await asyncio.to_thread(write, a, alice, "Après la panne", uuid.uuid4().hex)
            await phone_b.wait_for(
                lambda: len(phone_b.events("proposals.changed")) > after, "A's event on B"
            )
            return written, post_its, reads
        finally:
            for client in (phone_a, phone_b, board_b):
                await client.close()

    written, post_its, reads = asyncio.run(scenario())
    assert reads >= 20 and len(written) >= 10
    status, listed = call(a, "GET", f"/workshops/{workshop}/proposals", token=facilitator)
    assert status == 200
    assert len(listed) == len(written) + len(post_its) + 1  # no post-it twice
    for process in servers.processes:
        assert process.poll() is None  # both servers still up
    # Each process said so once, not at every call of every request.
    for log in servers.data_dir.glob("server-*.log"):
        text = log.read_text()
        assert text.count("Redis unreachable") == 1, text[-3000:]
        assert text.count("Redis reachable again") == 1
        assert text.count("Redis cache unreachable") == 1
        # channels-redis logs its receive task's failure every second: here once a minute.
        assert text.count("Unexpected exception in receive task") <= 1
