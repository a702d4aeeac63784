"""The restitution as a Word document (DOCX), for the offices that only open those.

The same layout as the ODT: a title page with the cover, a level-1 heading per section (and per
workshop of a process, its sections at level 2), items as bullet lists (details and sub-items
one level deeper), tables in « Table Grid » with a repeated bold header row, charts as tables
« libellé | valeur | barre » drawn with « █ ».
python-docx writes every text as a text run: nothing in it is read as markup.
"""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from docx import Document as new_docx
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from .document import Chart, Cover, Document, Item, Part, Section, Table
from .text_bars import text_bars

LANGUAGES = {"fr": "fr-FR", "en": "en-GB"}
BULLETS = ["List Bullet", "List Bullet 2", "List Bullet 3"]


def render(document: Document) -> bytes:
    docx = new_docx()
    language = LANGUAGES.get(document.language, document.language)
    _set_language(docx, language)
    properties = docx.core_properties
    properties.title = f"{document.cover.workshop} — {document.cover.process}"
    properties.subject = document.cover.question
    properties.language = language
    _cover(docx, document.cover)
    for _number, level, block, _anchor in document.outline():
        if isinstance(block, Part):
            _part(docx, block)
        else:
            _section(docx, block, level)
    out = BytesIO()
    docx.save(out)
    return out.getvalue()


def _set_language(docx, language: str) -> None:
    """The spelling language of every style: the default run properties of the document."""
    defaults = docx.styles.element.find(qn("w:docDefaults"))
    run = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = run.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run.append(lang)
    lang.set(qn("w:val"), language)


def _cover(docx, cover: Cover) -> None:
    docx.add_paragraph(cover.workshop, style="Title")
    docx.add_paragraph(cover.process, style="Subtitle")
    if cover.question:
        docx.add_paragraph(cover.question, style="Subtitle")
    for line in (cover.date, cover.place, cover.status):
        if line:
            paragraph = docx.add_paragraph()
            paragraph.add_run(line).font.size = Pt(13)
    docx.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _part(docx, part: Part) -> None:
    docx.add_heading(part.title, level=1)
    for label, text in part.facts:
        paragraph = docx.add_paragraph()
        paragraph.add_run(f"{label}\u00a0: ").bold = True
        paragraph.add_run(text)


def _section(docx, section: Section, level: int = 1) -> None:
    docx.add_heading(section.title, level=level)
    if section.intro:
        docx.add_paragraph(section.intro)
    _items(docx, section.items, 0)
    for table in section.tables:
        _table(docx, table)
    for chart in section.charts:
        _chart(docx, chart)


def _items(docx, items: list[Item], depth: int) -> None:
    style = BULLETS[min(depth, len(BULLETS) - 1)]
    inner = BULLETS[min(depth + 1, len(BULLETS) - 1)]
    for item in items:
        paragraph = docx.add_paragraph(style=style)
        paragraph.add_run(item.title).bold = True
        if item.text:
            paragraph.add_run("\n" + item.text)
        for label, text in item.details:
            detail = docx.add_paragraph(style=inner)
            detail.add_run(f"{label}\u00a0: ").bold = True
            detail.add_run(text)
        _items(docx, item.children, depth + 1)


def _table(docx, table: Table) -> None:
    if table.caption:
        docx.add_paragraph(table.caption, style="Caption")
    _grid(docx, table.header, table.rows)


def _chart(docx, chart: Chart) -> None:
    docx.add_paragraph(chart.title, style="Caption")
    header = [_("Libellé"), chart.unit.capitalize() or _("Valeur"), ""]
    drawn = text_bars([bar.value for bar in chart.bars])
    rows = [[bar.label, str(bar.value), line] for bar, line in zip(chart.bars, drawn, strict=True)]
    _grid(docx, header, rows)


def _grid(docx, header: list[str], rows: list[list[str]]) -> None:
    width = max([len(header)] + [len(row) for row in rows])
    grid = docx.add_table(rows=1 + len(rows), cols=width)
    grid.style = "Table Grid"
    for index, cells in enumerate([header, *rows]):
        row = grid.rows[index]
        for column in range(width):
            run = (
                row.cells[column]
                .paragraphs[0]
                .add_run(cells[column] if column < len(cells) else "")
            )
            run.bold = index == 0 or None
    _repeat_header(grid.rows[0])
    docx.add_paragraph()


def _repeat_header(row) -> None:
    """The header row comes back at the top of each page the table runs over."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
