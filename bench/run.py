"""`python -m bench`: start the servers, run the load generator against them, print the figures.

Setups, all in one run:
  single        one `coprod serve` process, in-memory channel layer, SQLite
  single-nginx  the same process, reached through nginx (HTTPS, WSS) with deploy/nginx/coprod.conf
  redis2        two `coprod serve` processes behind Redis (pub/sub layer), phones spread over both
  redis2-nginx  the same two processes behind nginx (it balances them)
  bare          a bare `websockets` broadcast server (bench/bare.py), driven the same way
The load generator (bench/loadgen.py) is a separate process; see bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from coprod.core import testserver

from .common import LOAD_ENV, expect_everyone

TARGETS = {
    "step_all_p99": 0.300,  # 1,000 phones show a new step
    "rate_p99": 0.050,  # delivery at 10 events/s to 1,000 phones
    "cpu_ratio": 2.5,  # server CPU per delivery, relative to the bare server
    "http_rps": 1000,
    "http_p99": 0.060,
}


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--phones", default="50,200,1000", help="phone counts, comma-separated")
    p.add_argument(
        "--setups",
        default="single,single-nginx,redis2,redis2-nginx,bare",
        help="setups to run: single, single-nginx, redis2, redis2-nginx, bare (comma-separated)",
    )
    p.add_argument("--parts", default="ws,http", help="ws, http or both")
    p.add_argument(
        "--quick",
        action="store_true",
        help="fewer events and shorter windows (about a third of the time)",
    )
    p.add_argument("--step-events", type=int, default=20, help="one-at-a-time step changes per N")
    p.add_argument("--rate", type=float, default=10.0, help="step changes per second")
    p.add_argument("--rate-seconds", type=float, default=10.0, help="length of the rate window")
    p.add_argument(
        "--refetch-events",
        type=int,
        default=4,
        help="step changes into round-table/mood followed by each phone's re-fetch",
    )
    p.add_argument("--http-seconds", type=float, default=10.0, help="length of each HTTP window")
    p.add_argument("--concurrency", type=int, default=50, help="HTTP clients in flight")
    p.add_argument("--json", metavar="PATH", help="also write every figure to this JSON file")
    args = p.parse_args(argv)
    if args.quick:
        args.step_events = min(args.step_events, 8)
        args.rate_seconds = min(args.rate_seconds, 4)
        args.refetch_events = min(args.refetch_events, 2)
        args.http_seconds = min(args.http_seconds, 4)
    args.phones = [int(n) for n in args.phones.split(",") if n.strip()]
    args.setups = [s.strip() for s in args.setups.split(",") if s.strip()]
    args.parts = {s.strip() for s in args.parts.split(",") if s.strip()}
    return args


def log(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def loadgen(job: dict, module: str = "bench.loadgen") -> dict:
    """Run one job in a separate load-generator process and return its figures."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(job, f)
    try:
        out = subprocess.run(
            [sys.executable, "-m", module, f.name],
            stdout=subprocess.PIPE,
            text=True,
            timeout=job.get("timeout", 600) + 30,
        )
    finally:
        Path(f.name).unlink()
    if out.returncode != 0:
        raise RuntimeError(f"load generator failed with code {out.returncode}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def redis_pid(url: str) -> int | None:
    try:
        import redis

        return int(redis.Redis.from_url(url).info("server")["process_id"])
    except Exception:
        return None


class Coprod:
    """A prepared coprod server set with the demo workshop and a facilitator token."""

    def __init__(self, name: str, count: int, use_redis: bool):
        self.name = name
        self.set = testserver.prepare(redis=use_redis, extra_env=LOAD_ENV)
        demo = json.loads(self.set.manage("demo", "--json"))
        self.workshop, self.code = demo["workshop"], demo["join_code"]
        expect_everyone(self.set, self.workshop)
        self.token = self.set.manage("token", demo["facilitator"]).strip()
        self.set.start(count)
        self.redis_pid = redis_pid(self.set.env["REDIS_URL"]) if use_redis else None

    def job(self, **extra) -> dict:
        return {
            "kind": "coprod",
            "servers": [["127.0.0.1", port] for port in self.set.ports],
            "server_pids": [p.pid for p in self.set.processes],
            "redis_pid": self.redis_pid,
            "workshop": self.workshop,
            "code": self.code,
            "facilitator_token": self.token,
            **extra,
        }

    def close(self):
        self.set.close()


class Bare:
    def __init__(self, size: int):
        self.port = testserver.free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.bare", "--port", str(self.port), "--size", str(size)],
            stdout=subprocess.PIPE,
            text=True,
        )
        if self.proc.stdout.readline().strip() != "ready":
            raise RuntimeError("bare server did not start")

    def job(self, **extra) -> dict:
        return {
            "kind": "bare",
            "servers": [["127.0.0.1", self.port]],
            "server_pids": [self.proc.pid],
            **extra,
        }

    def close(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


# --- Printing ------------------------------------------------------------------------------------


def ms(v) -> str:
    return "—" if v is None else f"{v * 1000:.1f}"


def us(v) -> str:
    return "—" if v is None else f"{v * 1e6:.0f}"


def table(title: str, header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=True)]
    line = "  ".join("-" * w for w in widths)

    def fmt(row):
        cells = [
            str(c).rjust(w) if i else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    return "\n".join([f"\n{title}", fmt(header), line, *map(fmt, rows)])


SETUP_NAMES = {
    "single": "1 process (in-memory, SQLite)",
    "single-nginx": "1 process behind nginx (HTTPS)",
    "redis2": "2 processes + Redis",
    "redis2-nginx": "2 processes + Redis behind nginx (HTTPS)",
    "bare": "bare websockets",
}
SETUP_ORDER = list(SETUP_NAMES)
PROXIED = "-nginx"


def report(args, ws: dict, http: dict) -> str:
    out = []
    setups = [s for s in SETUP_ORDER if any(k[0] == s for k in ws)]
    if any("step" in r for r in ws.values()):
        rows = []
        for s in setups:
            for n in args.phones:
                r = ws.get((s, n), {}).get("step")
                if r:
                    rows.append(
                        [
                            s,
                            n,
                            r["events"],
                            ms(r["p50"]),
                            ms(r["p99"]),
                            ms(r["all_p50"]),
                            ms(r["all_p99"]),
                            r["lost"],
                            r["incomplete_events"],
                            us(r["server_cpu_per_delivery"]),
                            ms(r["call_p50"]),
                            ms(r["call_p99"]),
                        ]
                    )
        out.append(
            table(
                "A. One step change at a time: latency from the API call to each phone (ms)",
                [
                    "setup",
                    "phones",
                    "events",
                    "p50",
                    "p99",
                    "all-p50",
                    "all-p99",
                    "lost",
                    "incomplete",
                    "cpu µs/delivery",
                    "call p50",
                    "call p99",
                ],
                rows,
            )
        )
        out.append(
            "   all-p50/all-p99: time until EVERY phone has the new step, over events."
            "\n   call: duration of the step-change request itself (bare: GET /publish)."
        )
    if any("rate" in r for r in ws.values()):
        rows = []
        for s in setups:
            for n in args.phones:
                r = ws.get((s, n), {}).get("rate")
                if r:
                    rows.append(
                        [
                            s,
                            n,
                            f"{r['rate']:.1f}",
                            r["events"],
                            ms(r["p50"]),
                            ms(r["p99"]),
                            ms(r["max"]),
                            r["lost"],
                            us(r["server_cpu_per_delivery"]),
                            f"{r['server_cpu_share'] * 100:.0f}%",
                            f"{r['client_cpu_share'] * 100:.0f}%",
                            f"{r['other_cpu_share'] * 100:.0f}%",
                            us(r["redis_cpu"] / r["delivered"]) if r["redis_cpu"] else "—",
                            ms(r["call_p50"]),
                            ms(r["call_p99"]),
                        ]
                    )
        out.append(
            table(
                f"B. {args.rate:g} step changes/s for {args.rate_seconds:g} s: delivery latency (ms)",
                [
                    "setup",
                    "phones",
                    "ev/s",
                    "events",
                    "p50",
                    "p99",
                    "max",
                    "lost",
                    "cpu µs/delivery",
                    "server cpu",
                    "client cpu",
                    "other cpu",
                    "redis µs/delivery",
                    "call p50",
                    "call p99",
                ],
                rows,
            )
        )
        out.append(
            "   server/client/other cpu: share of one core used in the window by the server"
            " process(es), the load generator,\n   and everything else on the machine"
            " (Redis, other programs); 2 cores = 200%."
        )
    if any("refetch" in r for r in ws.values()):
        rows = []
        for s in setups:
            for n in args.phones:
                r = ws.get((s, n), {}).get("refetch")
                if r:
                    rows.append(
                        [
                            s,
                            n,
                            r["events"],
                            ms(r["p99"]),
                            ms(r["refetch_p50"]),
                            ms(r["refetch_p99"]),
                            ms(r["refetch_all_p50"]),
                            ms(r["refetch_all_p99"]),
                            r["refetch_failed"],
                            us(r["server_cpu_per_phone"]),
                        ]
                    )
        out.append(
            table(
                "C. Step change into round-table/mood + each phone's HTTP re-fetch "
                "(GET /api/v1/workshops/{id}, new connection) (ms)",
                [
                    "setup",
                    "phones",
                    "events",
                    "frame p99",
                    "done p50",
                    "done p99",
                    "all-done p50",
                    "all-done p99",
                    "failed",
                    "cpu µs/phone",
                ],
                rows,
            )
        )
        out.append(
            "   done: from the step-change call until a phone has its re-fetch answer;"
            " all-done: until every phone has."
        )
    if http:
        rows = []
        for (s, name), r in http.items():
            rows.append(
                [
                    s,
                    name,
                    r["requests"],
                    f"{r['rps']:.0f}",
                    ms(r["p50"]),
                    ms(r["p99"]),
                    r["errors"],
                    us(r["server_cpu_per_request"]),
                    f"{r['server_cpu_share'] * 100:.0f}%",
                    f"{r['client_cpu_share'] * 100:.0f}%",
                    f"{r['other_cpu_share'] * 100:.0f}%",
                ]
            )
        out.append(
            table(
                f"D. Plain HTTP during the round table, concurrency {args.concurrency}, "
                f"{args.http_seconds:g} s windows",
                [
                    "setup",
                    "request",
                    "requests",
                    "req/s",
                    "p50 ms",
                    "p99 ms",
                    "errors",
                    "cpu µs/request",
                    "server cpu",
                    "client cpu",
                    "other cpu",
                ],
                rows,
            )
        )
    proxy = proxy_cost(args, ws, http)
    if proxy:
        out.append(proxy)
    out.append(targets(args, ws, http))
    return "\n".join(out)


def delta(a, b) -> str:
    return "—" if a is None or b is None else f"{(b - a) * 1000:+.1f}"


def side_by_side(base: str, measure: str, d: dict, x: dict, bad: str, per: str) -> list:
    """One row of table E: direct figures `d`, through-nginx figures `x`."""
    return [
        base,
        measure,
        ms(d["p50"]),
        ms(x["p50"]),
        delta(d["p50"], x["p50"]),
        ms(d["p99"]),
        ms(x["p99"]),
        delta(d["p99"], x["p99"]),
        f"{d[bad]}/{x[bad]}",
        us(d[f"server_cpu_per_{per}"]),
        us(x[f"server_cpu_per_{per}"]),
        us(x.get(f"proxy_cpu_per_{per}")),
    ]


def proxy_rows(ws: dict, http: dict, phones: list[int]) -> list[list]:
    """Direct and through-nginx figures of the same server, side by side, per measure."""
    rows = []
    for base in ("single", "redis2"):
        proxied = base + PROXIED
        for part, label in (("step", "A"), ("rate", "B")):
            for n in phones:
                d = ws.get((base, n), {}).get(part)
                x = ws.get((proxied, n), {}).get(part)
                if d and x:
                    measure = f"{label}: delivery to {n} phones"
                    rows.append(side_by_side(base, measure, d, x, "lost", "delivery"))
        for (setup, name), d in http.items():
            x = http.get((proxied, name))
            if setup == base and x:
                rows.append(side_by_side(base, f"D: {name}", d, x, "errors", "request"))
    return rows


def proxy_cost(args, ws: dict, http: dict) -> str | None:
    rows = proxy_rows(ws, http, args.phones)
    if not rows:
        return None
    return "\n".join(
        [
            table(
                "E. What nginx costs: the same server reached directly and through nginx "
                "(HTTPS/WSS), same run (ms, µs)",
                [
                    "setup",
                    "measure",
                    "p50",
                    "nginx p50",
                    "Δ p50",
                    "p99",
                    "nginx p99",
                    "Δ p99",
                    "lost/errors",
                    "server µs",
                    "nginx: server µs",
                    "nginx µs",
                ],
                rows,
            ),
            "   µs: CPU per delivery (A, B) or per request (D); nginx µs is nginx's own CPU"
            " (master and workers)\n   on top of the server's. lost/errors: direct/through"
            " nginx. A and D include the TLS of the facilitator's and the clients'"
            " connections.",
        ]
    )


def targets(args, ws: dict, http: dict) -> str:
    rows = []

    def check(name, value, shown, ok):
        rows.append(
            [
                name,
                shown if value is not None else "not run",
                "—" if value is None else ("PASS" if ok else "MISS"),
            ]
        )

    n = 1000
    bare = ws.get(("bare", n), {}).get("rate")
    for s in ("single", "redis2"):
        r = ws.get((s, n), {})
        label = SETUP_NAMES[s]
        step, rate = r.get("step"), r.get("rate")
        v = step and (step["all_p99"] if not step["incomplete_events"] else float("inf"))
        check(
            f"{label}: 1,000 phones have a new step, p99 ≤ 300 ms (all phones)",
            v,
            f"{ms(v)} ms",
            v is not None and v <= TARGETS["step_all_p99"],
        )
        v = rate and rate["p99"]
        extra = f" at {rate['rate']:.1f} ev/s" if rate else ""
        check(
            f"{label}: {args.rate:g} ev/s to 1,000 phones, delivery p99 ≤ 50 ms",
            v,
            f"{ms(v)} ms{extra}",
            v is not None and v <= TARGETS["rate_p99"] and rate["rate"] >= 0.95 * args.rate,
        )
        v = rate and rate["lost"] + rate["unexpected"]
        check(f"{label}: {args.rate:g} ev/s to 1,000 phones, no event lost", v, f"{v} lost", v == 0)
        v = None
        if rate and bare and bare["server_cpu_per_delivery"]:
            v = rate["server_cpu_per_delivery"] / bare["server_cpu_per_delivery"]
        check(
            f"{label}: server CPU per delivery ≤ 2.5× bare",
            v,
            f"{v:.2f}× ({us(rate['server_cpu_per_delivery'])} vs "
            f"{us(bare['server_cpu_per_delivery'])} µs)"
            if v
            else "",
            v is not None and v <= TARGETS["cpu_ratio"],
        )
    for (s, name), r in http.items():
        if name.startswith("GET /p/") and name.endswith("/moi/") or s.endswith(PROXIED):
            continue  # shown for the re-fetch cost, or the proxy's (table E); no target
        check(
            f"{SETUP_NAMES[s]}: {name} ≥ 1,000 req/s at p99 ≤ 60 ms",
            r["rps"],
            f"{r['rps']:.0f} req/s, p99 {ms(r['p99'])} ms",
            r["rps"] >= TARGETS["http_rps"] and r["p99"] <= TARGETS["http_p99"],
        )
    return table(
        "Targets (WebSocket targets are judged at N = 1,000)",
        ["target", "measured", "result"],
        rows,
    )


# --- Running -------------------------------------------------------------------------------------


def ws_job(args, n: int) -> dict:
    return {
        "mode": "ws",
        "phones": n,
        "step_events": args.step_events,
        "rate": args.rate,
        "rate_seconds": args.rate_seconds,
        "refetch_events": args.refetch_events,
        "timeout": 600,
    }


# The phones load their page most during the round table (late arrivals join, everyone fills
# in their card), and it is the heaviest page of the first steps.
HTTP_STEP = "round_table"


def nginx_for(server: Coprod, phones: int):
    """Debian's nginx with the shipped site file in front of `server`'s processes, sized for
    `phones` sockets and as many re-fetch connections, each held on both sides."""
    from coprod.testing.proxy import nginx_in_front

    return nginx_in_front(
        server.set.ports, testserver.SHARED_STATIC, workers="auto", connections=4 * phones + 512
    )


def through(proxy) -> dict:
    """What a load-generator job needs to go through nginx instead of straight to the server."""
    return {
        "servers": [["127.0.0.1", proxy.https_port]],
        "tls": {"ca": str(proxy.ca_cert), "name": "localhost"},
        "proxy_pid": proxy.pid,
    }


def job_for(server: Coprod, proxy, variant: str, extra: dict) -> dict:
    job = server.job(**extra)
    if variant.endswith(PROXIED):
        job.update(through(proxy))
    return job


def http_jobs(args, server: Coprod) -> list[tuple[str, dict]]:
    w = server.workshop
    base = {
        "mode": "http",
        "concurrency": args.concurrency,
        "seconds": args.http_seconds,
        "max_requests": 1_000_000,
        "timeout": 300,
        "at_step": HTTP_STEP,
    }
    return [
        (f"GET /api/v1/workshops/{w}", dict(base, auth="bearer", path=f"/api/v1/workshops/{w}")),
        (f"GET /p/{w}/", dict(base, auth="cookie", path=f"/p/{w}/")),
        (f"GET /p/{w}/moi/", dict(base, auth="cookie", path=f"/p/{w}/moi/")),
    ]


def python_speed() -> float:
    """Seconds for a fixed pure-Python loop, best of three: on a shared machine the same code
    runs up to twice as fast at one hour as at another, so runs compare only through this."""
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        total = 0
        for i in range(2_000_000):
            total += i
        best = min(best, time.perf_counter() - t)
    return best


def main(argv=None) -> int:
    args = parse_args(argv)
    speed_before = python_speed()
    ws: dict = {}
    http: dict = {}
    frame_bytes = 1500
    started = time.monotonic()
    for setup in [
        s for s in ("single", "redis2") if s in args.setups or s + PROXIED in args.setups
    ]:
        log(f"starting {SETUP_NAMES[setup]}")
        server = Coprod(setup, count=2 if setup == "redis2" else 1, use_redis=setup == "redis2")
        variants = [v for v in (setup, setup + PROXIED) if v in args.setups]
        try:
            with contextlib.ExitStack() as stack:
                proxy = None
                if setup + PROXIED in variants:
                    log(f"{setup}: starting nginx in front")
                    proxy = stack.enter_context(nginx_for(server, max(args.phones)))

                # HTTP first: when the phones of the WebSocket part hang up, their presence
                # updates keep the server busy for a while and would blur the HTTP figures.
                if "http" in args.parts:
                    for variant in variants:
                        for name, extra in http_jobs(args, server):
                            log(f"{variant}: {name}")
                            http[(variant, name)] = loadgen(job_for(server, proxy, variant, extra))
                if "ws" in args.parts:
                    for n in args.phones:
                        for variant in variants:
                            log(f"{variant}: {n} phones")
                            r = loadgen(job_for(server, proxy, variant, ws_job(args, n)))
                            ws[(variant, n)] = r
                            frame_bytes = round(r["frame_bytes"]) or frame_bytes
        finally:
            server.close()
    if "bare" in args.setups and "ws" in args.parts:
        log(f"starting the bare websockets server ({frame_bytes}-byte frames)")
        bare = Bare(frame_bytes)
        try:
            for n in args.phones:
                log(f"bare: {n} phones")
                job = ws_job(args, n)
                job["refetch_events"] = 0
                ws[("bare", n)] = loadgen(bare.job(**job))
        finally:
            bare.close()
    print(
        f"coprod bench — {time.strftime('%Y-%m-%d %H:%M')}, "
        f"{len(__import__('os').sched_getaffinity(0))} cores, "
        f"phone frames ≈ {frame_bytes} bytes, run took {time.monotonic() - started:.0f} s\n"
        f"Python speed check (2M-addition loop, lower is faster): {speed_before * 1000:.0f} ms "
        f"before the run, {python_speed() * 1000:.0f} ms after"
    )
    print(report(args, ws, http))
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "ws": {f"{s}/{n}": r for (s, n), r in ws.items()},
                    "http": {f"{s}/{name}": r for (s, name), r in http.items()},
                },
                indent=2,
            )
        )
    return 0
