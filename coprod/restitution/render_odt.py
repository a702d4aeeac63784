"""The restitution as an OpenDocument text (ODT), for LibreOffice and the territories' offices.

A title page with the cover, then one level-1 heading per section (in a process's document,
one per workshop too, its facts and its sections at level 2): its intro, its items as
bullet lists (details and sub-items nested), its tables with a repeated header row, and each
chart as a table « libellé | valeur | barre » whose bar is made of « █ », so it prints in black
and white. Texts go in as text nodes: nothing in them is read as markup.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from io import BytesIO

from django.utils.translation import gettext as _
from odfdo import (
    Cell,
    Column,
    Header,
    HeaderRows,
    List,
    ListItem,
    PageBreak,
    Paragraph,
    Row,
    Span,
    Style,
)
from odfdo import Document as OdfDocument
from odfdo import Table as OdfTable

from .document import Chart, Cover, Document, Item, Part, Section, Table
from .text_bars import text_bars

LANGUAGES = {"fr": "fr-FR", "en": "en-GB"}

# Named styles added to the template's own (Heading_20_1…, Text_20_body, List_20_1).
TITLE = "Coprod_20_Title"
SUBTITLE = "Coprod_20_Subtitle"
COVER_LINE = "Coprod_20_Cover"
CAPTION = "Coprod_20_Caption"
STRONG = "Coprod_20_Strong"
HEAD_CELL = "Coprod_20_Head_20_Cell"
CELL = "Coprod_20_Cell"


def render(document: Document) -> bytes:
    odt = OdfDocument("text")
    odt.set_language(LANGUAGES.get(document.language, document.language))
    odt.meta.set_title(f"{document.cover.workshop} — {document.cover.process}")
    _add_styles(odt)
    body = odt.body
    body.clear()
    _cover(body, document.cover)
    names = (f"Tableau{number}" for number in itertools.count(1))
    for _number, level, block, _anchor in document.outline():
        if isinstance(block, Part):
            _part(body, block)
        else:
            _section(body, block, names, level)
    out = BytesIO()
    odt.save(out)
    return out.getvalue()


def _add_styles(odt: OdfDocument) -> None:
    border = "0.5pt solid #000000"
    styles = [
        Style("paragraph", TITLE, display_name="Coprod Title", parent_style="Heading",
              area="text", size="26pt", bold=True),
        Style("paragraph", SUBTITLE, display_name="Coprod Subtitle", parent_style="Text_20_body",
              area="text", size="16pt"),
        Style("paragraph", COVER_LINE, display_name="Coprod Cover", parent_style="Text_20_body",
              area="text", size="13pt"),
        Style("paragraph", CAPTION, display_name="Coprod Caption", parent_style="Text_20_body",
              area="text", italic=True),
        Style("text", STRONG, display_name="Coprod Strong", area="text", bold=True),
        Style("table-cell", HEAD_CELL, border=border, padding="0.08cm",
              background_color="#e6e6e6"),
        Style("table-cell", CELL, border=border, padding="0.08cm"),
    ]  # fmt: skip
    # Bold header cells: the text properties of a cell style, beside its cell properties.
    styles[-2].set_properties(area="text", properties={"fo:font-weight": "bold"})
    for style in styles:
        odt.insert_style(style, automatic=False)
    for level, size in ((1, "18pt"), (2, "15pt")):
        heading = odt.get_style("paragraph", f"Heading_20_{level}")
        if heading is not None:
            heading.set_properties(area="text", size=size)
    odt.add_page_break_style()


def _cover(body, cover: Cover) -> None:
    body.append(Paragraph(cover.workshop, style=TITLE))
    body.append(Paragraph(cover.process, style=SUBTITLE))
    if cover.question:
        body.append(Paragraph(cover.question, style=SUBTITLE))
    for line in (cover.date, cover.place, cover.status):
        if line:
            body.append(Paragraph(line, style=COVER_LINE))
    body.append(PageBreak())


def _part(body, part: Part) -> None:
    body.append(_heading(1, part.title))
    for label, text in part.facts:
        line = Paragraph(style="Text_20_body")
        line.append(Span(f"{label}\u00a0: ", style=STRONG))
        line.append_plain_text(text)
        body.append(line)


def _section(body, section: Section, names: Iterator[str], level: int = 1) -> None:
    body.append(_heading(level, section.title))
    if section.intro:
        body.append(Paragraph(section.intro, style="Text_20_body"))
    if section.items:
        body.append(_list(section.items))
    for table in section.tables:
        _table(body, table, next(names))
    for chart in section.charts:
        _chart(body, chart, next(names))


def _heading(level: int, text: str) -> Header:
    heading = Header(level, text)
    # odfdo's Header ignores its `style` argument: without it LibreOffice shows a plain line.
    heading.set_attribute("text:style-name", f"Heading_20_{level}")
    return heading


def _list(items: list[Item]) -> List:
    bullets = List(style="List_20_1")
    for item in items:
        entry = ListItem()
        title = Paragraph(style="Text_20_body")
        title.append(Span(item.title, style=STRONG))
        entry.append(title)
        if item.text:
            entry.append(Paragraph(item.text, style="Text_20_body"))
        if item.details:
            details = List(style="List_20_1")
            for label, text in item.details:
                line = Paragraph(style="Text_20_body")
                line.append(Span(f"{label}\u00a0: ", style=STRONG))
                line.append_plain_text(text)
                details.append(ListItem(line))
            entry.append(details)
        if item.children:
            entry.append(_list(item.children))
        bullets.append(entry)
    return bullets


def _table(body, table: Table, name: str) -> None:
    if table.caption:
        body.append(Paragraph(table.caption, style=CAPTION))
    body.append(_grid(table.header, table.rows, name))


def _chart(body, chart: Chart, name: str) -> None:
    body.append(Paragraph(chart.title, style=CAPTION))
    values = [bar.value for bar in chart.bars]
    header = [_("Libellé"), chart.unit.capitalize() or _("Valeur"), ""]
    rows = [
        [bar.label, bar.value, drawn]
        for bar, drawn in zip(chart.bars, text_bars(values), strict=True)
    ]
    body.append(_grid(header, rows, name))


def _grid(header: list[str], rows: list[list], name: str) -> OdfTable:
    width = max([len(header)] + [len(row) for row in rows])
    grid = OdfTable(name)
    for _index in range(width):
        grid.append(Column())
    head = HeaderRows()
    head.append(_row(header, width, HEAD_CELL))
    grid.append(head)
    for row in rows:
        grid.append(_row(row, width, CELL))
    return grid


def _row(values: list, width: int, style: str) -> Row:
    row = Row()
    for index in range(width):
        value = values[index] if index < len(values) else ""
        row.append(Cell(value, style=style))
    return row
