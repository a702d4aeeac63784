"""The live pages and grouping writes as proposals pile up: `python -m bench.growth`.

In-process, on a fresh SQLite database in a temporary data folder (never your data;
`DATABASE_URL` and `REDIS_URL` are ignored), through Django's test client: the real URLs,
middleware, permission checks, services and templates, without a socket (see bench/README.md).

For each size N (100, 1,000 and 2,000 proposals by default) one workshop at its proposals step,
60 participants in the room, N/2 proposals grouped by the real `auto_group` (20 groups), then
N/2 more sent after the grouping and not placed yet. Timed, in milliseconds:

- reads: the board's live region (what the hub pushes to projectors after each change), the
  console's live region, `GET /api/v1/workshops/{id}/groups`: the median of `--repeat` reads
  with the board already shown since the last change, as during a workshop, and beside it the
  first read after the N/2 late proposals arrived all at once in a process that had placed
  none of them (an import after the grouping, or a restarted server);
- writes, through the API: moving a proposal to another group and opening the vote on a
  synthesis, each from that same state (N/2 proposals to place first): the median with the
  board already shown, and beside it in a process that has placed nothing yet.

The smallest size is the baseline of the same run. Targets at N = 2,000 (1,000 placed + 1,000
unplaced), on the first figure of each cell: reads ≤ 150 ms, writes ≤ 200 ms. Exit status 1 on
a MISS.

    .venv/bin/python -m bench.growth
    .venv/bin/python -m bench.growth --sizes 100,1000 --repeat 3
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import secrets
import statistics
import sys
import tempfile
import time

from bench.common import setup_django
from bench.run import python_speed

READ_TARGET_MS = 150.0
WRITE_TARGET_MS = 200.0
TARGET_SIZE = 2000
PARTICIPANTS = 60
GROUPS = 20
READS = ("board region", "console region", "GET …/groups")

VERBS = [
    "Créer",
    "Développer",
    "Organiser",
    "Proposer",
    "Mettre en place",
    "Soutenir",
    "Ouvrir",
    "Faire connaître",
    "Financer",
    "Former",
    "Accompagner",
    "Relancer",
]
OBJECTS = [
    "un transport à la demande",
    "du covoiturage solidaire",
    "une navette vers la gare",
    "un minibus du marché",
    "une épicerie itinérante",
    "une permanence France services",
    "un atelier vélo",
    "un garage solidaire",
    "un chantier d'insertion",
    "un tiers-lieu associatif",
    "un café des aidants",
    "un jardin partagé",
    "des cours de numérique",
    "une bourse aux emplois saisonniers",
    "un bus des services publics",
    "un portage de repas",
    "un club de jeunes",
    "un guichet unique des aides",
    "une location de scooters",
    "un relais petite enfance",
]
PUBLICS = [
    "pour les personnes sans voiture",
    "pour les demandeurs d'emploi",
    "pour les personnes âgées isolées",
    "pour les jeunes sans permis",
    "pour les familles monoparentales",
    "pour les personnes en situation de handicap",
    "pour les nouveaux habitants",
    "pour les agriculteurs",
]
PLACES = [
    "à Marines",
    "à Magny-en-Vexin",
    "à Chars",
    "à Vigny",
    "à Us",
    "à Santeuil",
    "à Théméricourt",
    "dans les petits villages",
    "dans tout le parc",
    "le samedi matin",
]


def log(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        prog="python -m bench.growth",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--sizes", default="100,1000,2000", help="proposals per workshop, comma-separated"
    )
    p.add_argument("--repeat", type=int, default=5, help="timed reads and writes after the first")
    p.add_argument("--seed", type=int, default=16)
    return p.parse_args(argv)


def sentences(n: int, rnd: random.Random) -> list[str]:
    combos = [(v, o, p, w) for v in VERBS for o in OBJECTS for p in PUBLICS for w in PLACES]
    return [" ".join(parts) for parts in rnd.sample(combos, n)]


def ms(seconds: float) -> float:
    return seconds * 1000


def timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return ms(time.perf_counter() - started), result


class Room:
    """One workshop at its proposals step: half its proposals grouped, half not placed yet."""

    def __init__(self, user, token: str, size: int, rnd: random.Random):
        from coprod.agenda import services as agenda
        from coprod.agenda.kinds import StepKind
        from coprod.grouping import services as grouping
        from coprod.grouping import similarity
        from coprod.participants.models import Participant
        from coprod.processes.services import create_process
        from coprod.workshops.services import create_workshop

        process = create_process(
            actor=user,
            title=f"Démarche {size}",
            priority_items=["Mobilité", "Services de proximité", "Insertion professionnelle"],
        )
        self.workshop = create_workshop(
            actor=user, process=process, title=f"Atelier de {size}", question="Que faire ?"
        )
        agenda.apply_template(self.workshop, actor=user, template="co-production")
        step = agenda.start_workshop(self.workshop, actor=user)
        while step.kind != StepKind.PROPOSALS:
            step = agenda.go_to_step(self.workshop, actor=user, offset=1)
        self.people = Participant.objects.bulk_create(
            Participant(
                workshop=self.workshop, name=f"Personne {i}", token_hash=secrets.token_hex()
            )
            for i in range(PARTICIPANTS)
        )
        self.items = list(self.workshop.priority_items.all())
        self.user, self.token, self.rnd, self.size = user, token, rnd, size
        texts = sentences(size, rnd)
        # What submit_proposal's closest-item match did as each proposal arrived: every text's
        # sentence vector is in the process's cache.
        similarity.embed(texts)
        half = size // 2
        self._add(texts[:half])
        grouping.auto_group(self.workshop, actor=user, k=min(GROUPS, half))
        self.loose = self._add(texts[half:])
        self.clusters = list(self.workshop.clusters.select_related("synthesis"))

    def _add(self, texts: list[str]) -> list:
        from coprod.proposals import text as proposal_text
        from coprod.proposals.models import Proposal

        return Proposal.objects.bulk_create(
            Proposal(
                workshop=self.workshop,
                text=t,
                normalized=proposal_text.normalize(t),
                priority_item=self.rnd.choice(self.items) if self.items else None,
                author=self.people[i % len(self.people)],
                client_key=secrets.token_hex(8),
            )
            for i, t in enumerate(texts)
        )

    def restore(self, placed: dict) -> None:
        """Back to the measured state: the grouped proposals where they were, the late ones
        unplaced, no vote open."""
        from coprod.grouping.models import Placement, Synthesis
        from coprod.voting.models import ValidationVote

        Placement.objects.filter(proposal__in=self.loose).delete()
        for cluster_id, proposal_ids in placed.items():
            Placement.objects.filter(proposal_id__in=proposal_ids).update(cluster_id=cluster_id)
        ValidationVote.objects.filter(workshop=self.workshop).delete()
        Synthesis.objects.filter(cluster__workshop=self.workshop).update(
            status=Synthesis.Status.DRAFT
        )

    def placed(self) -> dict:
        from coprod.grouping.models import Placement

        out: dict = {}
        for proposal_id, cluster_id in Placement.objects.filter(
            cluster__workshop=self.workshop
        ).values_list("proposal_id", "cluster_id"):
            out.setdefault(cluster_id, []).append(proposal_id)
        return out


def forget_placing() -> None:
    """A server process that has not placed these proposals yet. Their sentence vectors stay:
    submitting each proposal computed its vector in the process that took it."""
    try:
        from coprod.grouping import placing
    except ImportError:  # before placing kept anything: nothing to forget
        return
    placing.forget()


def measure(room: Room, client, repeat: int) -> dict:
    w = room.workshop.pk
    api = {"Authorization": f"Bearer {room.token}"}
    reads = dict(
        zip(
            READS,
            (
                lambda: client.get(f"/tableau/{w}/live/"),
                lambda: client.get(f"/animer/{w}/live/"),
                lambda: client.get(f"/api/v1/workshops/{w}/groups", headers=api),
            ),
            strict=True,
        )
    )
    out: dict = {}
    for name, read in reads.items():
        forget_placing()
        first, response = timed(read)
        assert response.status_code == 200, (name, response.status_code)
        if name == "GET …/groups":  # every proposal is in a group, the late ones too
            assert sum(len(group["proposals"]) for group in response.json()) == room.size
        again = [timed(read)[0] for _ in range(repeat)]
        out[name] = (statistics.median(again) if again else first, first)

    placed = room.placed()
    source, target = room.clusters[0], room.clusters[1]
    mover = placed[source.pk][0]

    def move():
        response = client.post(
            f"/api/v1/workshops/{w}/proposals/{mover}/group",
            {"to": target.pk},
            content_type="application/json",
            headers=api,
        )
        assert response.status_code == 200, response.content[:300]

    def open_vote():
        response = client.post(
            f"/api/v1/workshops/{w}/syntheses/{target.synthesis.pk}/votes",
            {"min_share": "2/3"},
            content_type="application/json",
            headers=api,
        )
        assert response.status_code == 201, response.content[:300]

    for name, write in (("move a proposal", move), ("open a vote", open_vote)):
        medians = []
        for warm in (True, False):
            samples = []
            for _ in range(max(1, repeat)):
                room.restore(placed)
                if warm:
                    client.get(f"/tableau/{w}/live/")  # the board shows the current groups
                else:
                    forget_placing()
                samples.append(timed(write)[0])
            medians.append(statistics.median(samples))
        out[name] = tuple(medians)
    room.restore(placed)
    return out


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main(argv=None) -> int:
    args = parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    rnd = random.Random(args.seed)
    tmp = tempfile.TemporaryDirectory(prefix="coprod-bench-growth-")
    log(f"data folder {tmp.name}")
    setup_django(tmp.name)

    from django.test import Client

    from coprod.accounts.services import create_api_token, get_or_create_facilitator
    from coprod.grouping.backends import get_backend

    user = get_or_create_facilitator("bench", password=secrets.token_urlsafe(9))
    token = create_api_token(user)
    client = Client()
    client.force_login(user)
    backend = get_backend()
    backend.load()
    speed_before = python_speed()
    log("warming up (not reported)")
    measure(Room(user, token, 20, rnd), client, 1)
    results = {}
    for size in sizes:
        log(f"{size} proposals: building the workshop")
        room = Room(user, token, size, rnd)
        gc.collect()
        log(f"{size} proposals: measuring")
        results[size] = measure(room, client, args.repeat)
        for name, (a, b) in results[size].items():
            log(f"  {name}: {a:.0f} ({b:.0f}) ms")
    speed_after = python_speed()

    baseline = sizes[0]
    print(f"\nGrowth benchmark — SQLite, grouping backend {backend.name}, Django test client\n")
    print(
        f"Python speed check (2M-addition loop, lower is faster): {speed_before * 1000:.0f} ms "
        f"before, {speed_after * 1000:.0f} ms after. Load average: "
        f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} cores.\n"
    )
    print(f"Each workshop: half its proposals in {GROUPS} groups, half arrived after the grouping.")
    print(
        f"Milliseconds, median of {args.repeat}. Reads: with the board already shown (first "
        "read after the late half arrived at once). Writes: with the board already shown (in a "
        "process that has placed nothing yet).\n"
    )
    header = " | ".join(f"{s:,}" for s in sizes)
    print(f"| operation | {header} | × of {baseline:,} | target at {TARGET_SIZE:,} | |")
    print("| --- |" + " ---: |" * len(sizes) + " ---: | ---: | --- |")
    missed = False
    for name in results[baseline]:
        cells = " | ".join("{:.0f} ({:.0f})".format(*results[s][name]) for s in sizes)
        ratio = results[sizes[-1]][name][0] / max(results[baseline][name][0], 0.01)
        target = READ_TARGET_MS if name in READS else WRITE_TARGET_MS
        mark = "—"
        if TARGET_SIZE in results:
            ok = results[TARGET_SIZE][name][0] <= target
            missed |= not ok
            mark = verdict(ok)
        print(f"| {name} | {cells} | {ratio:.1f} | ≤ {target:.0f} | {mark} |")
    print("\nPASS/MISS judges the first figure of each cell (the board already shown).")
    tmp.cleanup()
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
