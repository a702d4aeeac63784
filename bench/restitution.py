"""The restitution document at full size: `python -m bench.restitution`.

Runs in-process against a fresh SQLite database in a temporary data folder (never your data).
Builds a process of 8 workshops, each with 40 participants, 200 proposals in 20 groups with 20
voted syntheses (19 validated), a closed poll, 4 presented actions with testimonies, 6 levers, an
orientation, 6 full action sheets, the duo of referents and a timed agenda, then:

1. times the full document of one workshop in each format (assembly included): target ≤ 5 s;
2. times the process's document (`restitution.process.build`: every workshop, the cross-workshop
   view) in each format, assembly included: target ≤ 30 s for each format;
3. times the process's open data (JSON, ZIP of CSV files), for information.

    .venv/bin/python -m bench.restitution
    .venv/bin/python -m bench.restitution --workshops 2 --keep /tmp/restitution
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.catalogue import setup_django, verdict

TARGETS = {"format_seconds": 5.0, "process_seconds": 30.0}
ORGS = ["Mairie de Marines", "Association Le Panier", "Centre social", "Département", "Habitants"]
WORDS = [
    "transport",
    "minibus",
    "marché",
    "épicerie",
    "emploi",
    "jeunes",
    "aînés",
    "santé",
    "vélo",
    "covoiturage",
]


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--workshops", type=int, default=8)
    p.add_argument("--keep", help="write the first workshop's and the process's files here")
    p.add_argument("--seed", type=int, default=4)
    return p.parse_args(argv)


def formats_available() -> list[str]:
    """md and pdf, and odt/docx when their renderers exist."""
    out = ["md", "pdf"]
    for fmt in ("odt", "docx"):
        if importlib.util.find_spec(f"coprod.restitution.render_{fmt}"):
            out.append(fmt)
    return out


def build_workshop(process, user, number: int, rnd: random.Random):
    """One full-size workshop, written in bulk (the services are tested elsewhere)."""
    from coprod.action_sheets.fields import FIELDS
    from coprod.action_sheets.models import FieldValue, Referent, Sheet
    from coprod.agenda.models import Step
    from coprod.agenda.presets import VEXIN_RUNNING_ORDER
    from coprod.catalogue.models import Action, Lever, Presentation, Testimony
    from coprod.grouping.models import Cluster, Placement, Synthesis
    from coprod.participants.models import MoodVote, OrganisationKind, Participant
    from coprod.proposals import text as proposal_text
    from coprod.proposals.models import Proposal
    from coprod.voting.models import (
        ConsentBallot,
        GradeBallot,
        Orientation,
        Poll,
        PollOption,
        ValidationVote,
    )
    from coprod.workshops.models import Workshop

    start = datetime(2026, 11, 26, 17, 0, tzinfo=UTC) + timedelta(days=7 * number)
    workshop = Workshop.objects.create(
        process=process,
        title=f"Atelier {number} — des actions vers des publics spécifiques",
        question="Quelles actions expérimentales développer vers des publics spécifiques ?",
        place="Maison du Parc, Théméricourt",
        starts_at=start,
        join_code=f"B{number:05d}",
        status=Workshop.Status.ENDED,
    )
    workshop.priority_items.set(process.priority_items.all())
    items = list(process.priority_items.all())
    people = Participant.objects.bulk_create(
        Participant(
            workshop=workshop,
            name=f"Personne {number}-{i}",
            organisation=ORGS[i % len(ORGS)],
            # Every type but the last, and about half the room agreeing to be named.
            organisation_kind=OrganisationKind.values[i % (len(OrganisationKind.values) - 1)],
            name_consent=i % 2 == 0,
            token_hash=f"bench-{number}-{i}",
        )
        for i in range(40)
    )
    MoodVote.objects.bulk_create(
        MoodVote(workshop=workshop, participant=p, value=rnd.randint(1, 5), word=rnd.choice(WORDS))
        for p in people
    )
    texts = [
        f"Proposition {i} : {' '.join(rnd.sample(WORDS, 4))} pour le village {i}"
        for i in range(200)
    ]
    proposals = Proposal.objects.bulk_create(
        Proposal(
            workshop=workshop,
            text=t,
            normalized=proposal_text.normalize(t),
            priority_item=items[i % len(items)],
            author=people[i % 40],
        )
        for i, t in enumerate(texts)
    )
    clusters = Cluster.objects.bulk_create(
        Cluster(workshop=workshop, label=f"Groupe {g}", position=g) for g in range(1, 21)
    )
    Placement.objects.bulk_create(
        Placement(proposal=p, cluster=clusters[i % 20]) for i, p in enumerate(proposals)
    )
    syntheses = Synthesis.objects.bulk_create(
        Synthesis(
            cluster=c,
            text=f"Synthèse {c.position} : développer le {rnd.choice(WORDS)} solidaire",
            status=Synthesis.Status.VALIDATED
            if c.position != 20
            else Synthesis.Status.NOT_VALIDATED,
        )
        for c in clusters
    )
    votes = ValidationVote.objects.bulk_create(
        ValidationVote(
            workshop=workshop,
            synthesis=s,
            status=ValidationVote.Status.CLOSED,
            validated=s.status == Synthesis.Status.VALIDATED,
        )
        for s in syntheses
    )
    ConsentBallot.objects.bulk_create(
        ConsentBallot(
            vote=v,
            participant=p,
            choice="objection" if i == 0 else rnd.choice(["for", "live_with"]),
            reason="Trop cher" if i == 0 else "",
            suggestion="Chercher un financement" if i == 0 else "",
            answer="Prévu au budget" if i == 0 else "",
        )
        for v in votes
        for i, p in enumerate(people)
    )
    poll = Poll.objects.create(workshop=workshop, title="Priorités", status=Poll.Status.CLOSED)
    options = PollOption.objects.bulk_create(
        PollOption(poll=poll, synthesis=s, label=s.text, position=i)
        for i, s in enumerate(syntheses[:19])
    )
    GradeBallot.objects.bulk_create(
        GradeBallot(option=o, participant=p, grade=rnd.randint(0, 6))
        for o in options
        for p in people
    )
    actions = Action.objects.filter(process=process).order_by("id")[:4]
    Presentation.objects.bulk_create(
        Presentation(workshop=workshop, action=a, position=i) for i, a in enumerate(actions)
    )
    Testimony.objects.bulk_create(
        Testimony(
            action=a,
            workshop=workshop,
            witness=people[i],
            witness_name=people[i].name,
            witness_organisation=people[i].organisation,
            content="Ce que nous faisons depuis trois ans.",
            implementation="Deux fois par semaine.",
        )
        for i, a in enumerate(actions)
    )
    levers = Lever.objects.bulk_create(
        Lever(
            process=process,
            workshop=workshop,
            kind=kind,
            title=f"Levier {kind} {i}",
            due_on=(start + timedelta(days=30 * i)).date() if i % 2 else None,
        )
        for i, kind in enumerate(["funding", "policy", "partner", "event", "funding", "other"])
    )
    orientation = Orientation.objects.create(
        workshop=workshop,
        synthesis=syntheses[0],
        status=Orientation.Status.CLOSED,
        decision=Orientation.Decision.BUILD_ON,
    )
    orientation.actions.set(actions[:2])
    sheets = Sheet.objects.bulk_create(
        Sheet(workshop=workshop, number=n, synthesis=syntheses[n]) for n in range(1, 7)
    )
    values = []
    for sheet in sheets:
        for field in FIELDS:
            if field.kind == "actions":
                value = f"[{actions[0].pk}]"
            elif field.kind == "levers":
                value = f"[{levers[0].pk},{levers[1].pk}]"
            elif field.kind == "publics":
                value = f"[{process.target_publics.first().pk}]"
            else:
                value = f"{field.label} de la fiche {sheet.number} : " + " ".join(
                    rnd.choices(WORDS, k=25 if field.kind == "text" else 4)
                )
            values.append(FieldValue(sheet=sheet, name=field.name, value=value, version=1))
    FieldValue.objects.bulk_create(values)
    Referent.objects.bulk_create(
        Referent(workshop=workshop, participant=people[i], position=i + 1) for i in range(2)
    )
    at = start
    steps = []
    for position, (kind, title, minutes, _text) in enumerate(VEXIN_RUNNING_ORDER, start=1):
        spent = minutes + rnd.randint(-3, 8)
        steps.append(
            Step(
                workshop=workshop,
                position=position,
                kind=kind,
                title=title,
                minutes=minutes,
                status=Step.Status.DONE,
                started_at=at,
                finished_at=at + timedelta(minutes=spent),
            )
        )
        at += timedelta(minutes=spent)
    Step.objects.bulk_create(steps)
    return workshop


def render_process(process, fmt: str) -> tuple[float, float, bytes]:
    """Seconds to assemble the process's document, seconds to render it, the file."""
    from coprod.restitution import formats
    from coprod.restitution import process as process_document

    started = time.perf_counter()
    document = process_document.build(process)
    built = time.perf_counter()
    body = formats.render(document, fmt)
    return built - started, time.perf_counter() - built, body


def render_one(workshop, fmt: str) -> tuple[float, int]:
    from coprod.restitution import assembly, formats

    started = time.perf_counter()
    body = formats.render(assembly.build(workshop), fmt)
    return time.perf_counter() - started, len(body)


def main(argv=None) -> int:
    args = parse_args(argv)
    rnd = random.Random(args.seed)
    tmp = tempfile.TemporaryDirectory(prefix="coprod-bench-restitution-")
    log(f"data folder {tmp.name}")
    setup_django(tmp.name)

    from coprod.processes.services import create_process
    from coprod.restitution import assembly, formats
    from coprod.testing.factories import ActionFactory, UserFactory

    user = UserFactory(username="bench")
    process = create_process(
        actor=user,
        title="Démarche de progrès — Parc naturel régional du Vexin français",
        priority_items=["Publics sans transports", "Services de proximité", "Insertion"],
        target_publics=["Personnes âgées", "Jeunes"],
    )
    for i in range(6):
        ActionFactory(process=process, title=f"Action existante {i}")
    started = time.perf_counter()
    workshops = [build_workshop(process, user, n, rnd) for n in range(1, args.workshops + 1)]
    log(f"{len(workshops)} workshops built in {time.perf_counter() - started:.1f} s")
    available = formats_available()

    render_one(workshops[0], "pdf")  # warm-up: WeasyPrint's and fontconfig's first load
    print("format  seconds  bytes       target ≤ 5 s")
    ok = True
    for fmt in available:
        seconds, size = render_one(workshops[0], fmt)
        ok &= seconds <= TARGETS["format_seconds"]
        print(
            f"{fmt:<7} {seconds:7.2f}  {size:<10}  {verdict(seconds <= TARGETS['format_seconds'])}"
        )
        if args.keep:
            Path(args.keep).mkdir(parents=True, exist_ok=True)
            body = formats.render(assembly.build(workshops[0]), fmt)
            (Path(args.keep) / f"restitution.{fmt}").write_bytes(body)

    print(
        f"process of {len(workshops)} workshops  assembly  render  total   bytes     target ≤ 30 s"
    )
    grand = 0.0
    for fmt in available:
        assembled, rendered, body = render_process(process, fmt)
        total = assembled + rendered
        grand += total
        ok &= total <= TARGETS["process_seconds"]
        print(
            f"{fmt:<27} {assembled:7.2f}  {rendered:6.2f}  {total:6.2f}  {len(body):<8}  "
            f"{verdict(total <= TARGETS['process_seconds'])}"
        )
        if args.keep:
            (Path(args.keep) / f"demarche.{fmt}").write_bytes(body)
    print(f"all four formats of the process one after another: {grand:.2f} s")

    from coprod.restitution import opendata_process

    for label, make in (
        ("JSON", opendata_process.process_data),
        ("ZIP of CSV", opendata_process.process_csv),
    ):
        started = time.perf_counter()
        make(process)
        print(f"process open data, {label}: {time.perf_counter() - started:.2f} s")
    tmp.cleanup()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
