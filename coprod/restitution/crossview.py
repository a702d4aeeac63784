"""The cross-workshop view of a process: priority item → syntheses of each workshop → projects.

A synthesis belongs to every priority item its group's visible proposals are linked to (a group
may mix items); a project (action sheet) hangs on the synthesis it was started from, directly
or through its orientation, or straight on an item when its orientation was about the item.
Read-only and bounded: five queries whatever the number of workshops.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from coprod.action_sheets.models import FieldValue, Sheet
from coprod.grouping.models import Placement, Synthesis
from coprod.processes.models import PriorityItem, Process
from coprod.workshops.models import Workshop


@dataclass
class Project:
    sheet_id: int
    workshop_id: int
    table: int
    title: str  # the sheet's title, empty if not written yet


@dataclass
class LinkedSynthesis:
    synthesis_id: int
    workshop_id: int
    text: str
    status: str  # Synthesis.Status value
    status_label: str
    on_item: int  # its visible proposals linked to this item
    proposals: int  # all its visible proposals
    projects: list[Project] = field(default_factory=list)


@dataclass
class ItemView:
    item_id: int | None  # None: syntheses whose proposals have no priority item
    text: str
    syntheses: list[LinkedSynthesis] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)  # started from the item itself

    @property
    def all_projects(self) -> list[Project]:
        return self.projects + [p for s in self.syntheses for p in s.projects]

    @property
    def workshop_ids(self) -> set[int]:
        return {s.workshop_id for s in self.syntheses} | {p.workshop_id for p in self.projects}


def workshops_of(process: Process) -> list[Workshop]:
    """The process's workshops in the order they took place (date, then creation), undated last."""
    workshops = list(Workshop.objects.filter(process=process).select_related("process"))

    def when(workshop: Workshop):
        moment = workshop.starts_at or workshop.started_at
        return (moment is None, moment.timestamp() if moment else 0, workshop.pk)

    return sorted(workshops, key=when)


def cross_view(process: Process, workshops: list[Workshop]) -> list[ItemView]:
    """One entry per priority item of the process (in its order), then one for syntheses linked
    to no item if there are any. Syntheses in workshop order, then in their workshop's order."""
    rank = {w.pk: n for n, w in enumerate(workshops)}
    syntheses = sorted(
        Synthesis.objects.filter(cluster__workshop__in=workshops)
        .exclude(status=Synthesis.Status.DRAFT)
        .select_related("cluster"),
        key=lambda s: (rank[s.cluster.workshop_id], s.cluster.position, s.cluster_id),
    )
    by_cluster = {s.cluster_id: s for s in syntheses}
    on_item: dict[int, Counter] = defaultdict(Counter)  # synthesis id → item id → proposals
    for cluster_id, item_id in Placement.objects.filter(
        cluster_id__in=list(by_cluster), proposal__hidden=False
    ).values_list("cluster_id", "proposal__priority_item_id"):
        on_item[by_cluster[cluster_id].pk][item_id] += 1
    from_synthesis, from_item = _projects(workshops)

    views = [
        ItemView(item.pk, item.text)
        for item in PriorityItem.objects.filter(process=process).order_by("position", "id")
    ]
    loose = ItemView(None, "")
    by_item = {view.item_id: view for view in views}
    for synthesis in syntheses:
        counts = on_item.get(synthesis.pk, Counter())
        for item_id, n in counts.items():
            view = by_item.get(item_id, loose)
            view.syntheses.append(
                LinkedSynthesis(
                    synthesis_id=synthesis.pk,
                    workshop_id=synthesis.cluster.workshop_id,
                    text=synthesis.text,
                    status=synthesis.status,
                    status_label=str(synthesis.get_status_display()),
                    on_item=n,
                    proposals=sum(counts.values()),
                    projects=from_synthesis.get(synthesis.pk, []),
                )
            )
    for item_id, projects in from_item.items():
        by_item.get(item_id, loose).projects.extend(projects)
    return views + ([loose] if loose.syntheses or loose.projects else [])


def _projects(workshops: list[Workshop]) -> tuple[dict[int, list[Project]], dict[int, list]]:
    """The sheets by the synthesis they started from, and those started from an item alone."""
    rank = {w.pk: n for n, w in enumerate(workshops)}
    sheets = sorted(
        Sheet.objects.filter(workshop__in=workshops).select_related("orientation"),
        key=lambda s: (rank[s.workshop_id], s.number, s.pk),
    )
    titles = dict(
        FieldValue.objects.filter(sheet__in=sheets, name="title").values_list("sheet_id", "value")
    )
    from_synthesis: dict[int, list[Project]] = defaultdict(list)
    from_item: dict[int, list[Project]] = defaultdict(list)
    for sheet in sheets:
        project = Project(sheet.pk, sheet.workshop_id, sheet.number, titles.get(sheet.pk, ""))
        orientation = sheet.orientation
        synthesis_id = sheet.synthesis_id or (orientation.synthesis_id if orientation else None)
        if synthesis_id:
            from_synthesis[synthesis_id].append(project)
        elif orientation and orientation.priority_item_id:
            from_item[orientation.priority_item_id].append(project)
    return from_synthesis, from_item
