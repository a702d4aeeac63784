"""A workshop's results as open data: JSON, or a ZIP of CSV files (schema: docs/open-data.md).

No participant's name ever leaves here, even with their consent to appear in the restitution
(open data has no consent to follow people across datasets): participants are `P1`, `P2`… (in
the order they joined, stable within one export, not from one export to the next) with their
organisation and its type only; witnesses who are not participants are `T1`, `T2`… Hidden
proposals are left out.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter, defaultdict
from datetime import date, datetime

from django.db.models import Count, Q
from django.utils import timezone

from coprod.action_sheets.models import Referent
from coprod.catalogue.models import Lever, Presentation, Testimony
from coprod.grouping.models import Placement, Synthesis
from coprod.participants.models import Participant
from coprod.participants.services import mood_summary
from coprod.proposals.models import Proposal
from coprod.voting import services as voting
from coprod.voting.models import ConsentBallot, Orientation, Poll
from coprod.workshops.models import Workshop

from .sheet_values import read_sheets

SCHEMA = "1"


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def _minutes(start: datetime | None, end: datetime | None) -> int | None:
    if start is None or end is None:
        return None
    return round((end - start).total_seconds() / 60)


def workshop_data(workshop: Workshop) -> dict:
    """Every result of the workshop as JSON-serialisable data, without any participant's name."""
    workshop = Workshop.objects.select_related("process").get(pk=workshop.pk)
    people = list(
        Participant.objects.admitted().filter(workshop=workshop).order_by("joined_at", "id")
    )
    pseudonym = {p.pk: f"P{i}" for i, p in enumerate(people, start=1)}
    organisations = Counter(p.organisation.strip() for p in people)
    return {
        "schema": SCHEMA,
        "generated_at": _iso(timezone.now()),
        "workshop": {
            "title": workshop.title,
            "question": workshop.question,
            "date": _iso(workshop.starts_at or workshop.started_at),
            "place": workshop.place,
            "process": workshop.process.title,
            "status": workshop.status,
        },
        "priority_items": _priority_items(workshop),
        "participants": [
            {
                "id": pseudonym[p.pk],
                "organisation": p.organisation.strip(),
                "organisation_kind": p.organisation_kind,
            }
            for p in people
        ],
        "organisations": [
            {"organisation": org, "participants": n}
            for org, n in sorted(organisations.items(), key=lambda kv: (-kv[1], kv[0].lower()))
        ],
        "mood": _mood(workshop),
        "proposals": _proposals(workshop),
        "syntheses": _syntheses(workshop),
        "polls": _polls(workshop),
        "actions": _actions(workshop, pseudonym),
        "levers": _levers(workshop),
        "orientations": _orientations(workshop),
        "sheets": _sheets(workshop),
        "referents": [
            {
                "position": r.position,
                "participant": pseudonym.get(r.participant_id),
                "organisation": r.participant.organisation.strip(),
            }
            for r in Referent.objects.filter(workshop=workshop)
            .select_related("participant")
            .order_by("position")
        ],
        "steps": _steps(workshop),
    }


def _priority_items(workshop: Workshop) -> list[dict]:
    items = workshop.priority_items.annotate(
        n=Count("proposals", filter=Q(proposals__workshop=workshop, proposals__hidden=False))
    ).order_by("position", "id")
    return [{"id": i.pk, "text": i.text, "proposals": i.n} for i in items]


def _mood(workshop: Workshop) -> dict:
    summary = mood_summary(workshop)
    return {
        "answers": summary["total"],
        "levels": [
            {"value": lvl["value"], "label": str(lvl["label"]), "count": lvl["count"]}
            for lvl in summary["levels"]
        ],
        "words": [{"word": w, "count": n} for w, n in Counter(summary["words"]).most_common()],
    }


def _proposals(workshop: Workshop) -> list[dict]:
    groups = dict(
        Placement.objects.filter(cluster__workshop=workshop).values_list(
            "proposal_id", "cluster_id"
        )
    )
    proposals = Proposal.objects.filter(workshop=workshop, hidden=False).order_by(
        "created_at", "id"
    )
    return [
        {
            "id": p.pk,
            "text": p.text,
            "priority_item": p.priority_item_id,
            "group": groups.get(p.pk),
        }
        for p in proposals
    ]


def _syntheses(workshop: Workshop) -> list[dict]:
    syntheses = list(
        Synthesis.objects.filter(cluster__workshop=workshop)
        .exclude(status=Synthesis.Status.DRAFT)
        .select_related("cluster")
        .order_by("cluster__position", "cluster_id")
    )
    votes = voting.current_votes(workshop)
    summaries = {s["vote"].synthesis_id: s for s in voting.summaries(list(votes.values()))}
    rows = []
    for synthesis in syntheses:
        summary = summaries.get(synthesis.pk)
        vote = None
        if summary:
            counts = summary["counts"]
            vote = {
                "voters": summary["voters"],
                "for": counts[ConsentBallot.Choice.FOR],
                "live_with": counts[ConsentBallot.Choice.LIVE_WITH],
                "objection": counts[ConsentBallot.Choice.OBJECTION],
                "agreeing_percent": summary["percent"],
            }
        rows.append(
            {
                "id": synthesis.pk,
                "group": synthesis.cluster_id,
                "group_label": synthesis.cluster.label,
                "text": synthesis.text,
                "status": synthesis.status,
                "vote": vote,
            }
        )
    return rows


def _polls(workshop: Workshop) -> list[dict]:
    polls = Poll.objects.filter(workshop=workshop, status=Poll.Status.CLOSED).order_by(
        "created_at", "id"
    )
    found = []
    for poll in polls:
        results = voting.poll_results(poll)
        rows = []
        for r in results["rows"]:
            row = {"rank": r["rank"], "option": r["option"].label}
            if poll.uses_dots:
                row["dots"] = r["dots"]
            else:
                row["median"] = r["median"]
                row["median_label"] = str(r["median_label"])
                row["judgments"] = r["judgments"]
            rows.append(row)
        found.append(
            {
                "id": poll.pk,
                "title": poll.title,
                "method": poll.method,
                "voters": results["voters"],
                "results": rows,
            }
        )
    return found


def _actions(workshop: Workshop, pseudonym: dict[int, str]) -> list[dict]:
    presentations = (
        Presentation.objects.filter(workshop=workshop)
        .select_related("action")
        .order_by("position", "id")
    )
    said: dict[int, list[Testimony]] = defaultdict(list)
    outsiders: dict[tuple[str, str], str] = {}
    for testimony in Testimony.objects.filter(workshop=workshop).order_by("created_at", "id"):
        said[testimony.action_id].append(testimony)
    found = []
    for presentation in presentations:
        action = presentation.action
        testimonies = []
        for t in said.get(action.pk, []):
            if t.witness_id in pseudonym:
                witness = pseudonym[t.witness_id]
            else:
                key = (t.witness_name, t.witness_organisation)
                witness = outsiders.setdefault(key, f"T{len(outsiders) + 1}")
            testimonies.append(
                {
                    "witness": witness,
                    "witness_organisation": t.witness_organisation,
                    "partners": t.partners,
                    "implementation": t.implementation,
                    "content": t.content,
                    "link_to_problem": t.link_to_problem,
                }
            )
        found.append(
            {
                "id": action.pk,
                "title": action.title,
                "description": action.description,
                "organisation": action.organisation,
                "partners": action.partners,
                "status": action.status,
                "testimonies": testimonies,
            }
        )
    return found


def _levers(workshop: Workshop) -> list[dict]:
    return [
        {
            "id": lever.pk,
            "kind": lever.kind,
            "title": lever.title,
            "description": lever.description,
            "due_on": _iso(lever.due_on),
            "source": lever.source,
        }
        for lever in Lever.objects.filter(workshop=workshop)
    ]


def _orientations(workshop: Workshop) -> list[dict]:
    orientations = list(
        Orientation.objects.filter(workshop=workshop)
        .select_related("synthesis", "priority_item")
        .prefetch_related("actions")
        .order_by("position", "id")
    )
    found = []
    for result in voting.orientation_results(orientations):
        o: Orientation = result["orientation"]
        found.append(
            {
                "id": o.pk,
                "subject": o.subject,
                "synthesis": o.synthesis_id,
                "priority_item": o.priority_item_id,
                "decision": o.decision,
                "voters": result["voters"],
                "build_on": result["counts"]["build_on"],
                "new": result["counts"]["new"],
                "actions": [a.title for a in o.actions.all()],
            }
        )
    return found


def _sheets(workshop: Workshop) -> list[dict]:
    return [{"table": read.sheet.number, "fields": read.values} for read in read_sheets(workshop)]


def _steps(workshop: Workshop) -> list[dict]:
    return [
        {
            "position": step.position,
            "kind": step.kind,
            "title": step.title,
            "planned_minutes": step.minutes,
            "started_at": _iso(step.started_at),
            "finished_at": _iso(step.finished_at),
            "actual_minutes": _minutes(step.started_at, step.finished_at),
        }
        for step in workshop.steps.order_by("position")
    ]


# --- CSV ---------------------------------------------------------------------------------------

WORKSHOP_KEYS = ("title", "question", "date", "place", "process", "status")
VOTE_KEYS = ("voters", "for", "live_with", "objection", "agreeing_percent")
POLL_RESULT_KEYS = ("dots", "median", "median_label", "judgments")
ACTION_KEYS = ("id", "title", "description", "organisation", "partners", "status")
TESTIMONY_KEYS = (
    "witness",
    "witness_organisation",
    "partners",
    "implementation",
    "content",
    "link_to_problem",
)
LEVER_KEYS = ("id", "kind", "title", "description", "due_on", "source")
ORIENTATION_KEYS = ("id", "subject", "synthesis", "priority_item", "decision", "voters")
ORIENTATION_KEYS += ("build_on", "new")
STEP_KEYS = (
    "position",
    "kind",
    "title",
    "planned_minutes",
    "started_at",
    "finished_at",
    "actual_minutes",
)

Table = tuple[list[str], list[list]]


def csv_tables(data: dict) -> dict[str, Table]:
    """The files of the ZIP: file name → (header, rows), all from `workshop_data`."""
    mood = data["mood"]
    return {
        "atelier.csv": (
            ["schema", *WORKSHOP_KEYS],
            [[data["schema"], *(data["workshop"][k] for k in WORKSHOP_KEYS)]],
        ),
        "items.csv": (
            ["id", "text", "proposals"],
            [[i["id"], i["text"], i["proposals"]] for i in data["priority_items"]],
        ),
        "participants.csv": (
            ["id", "organisation", "organisation_kind"],
            [[p["id"], p["organisation"], p["organisation_kind"]] for p in data["participants"]],
        ),
        "structures.csv": (
            ["organisation", "participants"],
            [[o["organisation"], o["participants"]] for o in data["organisations"]],
        ),
        "humeur.csv": (
            ["value", "label", "count"],
            [[lvl["value"], lvl["label"], lvl["count"]] for lvl in mood["levels"]],
        ),
        "humeur_mots.csv": (["word", "count"], [[m["word"], m["count"]] for m in mood["words"]]),
        "propositions.csv": (
            ["id", "text", "priority_item", "group"],
            [[p["id"], p["text"], p["priority_item"], p["group"]] for p in data["proposals"]],
        ),
        "syntheses.csv": (
            ["id", "group", "group_label", "text", "status", *VOTE_KEYS],
            [
                [s["id"], s["group"], s["group_label"], s["text"], s["status"]]
                + [(s["vote"] or {}).get(k) for k in VOTE_KEYS]
                for s in data["syntheses"]
            ],
        ),
        "votes.csv": (
            ["poll", "poll_title", "method", "voters", "rank", "option", *POLL_RESULT_KEYS],
            [
                [p["id"], p["title"], p["method"], p["voters"], r["rank"], r["option"]]
                + [r.get(k) for k in POLL_RESULT_KEYS]
                for p in data["polls"]
                for r in p["results"]
            ],
        ),
        "actions.csv": (list(ACTION_KEYS), [[a[k] for k in ACTION_KEYS] for a in data["actions"]]),
        "temoignages.csv": (
            ["action", *TESTIMONY_KEYS],
            [
                [a["id"], *(t[k] for k in TESTIMONY_KEYS)]
                for a in data["actions"]
                for t in a["testimonies"]
            ],
        ),
        "leviers.csv": (list(LEVER_KEYS), [[lv[k] for k in LEVER_KEYS] for lv in data["levers"]]),
        "orientations.csv": (
            [*ORIENTATION_KEYS, "actions"],
            [
                [o[k] for k in ORIENTATION_KEYS] + [" | ".join(o["actions"])]
                for o in data["orientations"]
            ],
        ),
        "fiches.csv": (
            ["table", "field", "value"],
            [
                [s["table"], name, " | ".join(value) if isinstance(value, list) else value]
                for s in data["sheets"]
                for name, value in s["fields"].items()
            ],
        ),
        "referents.csv": (
            ["position", "participant", "organisation"],
            [[r["position"], r["participant"], r["organisation"]] for r in data["referents"]],
        ),
        "sequences.csv": (list(STEP_KEYS), [[s[k] for k in STEP_KEYS] for s in data["steps"]]),
    }


def _csv(header: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def workshop_csv(workshop: Workshop) -> bytes:
    """A ZIP of `;`-separated UTF-8 CSV files (with a BOM, for spreadsheets), one per table."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, (header, rows) in csv_tables(workshop_data(workshop)).items():
            archive.writestr(name, _csv(header, rows))
    return buffer.getvalue()
