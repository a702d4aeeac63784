"""The catalogue at 10,000 actions: `python -m bench.catalogue`.

Runs in-process against a fresh SQLite database in a temporary data folder (never your data):

1. imports a generated 10,000-row CSV (all created), the same file again (all updated), and a
   10,000-row XLSX into a second process: target ≤ 10 s each;
2. times 1,000 searches with random words and filter combinations through the service (count +
   first page of 50 with its publics, what the list page needs), then 1,000 through the list page
   itself with Django's test client (session, permission, template): target p99 ≤ 50 ms;
3. prints the process's peak memory (max RSS).

    .venv/bin/python -m bench.catalogue
    .venv/bin/python -m bench.catalogue --actions 2000 --searches 200
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta

from bench.common import setup_django

TARGETS = {"search_p99_ms": 50.0, "import_seconds": 10.0}

WORDS = [
    "transport",
    "demande",
    "minibus",
    "marché",
    "épicerie",
    "itinérante",
    "solidaire",
    "permanence",
    "emploi",
    "insertion",
    "jeunes",
    "aînés",
    "santé",
    "numérique",
    "mobilité",
    "covoiturage",
    "autostop",
    "scooter",
    "garage",
    "atelier",
    "vélo",
    "alimentation",
    "circuit",
    "court",
    "producteurs",
    "maraîchage",
    "jardin",
    "partagé",
    "tiers-lieu",
    "café",
    "associatif",
    "bibliothèque",
    "culture",
    "sport",
    "accueil",
    "mairie",
    "école",
    "formation",
    "apprentissage",
    "chantier",
    "patrimoine",
    "rénovation",
    "énergie",
    "logement",
    "habitat",
    "séniors",
    "aidants",
    "handicap",
    "accessibilité",
    "services",
    "proximité",
    "bus",
    "navette",
    "gare",
    "village",
    "bourg",
    "vallée",
    "forêt",
    "rivière",
    "plateau",
    "randonnée",
    "tourisme",
]
ORGANISATIONS = [
    "Communauté de communes Vexin Centre",
    "Association Le Panier des villages",
    "Mission locale",
    "Centre social rural",
    "Mairie de Marines",
    "Mairie de Magny-en-Vexin",
    "Parc naturel régional",
    "Département",
    "Garage solidaire",
    "Foyer rural",
]
PLACES = ["Marines", "Chars", "Magny-en-Vexin", "Us", "Santeuil", "Vigny", "Théméricourt"]
PUBLICS = [
    "Personnes sans moyen de transport",
    "Demandeurs d’emploi",
    "Personnes âgées",
    "Jeunes",
    "Familles monoparentales",
    "Personnes en situation de handicap",
    "Agriculteurs",
    "Nouveaux habitants",
]
ITEMS = [
    "Porter une attention aux publics sans transports et favoriser l’accessibilité de ses "
    "publics aux offres",
    "Intervenir sur le maintien des services de proximité",
    "Travailler à des solutions d’insertion professionnelles sur le territoire",
]
SCOPES = ["une ou plusieurs communes", "communauté de communes", "tout le parc"]
STATUSES = ["en projet", "en cours", "terminée"]


def log(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        prog="python -m bench.catalogue",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--actions", type=int, default=10_000, help="rows per imported file")
    p.add_argument("--searches", type=int, default=1000, help="searches per kind")
    p.add_argument("--seed", type=int, default=4)
    return p.parse_args(argv)


def rows(n: int, rnd: random.Random, prefix: str) -> list[list]:
    out = []
    for i in range(n):
        words = rnd.sample(WORDS, 3)
        start = date(2015, 1, 1) + timedelta(days=rnd.randrange(3650))
        status = rnd.choice(STATUSES)
        end = start + timedelta(days=rnd.randrange(30, 2000)) if status == "terminée" else None
        out.append(
            [
                f"{prefix} {i:05d} — {words[0].capitalize()} {words[1]} et {words[2]}",
                " ".join(rnd.choices(WORDS, k=rnd.randrange(15, 60))).capitalize() + ".",
                rnd.choice(ORGANISATIONS),
                " ; ".join(rnd.sample(ORGANISATIONS, 2)),
                " ; ".join(rnd.sample(PUBLICS, rnd.randrange(0, 4))),
                rnd.choice(SCOPES),
                ", ".join(rnd.sample(PLACES, rnd.randrange(0, 3))),
                status,
                start.strftime("%d/%m/%Y"),
                end.strftime("%d/%m/%Y") if end else "",
                f"contact{i}@example.org",
                f"https://www.example.org/actions/{i}",
                " ; ".join(str(k) for k in rnd.sample([1, 2, 3], rnd.randrange(0, 3))),
            ]
        )
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main(argv=None) -> int:
    args = parse_args(argv)
    rnd = random.Random(args.seed)
    tmp = tempfile.TemporaryDirectory(prefix="coprod-bench-catalogue-")
    log(f"data folder {tmp.name}")
    setup_django(tmp.name)

    import tablib
    from django.test import Client

    from coprod.catalogue.importing import COLUMNS, import_actions
    from coprod.catalogue.models import Action
    from coprod.catalogue.services.actions import search_actions
    from coprod.processes.services import create_process
    from coprod.testing.factories import UserFactory

    user = UserFactory(username="bench")
    processes = [
        create_process(
            actor=user, title=f"Démarche {n}", priority_items=ITEMS, target_publics=PUBLICS
        )
        for n in (1, 2)
    ]
    headers = [h for _f, h in COLUMNS]
    report = []

    def timed_import(process, filename, data, label):
        started = time.perf_counter()
        result = import_actions(process, actor=user, filename=filename, data=data)
        seconds = time.perf_counter() - started
        log(f"{label}: {result.created} created, {result.updated} updated in {seconds:.2f} s")
        report.append((label, seconds, result))
        return seconds

    csv_rows = rows(args.actions, rnd, "Action")
    csv_data = (
        "\ufeff" + tablib.Dataset(*csv_rows, headers=headers).export("csv", delimiter=";")
    ).encode()
    xlsx_data = tablib.Dataset(*rows(args.actions, rnd, "Fiche"), headers=headers).export("xlsx")
    log(f"files: CSV {len(csv_data) / 1e6:.1f} MB, XLSX {len(xlsx_data) / 1e6:.1f} MB")
    import_times = {
        "CSV, all created": timed_import(processes[0], "a.csv", csv_data, "CSV, all created"),
        "CSV again, all updated": timed_import(processes[0], "a.csv", csv_data, "CSV, all updated"),
        "XLSX, all created": timed_import(processes[1], "b.xlsx", xlsx_data, "XLSX, all created"),
    }
    rss_after_import = max_rss_mb()

    process = processes[0]
    publics = list(process.target_publics.values_list("pk", flat=True))
    items = list(process.priority_items.values_list("pk", flat=True))
    assert Action.objects.filter(process=process).count() == args.actions

    def random_query() -> dict:
        query = {"q": " ".join(rnd.sample(WORDS, rnd.choice([0, 1, 1, 2, 2, 3])))}
        if rnd.random() < 0.3:
            query["public"] = rnd.choice(publics)
        if rnd.random() < 0.2:
            query["scope"] = rnd.choice(Action.Scope.values)
        if rnd.random() < 0.2:
            query["item"] = rnd.choice(items)
        if rnd.random() < 0.2:
            query["status"] = rnd.choice(Action.Status.values)
        return query

    # The imports left ~30,000 objects to the collector: a server process would not carry them.
    gc.collect()
    gc.freeze()
    service_ms, hits = [], []
    for _ in range(args.searches):
        query = random_query()
        started = time.perf_counter()
        found = search_actions(process, **query)
        count = found.count()
        page = list(found.prefetch_related("publics")[:50])
        service_ms.append((time.perf_counter() - started) * 1000)
        hits.append(count)
        assert len(page) == min(count, 50)

    client = Client()
    client.force_login(user)
    list_url = f"/demarches/{process.pk}/actions/"
    page_ms = []
    for _ in range(args.searches):
        query = random_query()
        if rnd.random() < 0.2:
            query["page"] = rnd.randrange(1, 4)
        started = time.perf_counter()
        response = client.get(list_url, query)
        page_ms.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code

    print(f"\nCatalogue benchmark — {args.actions:,} actions per file, SQLite\n")
    print("| import | seconds | target | |")
    print("| --- | ---: | ---: | --- |")
    for label, seconds in import_times.items():
        ok = seconds <= TARGETS["import_seconds"]
        print(f"| {label} | {seconds:.2f} | ≤ {TARGETS['import_seconds']:.0f} | {verdict(ok)} |")
    print(f"\n| search (×{args.searches:,}) | p50 ms | p99 ms | target p99 | |")
    print("| --- | ---: | ---: | ---: | --- |")
    for label, values in (
        ("service (count + page of 50)", service_ms),
        ("list page (HTTP)", page_ms),
    ):
        p99 = percentile(values, 99)
        print(
            f"| {label} | {percentile(values, 50):.1f} | {p99:.1f} | "
            f"≤ {TARGETS['search_p99_ms']:.0f} | {verdict(p99 <= TARGETS['search_p99_ms'])} |"
        )
    print(f"\nLoad average during the run: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores.")
    print(
        f"Matches per search: median {percentile(hits, 50):,}, max {max(hits):,}. "
        f"Peak memory (max RSS): {rss_after_import:.0f} MB after the imports, "
        f"{max_rss_mb():.0f} MB at the end."
    )
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
