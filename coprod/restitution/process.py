"""The restitution of a whole process: every workshop of it in one `Document`.

A cover, then two sections of its own (the workshops and who presents each; the cross-workshop
view priority item → syntheses → projects), then one `Part` per workshop, in the order they took
place: its title, its facts (« Présenté par » its duo of referents, as its own document shows
them), and its own document's sections (`assembly.build`), one heading level down.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coprod.grouping.models import Synthesis
from coprod.processes.models import Process
from coprod.workshops.models import Workshop

from . import assembly, crossview
from .assembly import EMPTY, french_date, french_datetime, typeset
from .document import Cover, Document, Item, Part, Section, Table


def build(
    process: Process,
    *,
    public: bool = False,
    named: Collection[int] | None = None,
    now: datetime | None = None,
) -> Document:
    """The process's restitution. A workshop's participants are named (as in its own full
    document) only when not `public` and the workshop is in `named` (ids; None: all of them)."""
    now = now or timezone.now()
    workshops = crossview.workshops_of(process)
    documents = [
        assembly.build(w, public=public or (named is not None and w.pk not in named), now=now)
        for w in workshops
    ]
    duos = [_duo(document) for document in documents]
    views = crossview.cross_view(process, workshops)
    titles = {w.pk: w.title for w in workshops}
    return Document(
        cover=typeset(_cover(process, workshops, now)),
        sections=typeset([_workshops(workshops, documents, duos), _cross(views, titles)]),
        parts=[
            Part(
                key=f"atelier-{number}",
                title=typeset(document.cover.workshop),
                facts=typeset(_facts(document, duo)),
                sections=document.sections,
            )
            for number, (document, duo) in enumerate(zip(documents, duos, strict=True), start=1)
        ],
    )


def _duo(document: Document) -> str:
    """The workshop's referents as its document names them: « A (structure) et B (…) »."""
    section = document.section("referents")
    names = [item.title for item in section.items] if section else []
    if not names:
        return _("duo de référents pas encore désigné")
    if len(names) == 1:
        return names[0]
    return _("%(first)s et %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def _facts(document: Document, duo: str) -> list[tuple[str, str]]:
    cover = document.cover
    facts = [
        (_("Présenté par"), duo),
        (_("Question"), cover.question or EMPTY),
        (_("Date"), cover.date),
        (_("Lieu"), cover.place),
        (_("État"), cover.status),
    ]
    return [(label, value) for label, value in facts if value]


def _cover(process: Process, workshops: list[Workshop], now: datetime) -> Cover:
    days = sorted(
        timezone.localtime(moment).date()
        for moment in (w.starts_at or w.started_at for w in workshops)
        if moment
    )
    if not days:
        when = EMPTY
    elif days[0] == days[-1]:
        when = french_date(days[0])
    else:
        when = _("du %(first)s au %(last)s") % {
            "first": french_date(days[0]),
            "last": french_date(days[-1]),
        }
    places = list(dict.fromkeys(w.place.strip() for w in workshops if w.place.strip()))
    if workshops and all(w.status == Workshop.Status.ENDED for w in workshops):
        status = _("document final")
    else:
        status = _("document provisoire, généré le %(when)s") % {"when": french_datetime(now)}
    count = ngettext(
        "%(n)d atelier de co-production", "%(n)d ateliers de co-production", len(workshops)
    ) % {"n": len(workshops)}
    return Cover(
        process=_("Restitution de la démarche"),
        workshop=process.title,
        question=f"{process.description.strip()} — {count}" if process.description else count,
        date=when,
        place=", ".join(places) or EMPTY,
        status=status,
    )


def _workshops(workshops: list[Workshop], documents: list[Document], duos: list[str]) -> Section:
    rows = [
        [
            str(number),
            document.cover.workshop,
            document.cover.date,
            document.cover.place or EMPTY,
            duo,
        ]
        for number, (document, duo) in enumerate(zip(documents, duos, strict=True), start=1)
    ]
    return Section(
        key="workshops",
        title=_("Les ateliers de la démarche"),
        intro=_(
            "Chaque atelier est présenté par son duo de référents, dans l'ordre où ils ont eu lieu."
        ),
        tables=[
            Table(
                caption=_("Ateliers"),
                header=[_("N°"), _("Atelier"), _("Date"), _("Lieu"), _("Présenté par")],
                rows=rows,
            )
        ],
    )


def _project(project: crossview.Project, *, alone: bool = False) -> Item:
    title = project.title or _("Fiche %(n)d") % {"n": project.table}
    return Item(
        title=_("Projet : %(title)s (table %(n)d)") % {"title": title, "n": project.table},
        text=_("parti de l'item lui-même") if alone else "",
    )


def _synthesis(linked: crossview.LinkedSynthesis) -> Item:
    return Item(
        title=linked.text,
        # One line rather than details: a process holds hundreds of these.
        text=ngettext(
            "%(status)s ; sa proposition porte sur cet item",
            "%(status)s ; %(n)d de ses %(total)d propositions sur cet item",
            linked.proposals,
        )
        % {"status": linked.status_label, "n": linked.on_item, "total": linked.proposals},
        children=[_project(p) for p in linked.projects],
    )


def _by_workshop(view: crossview.ItemView, titles: dict[int, str]) -> list[Item]:
    """The item's syntheses (and projects started from the item) under their workshop's title,
    workshops in the order they took place."""
    found: dict[int, list[Item]] = {pk: [] for pk in titles}
    for linked in view.syntheses:
        found[linked.workshop_id].append(_synthesis(linked))
    for project in view.projects:
        found[project.workshop_id].append(_project(project, alone=True))
    return [Item(title=titles[pk], children=children) for pk, children in found.items() if children]


def _counts(view: crossview.ItemView) -> tuple[int, int, int, int]:
    validated = sum(1 for s in view.syntheses if s.status == Synthesis.Status.VALIDATED)
    return len(view.workshop_ids), len(view.syntheses), validated, len(view.all_projects)


def _cross(views: list[crossview.ItemView], titles: dict[int, str]) -> Section:
    items, rows = [], []
    for view in views:
        text = view.text or _("Sans item plébiscité")
        workshops, syntheses, validated, projects = _counts(view)
        rows.append([text, str(workshops), str(syntheses), str(validated), str(projects)])
        summary = ", ".join(
            [
                ngettext("%(n)d atelier", "%(n)d ateliers", workshops) % {"n": workshops},
                ngettext("%(n)d synthèse", "%(n)d synthèses", syntheses) % {"n": syntheses}
                + " "
                + ngettext("dont %(n)d validée", "dont %(n)d validées", validated)
                % {"n": validated},
                ngettext("%(n)d projet", "%(n)d projets", projects) % {"n": projects},
            ]
        )
        items.append(Item(title=text, text=summary, children=_by_workshop(view, titles)))
    return Section(
        key="crossview",
        title=_("Des items plébiscités aux projets"),
        intro=_(
            "Pour chaque item plébiscité, les synthèses de chaque atelier nées de propositions "
            "qui s'y rattachent, et les projets (fiches action) construits à partir d'elles."
        ),
        items=items,
        tables=[
            Table(
                caption=_("Récapitulatif par item plébiscité"),
                header=[
                    _("Item plébiscité"),
                    _("Ateliers"),
                    _("Synthèses"),
                    _("Validées"),
                    _("Projets"),
                ],
                rows=rows,
            )
        ],
    )
