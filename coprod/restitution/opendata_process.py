"""A whole process's results as open data: JSON, or a ZIP of CSV files (docs/open-data.md).

Every workshop's data is `opendata.workshop_data`, numbered in the order the workshops took
place (1 to N), with its pseudonyms made unique in the process: `P3` and `T1` of workshop 2
become `A2-P3` and `A2-T1`. Participants' names are never exported, whatever a workshop's own
export would carry. Then the process, its priority items and the cross-workshop links
(priority item → synthesis → project) from `crossview`.
"""

from __future__ import annotations

import io
import re
import zipfile

from django.utils import timezone

from coprod.grouping.models import Synthesis
from coprod.processes.models import Process

from . import crossview, opendata

SCHEMA = opendata.SCHEMA
PSEUDONYM = re.compile(r"^[PT]\d+$")
PSEUDONYM_KEYS = {"id", "participant", "witness"}  # where a workshop's export puts pseudonyms
PEOPLE = ("participants", "referents")  # lists about people: no key with a name in them


def process_data(process: Process) -> dict:
    """Every workshop of the process and the links between them, JSON-serialisable, no names."""
    workshops = crossview.workshops_of(process)
    numbers = {w.pk: n for n, w in enumerate(workshops, start=1)}
    views = crossview.cross_view(process, workshops)
    found = []
    for workshop in workshops:
        data = opendata.workshop_data(workshop)
        data.pop("schema", None)
        data.pop("generated_at", None)
        found.append(
            {"number": numbers[workshop.pk], "id": workshop.pk}
            | _unique(data, numbers[workshop.pk])
        )
    return {
        "schema": SCHEMA,
        "generated_at": opendata._iso(timezone.now()),
        "process": {
            "id": process.pk,
            "title": process.title,
            "description": process.description,
            "workshops": len(workshops),
        },
        "priority_items": [_item(view, numbers) for view in views if view.item_id is not None],
        "crossview": [_view(view, numbers) for view in views],
        "workshops": found,
    }


def _unique(data: dict, number: int) -> dict:
    """The workshop's data with its pseudonyms prefixed by its number, and no name at all."""

    def walk(value, key=""):
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, key) for v in value]
        if key in PSEUDONYM_KEYS and isinstance(value, str) and PSEUDONYM.match(value):
            return f"A{number}-{value}"
        return value

    data = walk(data)
    for people in PEOPLE:
        data[people] = [
            {k: v for k, v in person.items() if "name" not in k} for person in data.get(people, [])
        ]
    return data


def _project(project: crossview.Project, numbers: dict[int, int]) -> dict:
    return {
        "workshop": numbers[project.workshop_id],
        "table": project.table,
        "title": project.title,
    }


def _item(view: crossview.ItemView, numbers: dict[int, int]) -> dict:
    return {
        "id": view.item_id,
        "text": view.text,
        "workshops": sorted(numbers[pk] for pk in view.workshop_ids),
        "syntheses": len(view.syntheses),
        "validated": sum(1 for s in view.syntheses if s.status == Synthesis.Status.VALIDATED),
        "projects": len(view.all_projects),
    }


def _view(view: crossview.ItemView, numbers: dict[int, int]) -> dict:
    return {
        "priority_item": view.item_id,
        "syntheses": [
            {
                "workshop": numbers[s.workshop_id],
                "id": s.synthesis_id,
                "text": s.text,
                "status": s.status,
                "proposals_on_item": s.on_item,
                "proposals": s.proposals,
                "projects": [_project(p, numbers) for p in s.projects],
            }
            for s in view.syntheses
        ],
        "projects": [_project(p, numbers) for p in view.projects],
    }


# --- CSV ---------------------------------------------------------------------------------------

ITEM_KEYS = ("id", "text", "syntheses", "validated", "projects")
LINK_HEADER = [
    "priority_item",
    "workshop",
    "synthesis",
    "synthesis_text",
    "synthesis_status",
    "proposals_on_item",
    "project_table",
    "project_title",
]


def _links(data: dict) -> list[list]:
    """One row per item × synthesis × project (a synthesis without project: one row, no
    project; a project started from the item itself: no synthesis)."""
    rows = []
    for view in data["crossview"]:
        item = view["priority_item"]
        for s in view["syntheses"]:
            head = [item, s["workshop"], s["id"], s["text"], s["status"], s["proposals_on_item"]]
            for p in s["projects"] or [None]:
                rows.append(head + ([p["table"], p["title"]] if p else [None, None]))
        for p in view["projects"]:
            rows.append([item, p["workshop"], None, None, None, None, p["table"], p["title"]])
    return rows


def csv_tables(data: dict) -> dict[str, opendata.Table]:
    """The process's own files, then every file of a workshop's ZIP with the rows of all the
    workshops and a first column `atelier` (the workshop's number in the process)."""
    process = data["process"]
    tables: dict[str, opendata.Table] = {
        "demarche.csv": (
            ["schema", "id", "title", "description", "workshops"],
            [
                [
                    data["schema"],
                    process["id"],
                    process["title"],
                    process["description"],
                    process["workshops"],
                ]
            ],
        ),  # fmt: skip
        "demarche_items.csv": (
            [*ITEM_KEYS, "workshops"],
            [
                [i[k] for k in ITEM_KEYS] + [" | ".join(str(n) for n in i["workshops"])]
                for i in data["priority_items"]
            ],
        ),
        "demarche_liens.csv": (LINK_HEADER, _links(data)),
    }
    for workshop in data["workshops"]:
        files = opendata.csv_tables({"schema": data["schema"], **workshop})
        for name, (header, rows) in files.items():
            merged = tables.setdefault(name, (["atelier", *header], []))
            merged[1].extend([workshop["number"], *row] for row in rows)
    return tables


def process_csv(process: Process) -> bytes:
    """A ZIP of `;`-separated UTF-8 CSV files, as a workshop's (`opendata.workshop_csv`)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, (header, rows) in csv_tables(process_data(process)).items():
            archive.writestr(name, opendata._csv(header, rows))
    return buffer.getvalue()
