"""The restitution as a Word document (DOCX), for the offices that only open those.

The same layout as the ODT: A4 pages with 2 cm margins, « Page n sur N » below every page but
the title page; a title page with the cover, a numbered level-1 heading per section (and per
workshop of a process, on a new page, its sections at level 2) in Word's built-in « Heading »
styles, items as built-in « List Bullet » lists (details and sub-items one level deeper),
tables in « Table Grid » with a repeated bold header row, rows that never split across pages
and columns as wide as their texts need (`layout.column_widths`), charts as tables
« libellé | valeur | barre » drawn with « █ ».
python-docx writes every text as a text run: nothing in it is read as markup.
"""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from . import layout
from .document import Chart, Cover, Document, Item, Part, Section, Table
from .text_bars import text_bars

LANGUAGES = {"fr": "fr-FR", "en": "en-GB"}
BULLETS = ["List Bullet", "List Bullet 2", "List Bullet 3"]
CELL_SIZE = Pt(9.5)


def render(document: Document) -> bytes:
    docx = new_docx()
    language = LANGUAGES.get(document.language, document.language)
    _set_language(docx, language)
    properties = docx.core_properties
    properties.title = f"{document.cover.workshop} — {document.cover.process}"
    properties.subject = document.cover.question
    properties.language = language
    _cover(docx, document.cover)
    for number, level, block, _anchor in document.outline():
        if isinstance(block, Part):
            _part(docx, number, block)
        else:
            _section(docx, number, block, level)
    for section in docx.sections:
        _page(section)
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


def _page(section) -> None:
    """A4, portrait, 2 cm margins (python-docx's template is US Letter); the page number at the
    foot of every page but the title page."""
    section.page_width = Cm(layout.PAGE_WIDTH_CM)
    section.page_height = Cm(layout.PAGE_HEIGHT_CM)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Cm(layout.MARGIN_CM))
    section.different_first_page_header_footer = True
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(_("Page") + " ")
    _field(footer, "PAGE")
    footer.add_run(" " + _("sur") + " ")
    _field(footer, "NUMPAGES")


def _field(paragraph, code: str) -> None:
    """A field Word (and LibreOffice) computes when it lays the pages out."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), code)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


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


def _part(docx, number: str, part: Part) -> None:
    docx.add_heading(f"{number}. {part.title}", level=1).paragraph_format.page_break_before = True
    for label, text in part.facts:
        paragraph = docx.add_paragraph()
        paragraph.add_run(f"{label}\u00a0: ").bold = True
        paragraph.add_run(text)


def _section(docx, number: str, section: Section, level: int = 1) -> None:
    docx.add_heading(f"{number}. {section.title}", level=level)
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
        _caption(docx, table.caption)
    _grid(docx, table.header, table.rows)


def _chart(docx, chart: Chart) -> None:
    _caption(docx, chart.title)
    header = [_("Libellé"), chart.unit.capitalize() or _("Valeur"), ""]
    drawn = text_bars([bar.value for bar in chart.bars])
    rows = [[bar.label, str(bar.value), line] for bar, line in zip(chart.bars, drawn, strict=True)]
    _grid(docx, header, rows)


def _caption(docx, text: str) -> None:
    docx.add_paragraph(text, style="Caption").paragraph_format.keep_with_next = True


def _grid(docx, header: list[str], rows: list[list[str]]) -> None:
    widths = [Cm(share * layout.TEXT_WIDTH_CM) for share in layout.column_widths(header, rows)]
    grid = docx.add_table(rows=1 + len(rows), cols=len(widths))
    grid.style = "Table Grid"
    grid.autofit = False
    short = len(rows) <= layout.SHORT_TABLE
    for index, cells in enumerate([header, *rows]):
        row = grid.rows[index]
        _keep_row_whole(row)
        for column, width in enumerate(widths):
            cell = row.cells[column]
            cell.width = width
            paragraph = cell.paragraphs[0]
            # A short table stays on one page: each row keeps with the next one.
            paragraph.paragraph_format.keep_with_next = short and index < len(rows)
            run = paragraph.add_run(cells[column] if column < len(cells) else "")
            run.bold = index == 0 or None
            run.font.size = CELL_SIZE
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    _repeat_header(grid.rows[0])
    docx.add_paragraph()


def _keep_row_whole(row) -> None:
    """The row is never cut by a page break."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _repeat_header(row) -> None:
    """The header row comes back at the top of each page the table runs over."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
