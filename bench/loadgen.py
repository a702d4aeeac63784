"""The load generator: runs in its own process, reads a JSON job, prints a JSON result.

    python -m bench.loadgen job.json

A "ws" job joins N phones (coprod: through the API), opens their sockets spread over the
servers, drives step changes and times every delivery. An "http" job hammers one URL at a fixed
concurrency. Everything is bounded in count and time, and only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from . import procstat
from .wire import HTTP, TLS, HTTPError, Phone, connect_phone

HOST = "127.0.0.1"
PHONES_PER_ADDRESS = 100  # behind nginx, as through a village hall's 4G box (limit_conn 256)


def tls_of(job: dict) -> TLS | None:
    """The job's TLS settings (nginx in front), built once per job."""
    if "_tls" not in job:
        job["_tls"] = TLS.from_job(job)
    return job["_tls"]


def source_of(job: dict, i: int) -> str | None:
    """The source address of client `i`: behind nginx, 127.0.0.2, .3, … with
    PHONES_PER_ADDRESS clients each, since the site file caps connections per address."""
    if not job.get("tls"):
        return None
    a = i // PHONES_PER_ADDRESS
    return f"127.0.{a // 250}.{2 + a % 250}"


def http_of(job: dict, host: str, port: int, i: int = 0, **options) -> HTTP:
    return HTTP(host, port, tls=tls_of(job), local_addr=source_of(job, i), **options)


def pct(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile, None for an empty list."""
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, max(0, int(round(p / 100 * len(values) + 0.5)) - 1))]


class CPU:
    """CPU seconds of the server processes (and Redis and nginx, when given) over a window:
    (server, redis, load generator, whole machine busy, nginx)."""

    def __init__(self, server_pids: list[int], redis_pid: int | None, proxy_pid: int | None = None):
        self.server_pids, self.redis_pid, self.proxy_pid = server_pids, redis_pid, proxy_pid

    @classmethod
    def of(cls, job: dict) -> CPU:
        return cls(job["server_pids"], job.get("redis_pid"), job.get("proxy_pid"))

    def read(self) -> tuple[float, float, float, float, float]:
        own = os.times()
        redis = procstat.cpu_seconds([self.redis_pid]) if self.redis_pid else 0.0
        proxy = procstat.cpu_seconds([self.proxy_pid]) if self.proxy_pid else 0.0
        return (
            procstat.cpu_seconds(self.server_pids),
            redis,
            own.user + own.system,
            procstat.machine_busy_seconds(),
            proxy,
        )


def other_share(cpu0, cpu1, duration: float) -> float:
    """Share of a core used by everything else on the machine (other programs, Redis)."""
    ours = (cpu1[0] - cpu0[0]) + (cpu1[2] - cpu0[2]) + (cpu1[4] - cpu0[4])
    return max(0.0, (cpu1[3] - cpu0[3]) - ours) / duration


# --- Driving step changes ------------------------------------------------------------------------


@dataclass
class Sent:
    key: int | None
    t: float


class CoprodDriver:
    """The facilitator: step changes through the API, on one keep-alive connection."""

    def __init__(self, job: dict):
        self.workshop = job["workshop"]
        host, port = job["servers"][0]
        self.http = http_of(job, host, port)
        self.headers = {"Authorization": f"Bearer {job['facilitator_token']}"}
        self.steps: list[int] = []
        self.index = 0
        self.direction = 1
        self.errors = 0
        self.calls: list[float] = []  # durations of the step-change API calls

    async def setup(self) -> dict:
        status, _, body = await self.http.request(
            "GET", f"/api/v1/workshops/{self.workshop}", self.headers
        )
        state = json.loads(body)
        if state["status"] != "live":
            status, _, body = await self.http.request(
                "POST", f"/api/v1/workshops/{self.workshop}/start", self.headers
            )
            state = json.loads(body)
        self.steps = [s["id"] for s in state["steps"]]
        self.kinds = {s["id"]: s["type"] for s in state["steps"]}
        self.index = self.steps.index(state["current_step"])
        return state

    async def move(self, offset: int) -> Sent:
        target = self.steps[self.index + offset]
        action = "next" if offset > 0 else "previous"
        t = time.perf_counter()
        try:
            status, _, body = await self.http.request(
                "POST", f"/api/v1/workshops/{self.workshop}/steps/{action}", self.headers
            )
        except (TimeoutError, HTTPError, OSError):
            status, body = 0, b"{}"
        if status != 200 or json.loads(body).get("current_step") != target:
            self.errors += 1
            print(f"step change to {target} failed: {status} {body[:200]!r}", file=sys.stderr)
        self.index += offset
        self.calls.append(time.perf_counter() - t)
        return Sent(target, t)

    async def fire(self) -> Sent:
        """The next step change, bouncing between the ends of the agenda."""
        if not 0 <= self.index + self.direction < len(self.steps):
            self.direction = -self.direction
        return await self.move(self.direction)

    def index_of(self, kind: str) -> int:
        """The position in the agenda (from 0) of the first step of this kind."""
        return next(i for i, s in enumerate(self.steps) if self.kinds[s] == kind)

    async def go_to(self, index: int) -> None:
        while self.index != index:
            await self.move(1 if index > self.index else -1)


class BareDriver:
    def __init__(self, job: dict):
        self.host, self.port = job["servers"][0]
        self.seq = 0
        self.errors = 0
        self.calls: list[float] = []

    async def setup(self) -> dict:
        return {}

    async def fire(self) -> Sent:
        self.seq += 1
        http = HTTP(self.host, self.port)  # the bare server closes after each plain request
        t = time.perf_counter()
        try:
            status, _, _ = await http.request("GET", f"/publish?seq={self.seq}")
        except (TimeoutError, HTTPError, OSError):
            status = 0
        await http.close()
        if status != 200:
            self.errors += 1
        self.calls.append(time.perf_counter() - t)
        return Sent(self.seq, t)


# --- Phones ----------------------------------------------------------------------------------------


async def join_phones(job: dict, count: int) -> list[str]:
    """Participant tokens through POST /api/v1/join, a few at a time."""
    host, port = job["servers"][0]
    body = {"code": job["code"], "organisation": "Banc d'essai", "link_to_theme": ""}
    tokens: list[str] = []
    todo = iter(range(count))

    async def worker(w: int):
        http = http_of(job, host, port, w)
        for i in todo:
            payload = json.dumps({**body, "name": f"Téléphone {i + 1}"}).encode()
            status, _, data = await http.request(
                "POST", "/api/v1/join", {"Content-Type": "application/json"}, payload
            )
            if status != 201:
                raise RuntimeError(f"join failed: {status} {data[:200]!r}")
            tokens.append(json.loads(data)["token"])
        await http.close()

    await asyncio.gather(*(worker(w) for w in range(8)))
    return tokens


async def connect_phones(
    job: dict, paths: list[str], on_step=None, tokens: list[str] | None = None, factory=Phone
) -> list[Phone]:
    """Open the sockets, phones spread round-robin over the servers, 50 handshakes at a time."""
    servers = job["servers"]
    gate = asyncio.Semaphore(50)

    async def one(i, path):
        host, port = servers[i % len(servers)]
        async with gate:
            for attempt in range(3):
                try:
                    phone = await connect_phone(
                        host,
                        port,
                        path,
                        on_step,
                        token=tokens[i] if tokens else "",
                        tls=tls_of(job),
                        local_addr=source_of(job, i),
                        factory=factory,
                    )
                    phone.server = (host, port)
                    return phone
                except (TimeoutError, OSError):
                    if attempt == 2:
                        raise
                    await asyncio.sleep(0.5)

    return await asyncio.gather(*(one(i, p) for i, p in enumerate(paths)))


async def settle(phones: list[Phone], quiet: float, limit: float) -> None:
    deadline = time.perf_counter() + limit
    last = -1
    while time.perf_counter() < deadline:
        total = sum(p.frames for p in phones)
        if total == last:
            return
        last = total
        await asyncio.sleep(quiet)


def say(text: str) -> None:
    print(f"loadgen: {text}", file=sys.stderr, flush=True)


# --- One measured phase ----------------------------------------------------------------------------


class Phase:
    def __init__(self, phones: list[Phone], cpu: CPU):
        self.phones, self.cpu = phones, cpu
        self.sent: list[Sent] = []

    def received_total(self) -> int:
        return sum(len(p.received) for p in self.phones)

    async def wait_all(self, expected: int, timeout: float) -> None:
        deadline = time.perf_counter() + timeout
        while self.received_total() < expected and time.perf_counter() < deadline:
            await asyncio.sleep(0.005)

    def start(self) -> None:
        for p in self.phones:
            p.received.clear()
            p.recording = True
        self.cpu0 = self.cpu.read()
        self.t0 = time.perf_counter()

    def stop(self) -> None:
        self.t1 = time.perf_counter()
        self.cpu1 = self.cpu.read()
        for p in self.phones:
            p.recording = False

    def result(self, extra: dict | None = None) -> dict:
        n, events = len(self.phones), len(self.sent)
        per_event: list[list[float]] = [[] for _ in self.sent]
        latencies: list[float] = []
        unexpected = 0
        for phone in self.phones:
            j = 0
            for key, t in phone.received:
                while j < events and self.sent[j].key != key:
                    j += 1
                if j == events:
                    unexpected += 1
                    continue
                lat = t - self.sent[j].t
                per_event[j].append(lat)
                latencies.append(lat)
                j += 1
        delivered = len(latencies)
        complete = [max(e) for e in per_event if len(e) == n]
        server = self.cpu1[0] - self.cpu0[0]
        proxy = self.cpu1[4] - self.cpu0[4]
        duration = self.t1 - self.t0
        out = {
            "phones": n,
            "events": events,
            "rate": events / (self.sent[-1].t - self.sent[0].t) if events > 1 else None,
            "delivered": delivered,
            "lost": n * events - delivered,
            "unexpected": unexpected,
            "p50": pct(latencies, 50),
            "p99": pct(latencies, 99),
            "max": max(latencies) if latencies else None,
            "all_p50": pct(complete, 50),
            "all_p99": pct(complete, 99),
            "incomplete_events": events - len(complete),
            "per_event_ms": [round(max(e) * 1000, 1) if e else None for e in per_event],
            "server_cpu": server,
            "server_cpu_per_delivery": server / delivered if delivered else None,
            "proxy_cpu_per_delivery": proxy / delivered if delivered else None,
            "proxy_cpu_share": proxy / duration,
            "server_cpu_share": server / duration,
            "redis_cpu": self.cpu1[1] - self.cpu0[1],
            "client_cpu_share": (self.cpu1[2] - self.cpu0[2]) / duration,
            "other_cpu_share": other_share(self.cpu0, self.cpu1, duration),
            "seconds": duration,
        }
        out.update(extra or {})
        return out


async def run_ws(job: dict) -> dict:
    driver = CoprodDriver(job) if job["kind"] == "coprod" else BareDriver(job)
    await driver.setup()
    n = job["phones"]
    if job["kind"] == "coprod":
        tokens = await join_phones(job, n)
        paths = [f"/ws/workshops/{job['workshop']}/"] * n
    else:
        tokens, paths = [], ["/"] * n
    refetch = {"on": False, "keys": set(), "done": [], "failed": 0}
    tasks: set[asyncio.Task] = set()

    def on_step(phone: Phone, key, t: float) -> None:
        # What the real phone page does on entering the round-table or mood step: one more GET.
        if refetch["on"] and key in refetch["keys"]:
            task = asyncio.ensure_future(refetch_one(phone, key))
            tasks.add(task)
            task.add_done_callback(tasks.discard)

    async def refetch_one(phone: Phone, key) -> None:
        # A fresh connection: keep-alive long expired since page load.
        http = HTTP(*phone.server, tls=tls_of(job), local_addr=phone.local_addr)
        try:
            status, _, _ = await http.request(
                "GET",
                f"/api/v1/workshops/{job['workshop']}",
                {"Authorization": f"Bearer {phone.token}"},
            )
        except (TimeoutError, HTTPError, OSError):
            status = 0
        await http.close()
        if status == 200:
            refetch["done"].append((key, time.perf_counter()))
        else:
            refetch["failed"] += 1

    t_connect = time.perf_counter()
    phones = await connect_phones(job, paths, on_step, tokens)
    connect_seconds = time.perf_counter() - t_connect
    for phone, token in zip(phones, tokens or [None] * n, strict=True):
        phone.token = token
    # Measure the steady state: wait until the joins' and connections' announcements
    # (participants.changed and presence.changed, coalesced) have stopped arriving for a second.
    settle_start = time.perf_counter()
    await settle(phones, quiet=1.0, limit=120)
    settle_seconds = time.perf_counter() - settle_start
    cpu = CPU.of(job)
    results: dict = {"connect_seconds": connect_seconds, "settle_seconds": settle_seconds}

    # 1. One step change at a time: how long until every phone shows it?
    if job.get("step_events"):
        say("step phase")
        phase = Phase(phones, cpu)
        phase.start()
        for _ in range(job["step_events"]):
            phase.sent.append(await driver.fire())
            await phase.wait_all(n * len(phase.sent), timeout=3.0)
            await asyncio.sleep(0.1)
        phase.stop()
        results["step"] = phase.result(
            {
                "driver_errors": driver.errors,
                "call_p50": pct(driver.calls, 50),
                "call_p99": pct(driver.calls, 99),
            }
        )

    # 2. A steady rate of step changes (open loop, one facilitator connection).
    if job.get("rate_seconds"):
        say("rate phase")
        driver.errors, driver.calls = 0, []
        phase = Phase(phones, cpu)
        interval = 1.0 / job["rate"]
        count = int(job["rate_seconds"] * job["rate"])
        phase.start()
        t0 = time.perf_counter()
        for k in range(count):
            delay = t0 + k * interval - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            phase.sent.append(await driver.fire())
        await phase.wait_all(n * len(phase.sent), timeout=3.0)
        phase.stop()
        results["rate"] = phase.result(
            {
                "driver_errors": driver.errors,
                "target_rate": job["rate"],
                "call_p50": pct(driver.calls, 50),
                "call_p99": pct(driver.calls, 99),
            }
        )

    # 3. Step changes into the round-table / mood steps, each followed by the phones' re-fetch.
    if job.get("refetch_events") and job["kind"] == "coprod":
        round_table, mood = driver.index_of("round_table"), driver.index_of("mood")
        say("refetch phase")
        await driver.go_to(round_table)
        await asyncio.sleep(0.3)
        refetch.update(on=True, keys={driver.steps[round_table], driver.steps[mood]})
        phase = Phase(phones, cpu)
        phase.start()
        ends: list[float] = []
        for k in range(job["refetch_events"]):
            refetch["done"] = []
            failed_before = refetch["failed"]
            sent = await driver.move(1 if k % 2 == 0 else -1)
            phase.sent.append(sent)
            deadline = time.perf_counter() + 30
            while (
                len(refetch["done"]) + refetch["failed"] - failed_before < n
                and time.perf_counter() < deadline
            ):
                await asyncio.sleep(0.005)
            done = [t - sent.t for key, t in refetch["done"] if key == sent.key]
            if len(done) == n:
                ends.append(max(done))
            phase.refetch_latencies = getattr(phase, "refetch_latencies", []) + done
            await asyncio.sleep(0.1)
        phase.stop()
        refetch["on"] = False
        rl = phase.refetch_latencies
        results["refetch"] = phase.result(
            {
                "refetched": len(rl),
                "refetch_failed": refetch["failed"],
                "refetch_p50": pct(rl, 50),
                "refetch_p99": pct(rl, 99),
                "refetch_all_p50": pct(ends, 50),
                "refetch_all_p99": pct(ends, 99),
            }
        )
        r = results["refetch"]
        r["server_cpu_per_phone"] = r["server_cpu"] / len(rl) if rl else None

    results["frame_bytes"] = sum(p.frame_bytes for p in phones) / max(
        1, sum(p.frames for p in phones)
    )
    results["closed_early"] = sum(p.closed for p in phones)
    for p in phones:
        p.close()
    await asyncio.sleep(0.2)
    return results


# --- Plain HTTP ----------------------------------------------------------------------------------


async def join_with_form(job: dict, host: str, port: int, i: int) -> dict[str, str]:
    """A browser phone: GET the join page (its CSRF cookie), POST the form (the session starts
    there), keep the cookies."""
    code = job["code"]
    http = http_of(job, host, port, i)
    status, _, _ = await http.request("GET", f"/j/{code}/")
    if status != 200:
        raise RuntimeError(f"join page answered {status}")
    form = urlencode(
        {
            "csrfmiddlewaretoken": http.cookies["csrftoken"],
            "code": code,
            "name": f"Navigateur {i + 1}",
            "organisation": "Banc d'essai",
            "link_to_theme": "",
            "accept_charter": "on",
        }
    ).encode()
    status, headers, body = await http.request(
        "POST", f"/j/{code}/", {"Content-Type": "application/x-www-form-urlencoded"}, form
    )
    if status != 302:
        raise RuntimeError(f"join form answered {status}: {body[:300]!r}")
    await http.close()
    return dict(http.cookies)


async def run_http(job: dict) -> dict:
    servers, c = job["servers"], job["concurrency"]
    if job.get("at_step"):
        # A live step, as the facilitator would set it: the page then shows the step, its timer
        # and the participant's own panel, not the waiting page of a workshop not yet started.
        driver = CoprodDriver(job)
        await driver.setup()
        await driver.go_to(driver.index_of(job["at_step"]))
        await driver.http.close()
    if job["auth"] == "cookie":
        identities = [await join_with_form(job, *servers[i % len(servers)], i) for i in range(c)]
    else:
        identities = await join_phones(job, c)
    cpu = CPU.of(job)
    latencies: list[float] = []
    errors = {"status": 0, "io": 0}
    stop_at = [0.0]

    async def worker(i: int):
        http = http_of(job, *servers[i % len(servers)], i, timeout=10)
        headers = {}
        if job["auth"] == "cookie":
            http.cookies = dict(identities[i])
        else:
            headers["Authorization"] = f"Bearer {identities[i]}"
        for _ in range(job["max_requests"]):
            if time.perf_counter() >= stop_at[0]:
                break
            t = time.perf_counter()
            try:
                status, _, _ = await http.request("GET", job["path"], headers)
            except (TimeoutError, HTTPError, OSError):
                errors["io"] += 1
                continue
            if status != 200:
                errors["status"] += 1
            latencies.append(time.perf_counter() - t)
        await http.close()

    # Warm-up (imports, template loading), then the measured window.
    stop_at[0] = time.perf_counter() + 1.0
    await asyncio.gather(*(worker(i) for i in range(c)))
    latencies.clear()
    errors.update(status=0, io=0)
    cpu0 = cpu.read()
    t0 = time.perf_counter()
    stop_at[0] = t0 + job["seconds"]
    await asyncio.gather(*(worker(i) for i in range(c)))
    duration = time.perf_counter() - t0
    cpu1 = cpu.read()
    return {
        "requests": len(latencies),
        "rps": len(latencies) / duration,
        "p50": pct(latencies, 50),
        "p99": pct(latencies, 99),
        "errors": errors["status"] + errors["io"],
        "server_cpu_per_request": (cpu1[0] - cpu0[0]) / len(latencies) if latencies else None,
        "server_cpu_share": (cpu1[0] - cpu0[0]) / duration,
        "proxy_cpu_per_request": (cpu1[4] - cpu0[4]) / len(latencies) if latencies else None,
        "proxy_cpu_share": (cpu1[4] - cpu0[4]) / duration,
        "client_cpu_share": (cpu1[2] - cpu0[2]) / duration,
        "other_cpu_share": other_share(cpu0, cpu1, duration),
        "seconds": duration,
    }


def main() -> None:
    with open(sys.argv[1]) as f:
        job = json.load(f)
    try:
        import uvloop  # the client must stay cheap: it shares two cores with the server

        factory = uvloop.new_event_loop
    except ImportError:
        factory = None
    runner = run_http if job["mode"] == "http" else run_ws
    with asyncio.Runner(loop_factory=factory) as loop:
        result = loop.run(asyncio.wait_for(runner(job), job.get("timeout", 600)))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
