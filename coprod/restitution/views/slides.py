"""Slides for the restitution session: the public document, one screen at a time, on the projector.

One self-contained page (styles and `slides.js` inlined) so that the browser's « save page »
keeps a copy that works offline. Without JavaScript every slide is shown one after another.
Long sections are split: an overview then one slide per synthesis or per sheet, a few items or
table rows per slide, one chart per slide.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coprod.workshops.models import Workshop

from ..document import Chart, Cover, Document, Item, Section, Table

# Sections whose every item is a slide of its own, after an overview of their titles.
ONE_PER_SLIDE = {"syntheses", "sheets"}
ITEMS_PER_SLIDE = 6
TITLES_PER_SLIDE = 8
ROWS_PER_SLIDE = 6

SCRIPT = Path(__file__).resolve().parents[1] / "static" / "restitution" / "slides.js"


@dataclass
class Slide:
    title: str
    kicker: str = ""  # the section an item's slide belongs to
    intro: str = ""
    cover: Cover | None = None
    item: Item | None = None  # shown whole: text, details, sub-items
    items: list[Item] = field(default_factory=list)
    titles_only: bool = False  # an overview: the items' titles
    table: Table | None = None
    chart: Chart | None = None


def _chunks(things: list, size: int) -> list[list]:
    """`things` in as few slides as `size` allows, evenly filled (9 rows: 5 and 4, not 8 and 1)."""
    if not things:
        return []
    parts = -(-len(things) // size)
    each = -(-len(things) // parts)
    return [things[i : i + each] for i in range(0, len(things), each)]


def _section_slides(section: Section) -> list[Slide]:
    parts: list[Slide] = []
    if section.key in ONE_PER_SLIDE and section.items:
        for chunk in _chunks(section.items, TITLES_PER_SLIDE):
            parts.append(Slide(section.title, items=chunk, titles_only=True))
    else:
        for chunk in _chunks(section.items, ITEMS_PER_SLIDE):
            parts.append(Slide(section.title, items=chunk))
    for table in section.tables:
        for rows in _chunks(table.rows, ROWS_PER_SLIDE) or [[]]:
            parts.append(Slide(section.title, table=Table(table.caption, table.header, rows)))
    for chart in section.charts:
        parts.append(Slide(section.title, chart=chart))
    if not parts:
        parts.append(Slide(section.title))
    parts[0].intro = section.intro
    if len(parts) > 1:
        for number, part in enumerate(parts, 1):
            part.title = f"{section.title} ({number}/{len(parts)})"
    if section.key in ONE_PER_SLIDE:
        parts += [Slide(item.title, kicker=section.title, item=item) for item in section.items]
    return parts


def slides_of(document: Document) -> list[Slide]:
    """The cover, then every section's slides, in the document's order."""
    slides = [Slide(document.cover.workshop, cover=document.cover)]
    for section in document.sections:
        slides += _section_slides(section)
    return slides


def build_document(workshop: Workshop) -> Document:
    """The public restitution (no participant's name: the room may hold anyone)."""
    from .. import assembly

    return assembly.build(workshop, public=True)


@functools.cache
def _script() -> str:
    return SCRIPT.read_text(encoding="utf-8")


@login_required
@require_GET
def slides(request, workshop_id):
    workshop = get_object_or_404(Workshop.objects.select_related("process"), pk=workshop_id)
    if not request.user.has_perm("workshops.run_workshop", workshop):
        raise PermissionDenied(
            _("Le diaporama de restitution est réservé aux animateurs et aux chargés de mission.")
        )
    document = build_document(workshop)
    return render(
        request,
        "restitution/slides.html",
        {
            "workshop": workshop,
            "document": document,
            "slides": slides_of(document),
            # Our own file, inlined so that a saved copy of the page works offline.
            "script": mark_safe(_script()),  # noqa: S308
        },
    )
