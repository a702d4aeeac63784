"""A consent vote under load: `python -m bench.voting`.

Starts one real `coprod serve` process (in-memory channel layer; SQLite, or PostgreSQL when
DATABASE_URL says so) with the demo workshop and one synthesis put to the vote, then:

1. 1,000 phones join through `POST /api/v1/join` (participant tokens);
2. all of them answer the vote through `POST …/votes/<id>/consent` at once (`--concurrency`
   connections), a tenth of them tapping twice at the same moment (a change of mind);
3. a board WebSocket (the projector's HTML regions) and a facilitator JSON WebSocket watch.

Printed: ballots stored (must be exactly the number of phones), duplicates, time from the
first vote request to the last answer, how long after the last vote the board shows the
up-to-date tally (HTML board region when it holds the voting panel; otherwise the JSON socket's
`tally.updated` push plus one re-fetch of `GET …/votes`, as an API board does), and how many
tally pushes reached the sockets (coalesced: far fewer than ballots). PASS/MISS per target.

    .venv/bin/python -m bench.voting                 # 1,000 phones
    .venv/bin/python -m bench.voting --phones 200 --concurrency 50
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import time

from coprod.core import testserver
from coprod.testing.board_link import board_cookie

from .common import LOAD_ENV, expect_everyone, run_fast, shell_json
from .wire import HTTP

HOST = "127.0.0.1"
TARGETS = {"vote_seconds": 10.0, "board_seconds": 1.0}
VOTERS = re.compile(rb'data-vote="(\d+)" data-voters="(\d+)"')

SETUP = """
import json
from coprod.grouping.models import Cluster, Synthesis
from coprod.workshops.models import Workshop
w = Workshop.objects.get(pk={workshop})
c = Cluster.objects.create(workshop=w, label="Mobilité", position=99)
s = Synthesis.objects.create(cluster=c, text="Développer le transport à la demande pour les personnes sans voiture")
print(json.dumps({{"synthesis": s.pk, "board_key": w.board_key}}))
"""

CHECK = """
import json
from django.db.models import Count
from coprod.voting.models import ConsentBallot
rows = ConsentBallot.objects.filter(vote_id={vote})
per = rows.values("participant").annotate(n=Count("id")).filter(n__gt=1).count()
print(json.dumps({{"stored": rows.count(), "people": rows.values("participant").distinct().count(), "duplicates": per}}))
"""


def log(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        prog="python -m bench.voting",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--phones", type=int, default=1000, help="participants who join and vote")
    p.add_argument("--concurrency", type=int, default=100, help="HTTP connections in flight")
    p.add_argument("--double", type=float, default=0.1, help="share of phones that tap twice")
    p.add_argument("--json", metavar="PATH", help="also write the figures to this JSON file")
    return p.parse_args(argv)


class Watcher:
    """One WebSocket, recording when each frame arrived and what it says about the tally."""

    def __init__(self, url: str, vote: int, headers: dict | None = None):
        self.url, self.vote = url, vote
        self.headers = headers or {}
        self.tally_frames = 0  # frames announcing a tally change
        self.frames = 0
        self.seen: list[tuple[float, int]] = []  # (time, voters shown) for the vote
        self.tally_times: list[float] = []
        self.panel_shown = False

    async def run(self, ready: asyncio.Event):
        import websockets

        async with websockets.connect(
            self.url, additional_headers=self.headers, max_size=None, open_timeout=20
        ) as socket:
            ready.set()
            async for message in socket:
                t = time.perf_counter()
                data = message.encode() if isinstance(message, str) else message
                self.frames += 1
                if data.startswith(b'{"type":"tally.updated"'):
                    self.tally_frames += 1
                    self.tally_times.append(t)
                for vote, voters in VOTERS.findall(data):
                    if int(vote) == self.vote:
                        self.panel_shown = True
                        self.seen.append((t, int(voters)))


async def run(args, base: dict) -> dict:
    port, workshop, code, boss = base["port"], base["workshop"], base["code"], base["token"]
    auth = {"Authorization": f"Bearer {boss}", "Content-Type": "application/json"}
    boss_http = HTTP(HOST, port)

    async def call(http, method, path, body=None, headers=None):
        data = json.dumps(body).encode() if body is not None else b""
        status, _, answer = await http.request(method, path, headers or auth, data)
        return status, json.loads(answer or b"null")

    # The workshop is live, at its proposals step (where syntheses are validated).
    status, state = await call(boss_http, "GET", f"/api/v1/workshops/{workshop}")
    if state["status"] != "live":
        status, state = await call(boss_http, "POST", f"/api/v1/workshops/{workshop}/start")
    kinds = {s["id"]: s["type"] for s in state["steps"]}
    while kinds.get(state["current_step"]) != "proposals":
        status, state = await call(boss_http, "POST", f"/api/v1/workshops/{workshop}/steps/next")
    status, vote = await call(
        boss_http, "POST", f"/api/v1/workshops/{workshop}/syntheses/{base['synthesis']}/votes", {}
    )
    if status != 201:
        raise RuntimeError(f"could not open the vote: {status} {vote}")
    vote_id = vote["id"]

    # Phones join.
    log(f"{args.phones} phones join")
    tokens: list[str] = []
    join_errors = 0

    async def join_worker(queue):
        nonlocal join_errors
        http = HTTP(HOST, port)
        while True:
            try:
                i = queue.get_nowait()
            except asyncio.QueueEmpty:
                break
            body = {"code": code, "name": f"Votant {i}", "accept_charter": True}
            s, out = await call(
                http, "POST", "/api/v1/join", body, {"Content-Type": "application/json"}
            )
            if s == 201:
                tokens.append(out["token"])
            else:
                join_errors += 1
        await http.close()

    queue: asyncio.Queue = asyncio.Queue()
    for i in range(args.phones):
        queue.put_nowait(i)
    t0 = time.perf_counter()
    await asyncio.gather(*(join_worker(queue) for _ in range(args.concurrency)))
    join_seconds = time.perf_counter() - t0

    # The board and the facilitator's API socket watch.
    cookie = board_cookie(f"http://{HOST}:{port}", workshop, base["board_key"])
    board = Watcher(
        f"ws://{HOST}:{port}/ws/workshops/{workshop}/?view=board&lang=fr",
        vote_id,
        {"Cookie": cookie},
    )
    api = Watcher(
        f"ws://{HOST}:{port}/ws/workshops/{workshop}/", vote_id, {"Authorization": f"Bearer {boss}"}
    )
    ready = [asyncio.Event(), asyncio.Event()]
    tasks = [asyncio.ensure_future(board.run(ready[0])), asyncio.ensure_future(api.run(ready[1]))]
    await asyncio.wait_for(asyncio.gather(*(r.wait() for r in ready)), 20)
    await asyncio.sleep(1.5)  # let the join announcements drain

    # Everybody votes at once; some tap twice simultaneously.
    log(f"{len(tokens)} phones vote")
    choices = ["for", "for", "live_with"]
    jobs = [(tok, choices[i % 3]) for i, tok in enumerate(tokens)]
    doubles = int(len(tokens) * args.double)
    jobs += [(tok, "live_with" if c == "for" else "for") for tok, c in jobs[:doubles]]
    jobs.sort(key=lambda job: hash(job[0]))  # the two taps of one phone land close together
    statuses: dict[int, int] = {}
    answers: list[float] = []
    vote_queue: asyncio.Queue = asyncio.Queue()
    for job in jobs:
        vote_queue.put_nowait(job)

    async def vote_worker():
        http = HTTP(HOST, port)
        while True:
            try:
                token, choice = vote_queue.get_nowait()
            except asyncio.QueueEmpty:
                break
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            try:
                s, _ = await call(
                    http,
                    "POST",
                    f"/api/v1/workshops/{workshop}/votes/{vote_id}/consent",
                    {"choice": choice},
                    headers,
                )
            except Exception:
                s = 0
            statuses[s] = statuses.get(s, 0) + 1
            answers.append(time.perf_counter())
        await http.close()

    first = time.perf_counter()
    board_frames_before = board.frames
    api_tally_before = api.tally_frames
    await asyncio.gather(*(vote_worker() for _ in range(args.concurrency)))
    last = max(answers)
    vote_seconds = last - first

    # How long until the board shows every ballot?
    expected = len(tokens)
    board_at = None
    api_at = None
    deadline = time.perf_counter() + 10
    checked_after = 0
    while time.perf_counter() < deadline and (
        api_at is None or (board.panel_shown and board_at is None)
    ):
        await asyncio.sleep(0.01)
        if board_at is None:
            hit = next((t for t, n in board.seen if n == expected), None)
            board_at = hit
        if api_at is None:
            fresh = [t for t in api.tally_times if t > last]
            if len(fresh) > checked_after:
                checked_after = len(fresh)
                s, listed = await call(boss_http, "GET", f"/api/v1/workshops/{workshop}/votes")
                row = next(v for v in listed if v["id"] == vote_id)
                if row["voters"] == expected:
                    api_at = time.perf_counter()
    await asyncio.sleep(0.5)
    for task in tasks:
        task.cancel()
    await boss_http.close()
    return {
        "phones": args.phones,
        "joined": len(tokens),
        "join_errors": join_errors,
        "join_seconds": join_seconds,
        "requests": len(jobs),
        "double_taps": doubles,
        "statuses": statuses,
        "vote_seconds": vote_seconds,
        "vote": vote_id,
        "board_panel_shown": board.panel_shown,
        "board_seconds": None if board_at is None else max(0.0, board_at - last),
        "api_seconds": None if api_at is None else max(0.0, api_at - last),
        "board_frames": board.frames - board_frames_before,
        "api_tally_pushes": api.tally_frames - api_tally_before,
    }


def report(r: dict, check: dict) -> str:
    def sec(v):
        return "—" if v is None else f"{v:.3f} s"

    rows = [
        (
            "phones joined",
            f"{r['joined']} / {r['phones']} in {r['join_seconds']:.1f} s"
            f" ({r['join_errors']} errors)",
        ),
        ("vote requests", f"{r['requests']} ({r['double_taps']} phones tapped twice at once)"),
        ("answers", ", ".join(f"{k}: {v}" for k, v in sorted(r["statuses"].items()))),
        ("ballots stored", f"{check['stored']} (for {check['people']} participants)"),
        ("duplicates", str(check["duplicates"])),
        ("first vote request → last answer", sec(r["vote_seconds"])),
        (
            "last vote → board region shows the tally",
            sec(r["board_seconds"])
            if r["board_panel_shown"]
            else "voting panel not in the board region yet",
        ),
        ("last vote → API board (push + re-fetch) sees the tally", sec(r["api_seconds"])),
        (
            "tally pushes during the vote",
            f"{r['api_tally_pushes']} JSON, {r['board_frames']} board "
            f"frames, for {r['requests']} ballots (coalesced)",
        ),
    ]
    width = max(len(a) for a, _ in rows)
    out = ["", *(f"{a.ljust(width)}  {b}" for a, b in rows), "", "Targets"]

    def target(name, ok):
        out.append(f"  {'PASS' if ok else 'MISS'}  {name}")

    n = r["phones"]
    target(
        f"exactly {n} ballots stored, no duplicate",
        check["stored"] == n and check["duplicates"] == 0 and check["people"] == n,
    )
    target(
        f"{n} phones vote within {TARGETS['vote_seconds']:g} s (first request → last answer)",
        r["vote_seconds"] <= TARGETS["vote_seconds"],
    )
    seen = r["board_seconds"] if r["board_panel_shown"] else r["api_seconds"]
    where = "board region" if r["board_panel_shown"] else "API board"
    target(
        f"the {where} shows the up-to-date tally ≤ {TARGETS['board_seconds']:g} s after the last vote",
        seen is not None and seen <= TARGETS["board_seconds"],
    )
    target(
        "tally pushes coalesced (fewer pushes than ballots)",
        0 < r["api_tally_pushes"] < r["requests"],
    )
    return "\n".join(out)


def main(argv=None) -> int:
    args = parse_args(argv)
    log("preparing a server (fresh database)")
    servers = testserver.prepare(extra_env=LOAD_ENV)
    try:
        demo = json.loads(servers.manage("demo", "--json"))
        expect_everyone(servers, demo["workshop"])
        token = servers.manage("token", demo["facilitator"]).strip()
        made = shell_json(servers, SETUP.format(workshop=demo["workshop"]))
        servers.start(1)
        base = {
            "port": servers.ports[0],
            "workshop": demo["workshop"],
            "code": demo["join_code"],
            "token": token,
            **made,
        }
        result = run_fast(run(args, base))
        check = shell_json(servers, CHECK.format(vote=result["vote"]))
    finally:
        servers.close()
    print(
        f"coprod voting bench — {time.strftime('%Y-%m-%d %H:%M')}, "
        f"{len(__import__('os').sched_getaffinity(0))} cores, "
        f"{'PostgreSQL' if 'postgres' in servers.env.get('DATABASE_URL', '') else 'SQLite'}"
    )
    print(report(result, check))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"result": result, "check": check}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
