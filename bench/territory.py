"""A territory's server under a realistic load: `python -m bench.territory`.

Many workshops at once (100 × 30 phones by default), each at its own seeded pace: proposals,
a validation vote the phones answer, a step away and back (bench/territory_load.py). Each
scale and each COPROD_SERVER mode gets fresh servers: two `coprod serve` processes, Redis (a
random key prefix) and a PostgreSQL database of its own (created, then dropped). Printed side
by side for `stock` and `tuned`: delivery p50/p99 of every step and vote change to every phone,
lost events, HTTP p50/p99 of every call the phones and facilitators made, CPU per delivery of
the servers, and the load generator's own CPU.

    .venv/bin/python -m bench.territory                     # 1 × 30 and 100 × 30, both modes
    .venv/bin/python -m bench.territory --quick             # 1 × 30 and 10 × 30, 45 s
    .venv/bin/python -m bench.territory --scales 20x30 --modes tuned --seconds 45
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from pathlib import Path

from coprod.core import testserver

from .common import LOAD_ENV, shell_json
from .run import loadgen, log, ms, redis_pid, table, us

POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"

SETUP = """
import json
from django.contrib.auth import get_user_model
from coprod.agenda import services as agenda
from coprod.grouping.models import Cluster, Synthesis
from coprod.workshops import services
from coprod.workshops.models import Workshop
user = get_user_model().objects.get(username={user!r})
process = Workshop.objects.get(pk={demo}).process
rooms = []
for n in range({rooms}):
    w = services.create_workshop(
        actor=user, process=process, title=f"Atelier {{n + 1}}",
        question="Comment rapprocher les services des habitants ?", expected_participants=100000,
    )
    agenda.apply_template(w, actor=user, template="co-production")
    agenda.start_workshop(w, actor=user)
    steps = list(w.steps.order_by("position"))
    at = next(i for i, s in enumerate(steps) if s.kind == "proposals")
    for _ in range(at):
        agenda.go_to_step(w, actor=user, offset=1)
    syntheses = []
    for k in range({syntheses}):
        c = Cluster.objects.create(workshop=w, label=f"Groupe {{k + 1}}", position=k)
        s = Synthesis.objects.create(cluster=c, text=f"Synthèse {{k + 1}} : un service itinérant")
        syntheses.append(s.pk)
    rooms.append({{
        "workshop": w.pk, "code": w.join_code, "proposals_step": steps[at].pk,
        "next_step": steps[at + 1].pk, "syntheses": syntheses,
    }})
print(json.dumps(rooms))
"""


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        prog="python -m bench.territory",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--scales",
        default="1x30,100x30",
        help="workshops x phones, comma-separated (1x30 is the single room of the same script)",
    )
    p.add_argument("--modes", default="stock,tuned", help="COPROD_SERVER modes, comma-separated")
    p.add_argument("--seconds", type=float, default=60.0, help="length of the measured window")
    p.add_argument("--seed", type=int, default=19, help="seed of every workshop's pace")
    p.add_argument("--quick", action="store_true", help="1x30,10x30 for 45 s")
    p.add_argument("--json", metavar="PATH", help="also write every figure to this JSON file")
    args = p.parse_args(argv)
    if args.quick:
        args.scales, args.seconds = "1x30,10x30", min(args.seconds, 45.0)
    args.scales = [tuple(int(v) for v in s.lower().split("x")) for s in args.scales.split(",")]
    args.modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    return args


def run_one(args, mode: str, rooms: int, phones: int) -> dict:
    env = {
        **LOAD_ENV,
        "COPROD_SERVER": mode,
        "COPROD_MAX_CONNECTIONS": "20000",  # the bench measures the load, not the cap
        "DATABASE_URL": os.environ.get("DATABASE_URL", "").strip() or POSTGRES,
    }
    servers = testserver.prepare(redis=True, extra_env=env)
    try:
        demo = json.loads(servers.manage("demo", "--json"))
        code = SETUP.format(
            user=demo["facilitator"],
            demo=demo["workshop"],
            rooms=rooms,
            syntheses=int(args.seconds / 20) + 2,
        )
        specs = shell_json(servers, code)
        token = servers.manage("token", demo["facilitator"]).strip()
        servers.start(2)
        job = {
            "servers": [["127.0.0.1", port] for port in servers.ports],
            "server_pids": [p.pid for p in servers.processes],
            "redis_pid": redis_pid(servers.env["REDIS_URL"]),
            "facilitator_token": token,
            "rooms": specs,
            "phones": phones,
            "seconds": args.seconds,
            "seed": args.seed,
            "timeout": 1200,
        }
        return loadgen(job, "bench.territory_load")
    finally:
        close(servers)


CLOSING: list[threading.Thread] = []


def close(servers) -> None:
    """Stop the servers now; drop their database aside: on a PostgreSQL shared with other
    programs, DROP DATABASE can wait minutes for another session's long query."""
    servers.stop_servers()
    thread = threading.Thread(target=servers.close, daemon=True)
    thread.start()
    CLOSING.append(thread)


def write_json(path: str, results: dict) -> None:
    Path(path).write_text(
        json.dumps({f"{m}/{r}x{p}": v for (m, r, p), v in results.items()}, indent=2)
    )


def pct_share(v) -> str:
    return f"{v * 100:.0f}%"


def report(results: dict) -> str:
    rows, kinds = [], []
    for (mode, rooms, phones), r in results.items():
        scale = f"{rooms} × {phones}"
        if "failed" in r:
            rows.append([mode, scale, "failed:", r["failed"][:60]] + [""] * 15)
            continue
        rows.append(
            [
                mode,
                scale,
                r["events"],
                r["delivered"],
                ms(r["p50"]),
                ms(r["p99"]),
                ms(r["max"]),
                r["lost"],
                r["unexpected"],
                r["requests"],
                ms(r["http_p50"]),
                ms(r["http_p99"]),
                r["http_errors"],
                us(r["server_cpu_per_delivery"]),
                pct_share(r["server_cpu_share"]),
                us(r["redis_cpu_per_delivery"]),
                pct_share(r["client_cpu_share"]),
                us(r["client_cpu_per_delivery"]),
                pct_share(r["other_cpu_share"]),
            ]
        )
        for label, k in r["http_by_kind"].items():
            kinds.append([mode, scale, label, k["n"], ms(k["p50"]), ms(k["p99"])])
    out = [
        table(
            "Territory: workshops at once on 2 processes + Redis + PostgreSQL "
            "(step and vote changes → every phone; ms, µs)",
            [
                "mode",
                "workshops × phones",
                "events",
                "deliveries",
                "p50",
                "p99",
                "max",
                "lost",
                "unexpected",
                "HTTP req",
                "HTTP p50",
                "HTTP p99",
                "errors",
                "cpu µs/delivery",
                "server cpu",
                "redis µs/delivery",
                "client cpu",
                "client µs/delivery",
                "other cpu",
            ],
            rows,
        ),
        "   lost: published step/vote changes × phones of their workshop − frames received;"
        " unexpected: frames of another\n   workshop or of no published event. cpu µs/delivery:"
        " the servers' CPU (both processes and their worker,\n   everything they did: proposals,"
        " ballots, step changes) ÷ deliveries. 2 cores = 200%.",
        table("HTTP calls by kind (ms)", ["mode", "scale", "call", "n", "p50", "p99"], kinds),
    ]
    errors = {k: r["http_error_kinds"] for k, r in results.items() if r.get("http_error_kinds")}
    for (mode, rooms, phones), kinds_ in errors.items():
        out.append(f"   errors, {mode} {rooms} × {phones}: {kinds_}")
    return "\n".join(out)


def main(argv=None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    results: dict = {}
    for rooms, phones in args.scales:
        for mode in args.modes:
            log(f"{mode}: {rooms} workshops × {phones} phones")
            try:
                results[(mode, rooms, phones)] = run_one(args, mode, rooms, phones)
            except Exception as error:  # one failed run (PostgreSQL restarted…) spares the others
                log(f"{mode}, {rooms} × {phones} failed: {error}")
                results[(mode, rooms, phones)] = {"failed": str(error)[:200]}
            if args.json:
                write_json(args.json, results)
    print(
        f"coprod territory bench — {time.strftime('%Y-%m-%d %H:%M')}, "
        f"{len(os.sched_getaffinity(0))} cores, {args.seconds:g} s windows, seed {args.seed}, "
        f"run took {time.monotonic() - started:.0f} s"
    )
    print(report(results))
    for thread in CLOSING:
        thread.join(timeout=30)
    if any(thread.is_alive() for thread in CLOSING):
        log("PostgreSQL is still dropping a bench database (coprod_srv_…): it goes on without us")
    return 0


if __name__ == "__main__":
    sys.exit(main())
