"""Tables writing their action sheets together: `python -m bench.sheets`.

Starts one real `coprod serve` (in-memory channel layer; SQLite, or PostgreSQL when DATABASE_URL
says so) with the demo workshop moved to its projects step and 6 sheets, then:

1. 40 participants join through `POST /api/v1/join` (participant tokens) and are seated at the
   6 tables (`assign_tables`);
2. each opens the workshop's WebSocket with its token (JSON frames: `sheet.changed` carries
   {sheet, field, version}), and the projector's board socket (HTML) watches too;
3. for `--seconds` (120) every participant saves a field every `--every` (2) s through
   `PATCH /api/v1/workshops/<id>/sheets/<sheet>/fields/<name>` with the version it knows
   (from its socket or its last answer). Contention is real: a table has a "hot" field most
   people write (`--hot` share of saves), the rest go to random fields; on a 409 half of the
   authors keep their version (they resend it on top of the current version), the others keep
   theirs.

Counted: saves attempted, saved, conflicts returned (a conflict is not a loss), lost edits (a
200 whose value is not in the final history), silent overwrites (a save that created version V
from a base other than V−1, or versions of a field not contiguous in the Revision history), and
save-to-visible-elsewhere: from the moment the PATCH is sent to the moment each OTHER socket at
the same table receives the `sheet.changed` of that version (p50/p99; target p99 ≤ 300 ms).
PASS/MISS per target.

    .venv/bin/python -m bench.sheets                  # 40 people, 6 tables, 2 minutes
    .venv/bin/python -m bench.sheets --seconds 20
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import sys
import time

from coprod.core import testserver
from coprod.testing.board_link import board_cookie

from .common import run_fast, shell_json
from .wire import HTTP

HOST = "127.0.0.1"
TARGET_P99 = 0.300
FIELDS = (
    "title",
    "objective",
    "description",
    "partners",
    "carrier",
    "means",
    "calendar",
    "indicators",
    "next_steps",
    "risks",
)  # text fields (lists are ids: no unique marker)
SHEET_CHANGED = re.compile(
    rb'^\{"type":"sheet\.changed","workshop":\d+,"data":\{"sheet":(\d+),"field":"(\w+)","version":(\d+)\}'
)

SETUP = """
import json
from django.contrib.auth import get_user_model
from coprod.action_sheets import services
from coprod.workshops.models import Workshop
w = Workshop.objects.get(pk={workshop})
u = get_user_model().objects.get(username="{user}")
made = services.create_sheets(w, actor=u, count={tables})
print(json.dumps({{"sheets": [s.pk for s in made], "board_key": w.board_key}}))
"""

SEAT = """
import json
from django.contrib.auth import get_user_model
from coprod.action_sheets import services
from coprod.action_sheets.models import Seat
from coprod.workshops.models import Workshop
w = Workshop.objects.get(pk={workshop})
u = get_user_model().objects.get(username="{user}")
services.assign_tables(w, actor=u, count={tables})
print(json.dumps({{str(s.participant_id): s.sheet_id for s in Seat.objects.filter(workshop=w)}}))
"""

CHECK = """
import json
from coprod.action_sheets.models import Revision
rows = Revision.objects.filter(sheet__workshop_id={workshop}).values_list("sheet_id", "name", "version", "value")
print(json.dumps([list(r) for r in rows]))
"""


def log(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        prog="python -m bench.sheets",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--people", type=int, default=40)
    p.add_argument("--tables", type=int, default=6)
    p.add_argument("--seconds", type=float, default=120.0, help="how long everybody writes")
    p.add_argument("--every", type=float, default=2.0, help="seconds between one person's saves")
    p.add_argument("--hot", type=float, default=0.5, help="share of saves on the table's hot field")
    p.add_argument("--seed", type=int, default=5)
    p.add_argument("--no-board", action="store_true", help="no projector socket (HTML renders)")
    p.add_argument("--json", metavar="PATH", help="also write the figures to this JSON file")
    return p.parse_args(argv)


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


class Person:
    """One participant: an HTTP connection, a socket, what it knows of its table's versions."""

    def __init__(self, pid: int, token: str, sheet: int):
        self.pid, self.token, self.sheet = pid, token, sheet
        self.known: dict[str, int] = {}
        self.seen: dict[tuple[int, str, int], float] = {}  # (sheet, field, version) -> arrival
        self.ready = asyncio.Event()

    async def listen(self, port: int, workshop: int):
        import websockets

        url = f"ws://{HOST}:{port}/ws/workshops/{workshop}/"
        headers = {"Authorization": f"Bearer {self.token}"}  # never in the URL: it is logged
        async with websockets.connect(
            url, additional_headers=headers, max_size=None, open_timeout=20
        ) as socket:
            self.ready.set()
            async for message in socket:
                t = time.perf_counter()
                data = message.encode() if isinstance(message, str) else message
                m = SHEET_CHANGED.match(data)
                if m:
                    key = (int(m.group(1)), m.group(2).decode(), int(m.group(3)))
                    self.seen.setdefault(key, t)
                    if key[0] == self.sheet and key[2] > self.known.get(key[1], 0):
                        self.known[key[1]] = key[2]


async def run(args, base: dict) -> dict:
    port, workshop, boss = base["port"], base["workshop"], base["token"]
    auth = {"Authorization": f"Bearer {boss}", "Content-Type": "application/json"}
    boss_http = HTTP(HOST, port)
    rng = random.Random(args.seed)

    async def call(http, method, path, body=None, headers=None):
        data = json.dumps(body).encode() if body is not None else b""
        status, _, answer = await http.request(method, path, headers or auth, data)
        return status, json.loads(answer or b"null")

    # The workshop is live, at its projects step.
    status, state = await call(boss_http, "GET", f"/api/v1/workshops/{workshop}")
    if state["status"] != "live":
        status, state = await call(boss_http, "POST", f"/api/v1/workshops/{workshop}/start")
    kinds = {s["id"]: s["type"] for s in state["steps"]}
    while kinds.get(state["current_step"]) != "projects":
        status, state = await call(boss_http, "POST", f"/api/v1/workshops/{workshop}/steps/next")

    log(f"{args.people} people join")
    joined = []
    for i in range(args.people):
        s, out = await call(
            boss_http,
            "POST",
            "/api/v1/join",
            {
                "code": base["code"],
                "name": f"Personne {i}",
                "organisation": f"Structure {i % 9}",
                "accept_charter": True,
            },
            {"Content-Type": "application/json"},
        )
        if s != 201:
            raise RuntimeError(f"join refused: {s} {out}")
        joined.append(out)
    seats = json.loads(base["seat"]().strip().splitlines()[-1])
    people = [Person(o["participant"], o["token"], seats[str(o["participant"])]) for o in joined]
    tables: dict[int, list[Person]] = {}
    for p in people:
        tables.setdefault(p.sheet, []).append(p)

    tasks = [asyncio.ensure_future(p.listen(port, workshop)) for p in people]
    board_frames = 0

    async def board():
        nonlocal board_frames
        import websockets

        url = f"ws://{HOST}:{port}/ws/workshops/{workshop}/?view=board&lang=fr"
        cookie = board_cookie(f"http://{HOST}:{port}", workshop, base["board_key"])
        headers = {"Cookie": cookie}
        async with websockets.connect(
            url, additional_headers=headers, max_size=None, open_timeout=20
        ) as socket:
            async for _message in socket:
                board_frames += 1

    if not args.no_board:
        tasks.append(asyncio.ensure_future(board()))
    await asyncio.wait_for(asyncio.gather(*(p.ready.wait() for p in people)), 30)
    await asyncio.sleep(1.5)  # presence announcements drain
    board_before = board_frames

    hot = {sheet: rng.choice(FIELDS[:4]) for sheet in tables}
    sent: list[dict] = []  # every PATCH: person, field, base, value, t0, status, version
    statuses: dict[int, int] = {}
    deadline = time.perf_counter() + args.seconds

    async def writer(person: Person):
        http = HTTP(HOST, port)
        headers = {"Authorization": f"Bearer {person.token}", "Content-Type": "application/json"}
        await asyncio.sleep(rng.uniform(0, args.every))
        n = 0
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            name = hot[person.sheet] if rng.random() < args.hot else rng.choice(FIELDS)
            attempts = 2 if rng.random() < 0.5 else 1  # keep mine on a conflict, or not
            base_version = person.known.get(name, 0)
            while attempts:
                attempts -= 1
                n += 1
                value = f"p{person.pid} n{n} {name}"
                row = {
                    "pid": person.pid,
                    "sheet": person.sheet,
                    "field": name,
                    "base": base_version,
                    "value": value,
                    "t0": time.perf_counter(),
                }
                try:
                    s, out = await call(
                        http,
                        "PATCH",
                        f"/api/v1/workshops/{workshop}/sheets/{person.sheet}/fields/{name}",
                        {"value": value, "base_version": base_version},
                        headers,
                    )
                except Exception:
                    s, out = 0, None
                row["t1"] = time.perf_counter()
                row["status"] = s
                statuses[s] = statuses.get(s, 0) + 1
                sent.append(row)
                if s == 200:
                    row["version"] = out["version"]
                    person.known[name] = max(person.known.get(name, 0), out["version"])
                    break
                if s == 409:
                    current = out["current"]["version"]
                    person.known[name] = max(person.known.get(name, 0), current)
                    base_version = current
                    continue
                break
            await asyncio.sleep(max(0.0, started + args.every - time.perf_counter()))
        await http.close()

    log(f"{len(people)} people write for {args.seconds:g} s, one save every {args.every:g} s each")
    await asyncio.gather(*(writer(p) for p in people))
    await asyncio.sleep(1.5)  # the last pushes arrive
    for task in tasks:
        task.cancel()
    await boss_http.close()

    # Save → visible at the other sockets of the same table.
    latencies: list[float] = []
    missing = 0
    for row in sent:
        if row["status"] != 200 or row.get("version", 0) != row["base"] + 1:
            continue
        key = (row["sheet"], row["field"], row["version"])
        for other in tables[row["sheet"]]:
            if other.pid == row["pid"]:
                continue
            t = other.seen.get(key)
            if t is None:
                missing += 1
            else:
                latencies.append(t - row["t0"])
    return {
        "people": len(people),
        "tables": len(tables),
        "seconds": args.seconds,
        "statuses": statuses,
        "sent": sent,
        "latencies": latencies,
        "not_seen": missing,
        "board_frames": board_frames - board_before,
    }


def check(result: dict, history: list) -> dict:
    versions: dict[tuple[int, str], list[int]] = {}
    values: dict[tuple[int, str], set[str]] = {}
    for sheet, name, version, value in history:
        versions.setdefault((sheet, name), []).append(version)
        values.setdefault((sheet, name), set()).add(value)
    gaps = sum(1 for v in versions.values() if sorted(v) != list(range(1, len(v) + 1)))
    saved = [r for r in result["sent"] if r["status"] == 200]
    lost = sum(1 for r in saved if r["value"] not in values.get((r["sheet"], r["field"]), ()))
    # Each save that wrote a version must have written it on top of the version it started from.
    overwrites = sum(1 for r in saved if r["version"] != r["base"] + 1)
    return {"revisions": len(history), "gaps": gaps, "lost": lost, "silent_overwrites": overwrites}


def report(r: dict, c: dict) -> str:
    def ms(v):
        return "—" if v is None else f"{1000 * v:.0f} ms"

    st = r["statuses"]
    lat = r["latencies"]
    calls = [row["t1"] - row["t0"] for row in r["sent"] if row["status"] in (200, 409)]
    rows = [
        ("people / tables", f"{r['people']} / {r['tables']}, {r['seconds']:g} s"),
        ("saves attempted", str(len(r["sent"]))),
        ("saved (200)", str(st.get(200, 0))),
        ("conflicts returned (409)", str(st.get(409, 0))),
        (
            "other answers",
            ", ".join(f"{k}: {v}" for k, v in sorted(st.items()) if k not in (200, 409)) or "0",
        ),
        ("revisions in the history", str(c["revisions"])),
        ("lost edits", str(c["lost"])),
        ("silent overwrites", str(c["silent_overwrites"])),
        ("fields with version gaps", str(c["gaps"])),
        ("PATCH answer p50 / p99", f"{ms(pct(calls, 0.5))} / {ms(pct(calls, 0.99))}"),
        ("save → visible elsewhere p50", ms(pct(lat, 0.5))),
        ("save → visible elsewhere p99", ms(pct(lat, 0.99))),
        ("deliveries measured / never seen", f"{len(lat)} / {r['not_seen']}"),
        ("board frames (HTML)", str(r["board_frames"])),
    ]
    width = max(len(a) for a, _ in rows)
    out = ["", *(f"{a.ljust(width)}  {b}" for a, b in rows), "", "Targets"]

    def target(name, ok):
        out.append(f"  {'PASS' if ok else 'MISS'}  {name}")

    target(
        "no lost edit, no silent overwrite, contiguous versions",
        c["lost"] == 0 and c["silent_overwrites"] == 0 and c["gaps"] == 0,
    )
    target("contention exercised (conflicts returned)", st.get(409, 0) > 0)
    target("every save reached the other phones of its table", r["not_seen"] == 0)
    p99 = pct(lat, 0.99)
    target(
        f"save → visible elsewhere p99 ≤ {1000 * TARGET_P99:.0f} ms",
        p99 is not None and p99 <= TARGET_P99,
    )
    return "\n".join(out)


def main(argv=None) -> int:
    args = parse_args(argv)
    log("preparing a server (fresh database)")
    servers = testserver.prepare()
    try:
        demo = json.loads(servers.manage("demo", "--json"))
        user = demo["facilitator"]
        token = servers.manage("token", user).strip()
        made = shell_json(
            servers, SETUP.format(workshop=demo["workshop"], user=user, tables=args.tables)
        )
        servers.start(1)
        base = {
            "port": servers.ports[0],
            "workshop": demo["workshop"],
            "code": demo["join_code"],
            "token": token,
            "seat": lambda: servers.manage(
                "shell", "-c", SEAT.format(workshop=demo["workshop"], user=user, tables=args.tables)
            ),
            **made,
        }
        result = run_fast(run(args, base))
        history = shell_json(servers, CHECK.format(workshop=demo["workshop"]))
    finally:
        servers.close()
    figures = check(result, history)
    print(
        f"coprod sheets bench — {time.strftime('%Y-%m-%d %H:%M')}, "
        f"{len(os.sched_getaffinity(0))} cores, "
        f"{'PostgreSQL' if 'postgres' in servers.env.get('DATABASE_URL', '') else 'SQLite'}"
    )
    print(report(result, figures))
    if args.json:
        with open(args.json, "w") as f:
            lat = result["latencies"]
            json.dump(
                {
                    "statuses": result["statuses"],
                    "check": figures,
                    "p50": pct(lat, 0.5),
                    "p99": pct(lat, 0.99),
                    "not_seen": result["not_seen"],
                },
                f,
                indent=2,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
