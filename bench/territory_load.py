"""The territory bench's load generator: many workshops at once, each at its own pace.

    python -m bench.territory_load job.json

Runs in its own process (uvloop when installed) and prints one JSON line of figures. Every
workshop's phones join through `POST /api/v1/join`, open their JSON socket (spread over the
servers) and, for `seconds`, the workshop runs its own seeded script, over and over:

1. proposals: for U(10, 30) s its phones send proposals (each about one a minute);
2. a vote: the facilitator opens a validation vote on the next synthesis (`votes.changed` to
   every phone), each phone answers after U(1, 8) s, the facilitator closes it once every
   ballot is in and U(8, 15) s have passed (`votes.changed` again);
3. a step away and back: `steps/next`, U(5, 15) s, `steps/previous` (`step.changed` twice).

Every `step.changed` and `votes.changed` must reach every phone of its workshop: deliveries are
matched per phone (bench/deliveries.py). A facilitator socket per workshop counts the coalesced
pushes (proposals, tallies). The phones' HTTP goes through a small keep-alive pool per workshop,
as behind a proxy that keeps its upstream connections.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time
from collections import Counter, defaultdict

from . import deliveries
from .loadgen import CPU, connect_phones, other_share, settle
from .wire import HTTP, HTTPError, Phone

POOL = 2  # HTTP connections per workshop for its phones, one per server with two servers
CHOICES = ("for", "for", "live_with")


class RoomPhone(Phone):
    """A phone that notes every step and vote change of its workshop (others are errors)."""

    def text(self, payload: bytes, t: float) -> None:
        if not self.recording:
            return
        parsed = deliveries.parse(payload)
        if parsed is not None:
            key, workshop = parsed
            self.received.append((key, t) if workshop == self.workshop else (("other", 0), t))
        elif self.counting:
            self.pushes += 1


def say(text: str) -> None:
    print(f"territory_load: {text}", file=sys.stderr, flush=True)


class Pool:
    """A few keep-alive connections shared by a workshop's phones; every request is timed."""

    def __init__(self, servers: list, size: int, timings: dict, errors: Counter):
        self.free: asyncio.Queue[HTTP] = asyncio.Queue()
        for i in range(size):
            self.free.put_nowait(HTTP(*servers[i % len(servers)], timeout=30))
        self.timings, self.errors = timings, errors

    async def call(self, label: str, method: str, path: str, token: str, body=None):
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        data = json.dumps(body).encode() if body is not None else b""
        http = await self.free.get()
        t = time.perf_counter()
        try:
            status, _, answer = await http.request(method, path, headers, data)
        except (TimeoutError, HTTPError, OSError):
            status, answer = 0, b""
        finally:
            self.free.put_nowait(http)
        self.timings[label].append(time.perf_counter() - t)
        if status not in (200, 201):
            self.errors[f"{label} {status}"] += 1
            return status, None
        return status, json.loads(answer)


class Room:
    """One workshop: its phones, its facilitator and its seeded script."""

    def __init__(self, job: dict, spec: dict, rng: random.Random, timings: dict, errors: Counter):
        self.spec, self.rng = spec, rng
        self.id = spec["workshop"]
        self.boss = job["facilitator_token"]
        self.facilitator = Pool(job["servers"], 1, timings, errors)
        self.phones_http = Pool(job["servers"], POOL, timings, errors)
        self.sent: list[tuple[deliveries.Key, float]] = []
        self.phones: list[RoomPhone] = []
        self.tokens: list[str] = []
        self.syntheses = list(spec["syntheses"])
        self.tasks: set[asyncio.Task] = set()
        self.proposals = 0

    def url(self, tail: str) -> str:
        return f"/api/v1/workshops/{self.id}{tail}"

    async def move(self, action: str, target: int) -> None:
        t = time.perf_counter()
        _, state = await self.facilitator.call(
            "step change", "POST", self.url(f"/steps/{action}"), self.boss
        )
        if state and state.get("current_step") == target:
            self.sent.append((("step", target), t))

    async def propose(self, deadline: float) -> None:
        """Phones send proposals until `deadline`, each about once a minute."""
        rate = len(self.tokens) / 60.0
        while True:
            wait = self.rng.expovariate(rate)
            if time.perf_counter() + wait >= deadline:
                await asyncio.sleep(max(0.0, deadline - time.perf_counter()))
                return
            await asyncio.sleep(wait)
            token = self.rng.choice(self.tokens)
            self.proposals += 1
            text = f"Proposition {self.proposals} de l'atelier {self.id} : un bus à la demande"
            self.spawn(
                self.phones_http.call(
                    "proposal", "POST", self.url("/proposals"), token, {"text": text}
                )
            )

    def spawn(self, coroutine) -> None:
        task = asyncio.ensure_future(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def vote(self) -> None:
        if not self.syntheses:
            return
        synthesis = self.syntheses.pop(0)
        t = time.perf_counter()
        _, vote = await self.facilitator.call(
            "vote open/close", "POST", self.url(f"/syntheses/{synthesis}/votes"), self.boss, {}
        )
        if not vote:
            return
        self.sent.append((("votes", vote["id"]), t))
        ballots = [
            self.consent(self.rng.uniform(1, 8), token, vote["id"], self.rng.choice(CHOICES))
            for token in self.tokens
        ]
        # The facilitator closes once the tally is complete, and not before U(8, 15) s.
        await asyncio.gather(asyncio.sleep(self.rng.uniform(8, 15)), *ballots)
        t = time.perf_counter()
        _, closed = await self.facilitator.call(
            "vote open/close", "POST", self.url(f"/votes/{vote['id']}/close"), self.boss
        )
        if closed:
            self.sent.append((("votes", vote["id"]), t))

    async def consent(self, delay: float, token: str, vote: int, choice: str) -> None:
        await asyncio.sleep(delay)
        await self.phones_http.call(
            "consent", "POST", self.url(f"/votes/{vote}/consent"), token, {"choice": choice}
        )

    async def run(self, until: float) -> None:
        await asyncio.sleep(self.rng.uniform(0, 10))  # the workshops do not start together
        here, away = self.spec["proposals_step"], self.spec["next_step"]
        while time.perf_counter() < until:
            await self.propose(min(until, time.perf_counter() + self.rng.uniform(10, 30)))
            if time.perf_counter() >= until:
                break
            await self.vote()
            await self.move("next", away)
            await asyncio.sleep(self.rng.uniform(5, 15))
            await self.move("previous", here)
        if self.tasks:
            await asyncio.gather(*list(self.tasks))


async def join(job: dict, rooms: list[Room]) -> None:
    """Every room's phones through POST /api/v1/join, 16 at a time over the servers."""
    todo = [(room, i) for room in rooms for i in range(job["phones"])]
    servers = job["servers"]

    async def worker(w: int) -> None:
        http = HTTP(*servers[w % len(servers)])
        while todo:
            room, i = todo.pop()
            body = {"code": room.spec["code"], "name": f"Téléphone {i + 1}", "organisation": "Banc"}
            status, _, data = await http.request(
                "POST",
                "/api/v1/join",
                {"Content-Type": "application/json"},
                json.dumps(body).encode(),
            )
            if status != 201:
                raise RuntimeError(f"join failed: {status} {data[:200]!r}")
            room.tokens.append(json.loads(data)["token"])
        await http.close()

    await asyncio.gather(*(worker(w) for w in range(16)))


async def run(job: dict) -> dict:
    rng = random.Random(job["seed"])
    timings: dict[str, list[float]] = defaultdict(list)
    errors: Counter = Counter()
    rooms = [Room(job, spec, random.Random(rng.random()), timings, errors) for spec in job["rooms"]]
    t = time.perf_counter()
    await join(job, rooms)
    say(f"{sum(len(r.tokens) for r in rooms)} phones joined in {time.perf_counter() - t:.0f} s")
    paths, tokens, owners = [], [], []  # each socket's room, and whether it is a phone's
    for room in rooms:
        for token in room.tokens + [room.boss]:
            paths.append(f"/ws/workshops/{room.id}/")
            tokens.append(token)
            owners.append((room, token != room.boss))
    t = time.perf_counter()
    sockets = await connect_phones(job, paths, tokens=tokens, factory=RoomPhone)
    say(f"{len(sockets)} sockets open in {time.perf_counter() - t:.0f} s")
    boards = []
    for socket, (room, is_phone) in zip(sockets, owners, strict=True):
        socket.workshop, socket.counting, socket.pushes = room.id, not is_phone, 0
        (room.phones if is_phone else boards).append(socket)
    await warm_up(job, rooms[0])
    await settle(sockets, quiet=1.0, limit=120)
    cpu = CPU.of(job)
    for socket in sockets:
        socket.received.clear()
        socket.recording = True
    cpu0, t0 = cpu.read(), time.perf_counter()
    say(f"{len(rooms)} workshops run for {job['seconds']:g} s")
    beat = asyncio.ensure_future(heartbeat(rooms, timings, errors))
    await asyncio.gather(*(room.run(t0 + job["seconds"]) for room in rooms))
    beat.cancel()
    expected = sum(len(r.sent) * len(r.phones) for r in rooms)
    deadline = time.perf_counter() + 5
    while time.perf_counter() < deadline and _matched(rooms) < expected:
        await asyncio.sleep(0.05)
    t1, cpu1 = time.perf_counter(), cpu.read()
    figures = deliveries.summarise(
        {"sent": r.sent, "phones": [p.received for p in r.phones]} for r in rooms
    )
    figures["unexpected"] += sum(
        1 for r in rooms for p in r.phones for key, _ in p.received if key[0] == "other"
    )
    requests = [v for values in timings.values() for v in values]
    duration = t1 - t0
    server = cpu1[0] - cpu0[0]
    delivered = figures["delivered"]
    figures.update(
        {
            "rooms": len(rooms),
            "phones_per_room": job["phones"],
            "sockets": len(sockets),
            "closed_early": sum(s.closed for s in sockets),
            "requests": len(requests),
            "http_p50": deliveries.pct(requests, 50),
            "http_p99": deliveries.pct(requests, 99),
            "http_by_kind": {
                label: {
                    "n": len(v),
                    "p50": deliveries.pct(v, 50),
                    "p99": deliveries.pct(v, 99),
                }
                for label, v in sorted(timings.items())
            },
            "http_errors": sum(errors.values()),
            "http_error_kinds": dict(errors),
            "facilitator_pushes": sum(b.pushes for b in boards),
            "server_cpu": server,
            "server_cpu_per_delivery": server / delivered if delivered else None,
            "server_cpu_share": server / duration,
            "redis_cpu_per_delivery": (cpu1[1] - cpu0[1]) / delivered if delivered else None,
            "client_cpu_share": (cpu1[2] - cpu0[2]) / duration,
            "client_cpu_per_delivery": (cpu1[2] - cpu0[2]) / delivered if delivered else None,
            "other_cpu_share": other_share(cpu0, cpu1, duration),
            "seconds": duration,
        }
    )
    for s in sockets:
        s.close()
    await asyncio.sleep(0.2)
    return figures


async def warm_up(job: dict, room: Room) -> None:
    """One proposal through each server process before the window: the first one loads the
    text-similarity code (seconds), which a server does once after it starts, not per workshop."""
    for host, port in job["servers"]:
        http = HTTP(host, port, timeout=120)
        text = f"Échauffement {port} : un premier mot avant la séance"  # twice the same: 400
        body = json.dumps({"text": text}).encode()
        headers = {"Authorization": f"Bearer {room.tokens[0]}", "Content-Type": "application/json"}
        t = time.perf_counter()
        status, _, _ = await http.request("POST", room.url("/proposals"), headers, body)
        say(f"warm-up proposal on :{port}: {status} in {time.perf_counter() - t:.1f} s")
        await http.close()


async def heartbeat(rooms: list[Room], timings: dict, errors: Counter) -> None:
    while True:
        await asyncio.sleep(10)
        say(
            f"{sum(len(r.sent) for r in rooms)} events, "
            f"{sum(len(v) for v in timings.values())} requests, {sum(errors.values())} errors, "
            f"{sum(len(r.tasks) for r in rooms)} calls in flight"
        )


def _matched(rooms: list[Room]) -> int:
    return sum(len(p.received) for r in rooms for p in r.phones)


def main() -> None:
    with open(sys.argv[1]) as f:
        job = json.load(f)
    from .common import run_fast

    result = run_fast(asyncio.wait_for(run(job), job.get("timeout", 1200)))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
