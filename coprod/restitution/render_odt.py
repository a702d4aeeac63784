"""The restitution as an OpenDocument text (ODT), for LibreOffice and the territories' offices.

An A4 page numbered « Page n sur N » at its foot (not the title page). A title page with the
cover, then one level-1 heading per section (in a process's document, one per workshop too, its
facts and its sections at level 2), numbered as `Document.outline` numbers them (« 3.2. »; the
word processor's own outline numbering is turned off, so a number is never printed twice or
glued to the title): its intro, its items as bullet lists (details and sub-items nested, each
level indented, a tab between bullet and text), its tables with borders, columns as wide as
their texts need, rows that never split across pages and a repeated header row, and each chart
as a table « libellé | valeur | barre » whose bar is made of « █ », so it prints in black and
white. Texts go in as text nodes: nothing in them is read as markup.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from io import BytesIO

from django.utils.translation import gettext as _
from odfdo import (
    Cell,
    Column,
    Element,
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

from . import layout
from .document import Chart, Cover, Document, Item, Part, Section, Table
from .text_bars import text_bars

LANGUAGES = {"fr": "fr-FR", "en": "en-GB"}

# Named styles added to the template's own (Heading_20_1…, Text_20_body).
TITLE = "Coprod_20_Title"
SUBTITLE = "Coprod_20_Subtitle"
COVER_LINE = "Coprod_20_Cover"
CAPTION = "Coprod_20_Caption"
STRONG = "Coprod_20_Strong"
LIST_LINE = "Coprod_20_List"
CELL_TEXT = "Coprod_20_Cell_20_Text"
HEAD_TEXT = "Coprod_20_Head_20_Text"
FOOTER = "Coprod_20_Footer"
PART = "Coprod_20_Part"  # a workshop's heading in a process's document: on a new page
BULLETS = "Coprod_20_Bullets"
FIRST_PAGE = "Coprod_20_First_20_Page"
# Automatic styles of the tables (LibreOffice reads a table's styles only from there).
HEAD_CELL = "CoprodHeadCell"
CELL = "CoprodCell"
ROW = "CoprodRow"

BULLET_CHARS = ["•", "–", "◦", "▪"]
INDENT_CM = 0.6


def render(document: Document) -> bytes:
    odt = OdfDocument("text")
    odt.set_language(LANGUAGES.get(document.language, document.language))
    odt.meta.set_title(f"{document.cover.workshop} — {document.cover.process}")
    _page(odt)
    _add_styles(odt)
    body = odt.body
    body.clear()
    _cover(body, document.cover)
    names = (f"Tableau{number}" for number in itertools.count(1))
    for number, level, block, _anchor in document.outline():
        if isinstance(block, Part):
            _part(body, number, block)
        else:
            _section(odt, block, names, number, level)
    out = BytesIO()
    odt.save(out)
    return out.getvalue()


def _page(odt: OdfDocument) -> None:
    """A4 with 2 cm margins, the page number at the foot of every page but the title page."""
    margin = f"{layout.MARGIN_CM}cm"
    for page in odt.styles.get_elements("//style:page-layout"):
        properties = page.get_element("style:page-layout-properties")
        properties.set_attribute("fo:page-width", f"{layout.PAGE_WIDTH_CM}cm")
        properties.set_attribute("fo:page-height", f"{layout.PAGE_HEIGHT_CM}cm")
        properties.set_attribute("style:print-orientation", "portrait")
        for side in ("top", "bottom", "left", "right"):
            properties.set_attribute(f"fo:margin-{side}", margin)
        if page.get_element("style:footer-style") is None:
            page.append(
                Element.from_tag(
                    '<style:footer-style><style:header-footer-properties fo:min-height="0cm" '
                    'fo:margin-top="0.4cm"/></style:footer-style>'
                )
            )
    standard = odt.get_style("master-page", "Standard")
    layout_name = standard.get_attribute("style:page-layout-name")
    standard.append(
        Element.from_tag(
            f'<style:footer><text:p text:style-name="{FOOTER}">{_("Page")} '
            f'<text:page-number text:select-page="current"/> {_("sur")} '
            "<text:page-count/></text:p></style:footer>"
        )
    )
    odt.insert_style(
        f'<style:master-page style:name="{FIRST_PAGE}" style:display-name="Coprod First Page" '
        f'style:page-layout-name="{layout_name}" style:next-style-name="Standard"/>'
    )


def _bullets() -> str:
    """A bullet list style: each level indented one step more, a tab after the bullet."""
    levels = []
    for level in range(1, 11):
        indent = INDENT_CM * level
        levels.append(
            f'<text:list-level-style-bullet text:level="{level}" '
            f'text:bullet-char="{BULLET_CHARS[(level - 1) % len(BULLET_CHARS)]}">'
            "<style:list-level-properties "
            'text:list-level-position-and-space-mode="label-alignment">'
            '<style:list-level-label-alignment text:label-followed-by="listtab" '
            f'text:list-tab-stop-position="{indent:.2f}cm" fo:text-indent="-{INDENT_CM}cm" '
            f'fo:margin-left="{indent:.2f}cm"/></style:list-level-properties>'
            "</text:list-level-style-bullet>"
        )
    return (
        f'<text:list-style style:name="{BULLETS}" style:display-name="Coprod Bullets">'
        + "".join(levels)
        + "</text:list-style>"
    )


def _add_styles(odt: OdfDocument) -> None:
    border = "0.5pt solid #000000"
    styles = [
        Style("paragraph", TITLE, display_name="Coprod Title", parent_style="Heading",
              area="text", size="26pt", bold=True, master_page=FIRST_PAGE),
        Style("paragraph", SUBTITLE, display_name="Coprod Subtitle", parent_style="Text_20_body",
              area="text", size="16pt"),
        Style("paragraph", COVER_LINE, display_name="Coprod Cover", parent_style="Text_20_body",
              area="text", size="13pt"),
        Style("paragraph", CAPTION, display_name="Coprod Caption", parent_style="Text_20_body",
              area="text", italic=True),
        Style("paragraph", LIST_LINE, display_name="Coprod List", parent_style="Text_20_body"),
        Style("paragraph", CELL_TEXT, display_name="Coprod Cell Text", parent_style="Standard",
              area="text", size="9.5pt"),
        Style("paragraph", HEAD_TEXT, display_name="Coprod Head Text", parent_style=CELL_TEXT,
              area="text", bold=True),
        Style("paragraph", FOOTER, display_name="Coprod Footer", parent_style="Standard",
              area="text", size="9pt"),
        Style("text", STRONG, display_name="Coprod Strong", area="text", bold=True),
        Style("paragraph", PART, display_name="Coprod Part", parent_style="Heading_20_1",
              break_before="page"),
    ]  # fmt: skip
    # A caption stays on the page of its table; list lines sit close together.
    styles[3].set_properties(
        area="paragraph", properties={"fo:keep-with-next": "always", "fo:margin-top": "0.3cm"}
    )
    styles[4].set_properties(
        area="paragraph", properties={"fo:margin-top": "0cm", "fo:margin-bottom": "0.1cm"}
    )
    styles[7].set_properties(area="paragraph", properties={"fo:text-align": "center"})
    for style in styles:
        odt.insert_style(style, automatic=False)
    odt.insert_style(_bullets())
    for name, background in ((HEAD_CELL, ' fo:background-color="#e6e6e6"'), (CELL, "")):
        odt.insert_style(
            f'<style:style style:name="{name}" style:family="table-cell">'
            f'<style:table-cell-properties fo:border="{border}" fo:padding="0.08cm"{background}/>'
            "</style:style>",
            automatic=True,
        )
    odt.insert_style(
        f'<style:style style:name="{ROW}" style:family="table-row">'
        '<style:table-row-properties fo:keep-together="always"/></style:style>',
        automatic=True,
    )
    for level, size in ((1, "18pt"), (2, "15pt")):
        heading = odt.get_style("paragraph", f"Heading_20_{level}")
        if heading is not None:
            heading.set_properties(area="text", size=size)
    _no_outline_numbers(odt)
    odt.add_page_break_style()


def _no_outline_numbers(odt: OdfDocument) -> None:
    """Headings carry their number in their text (`Document.outline`): the template's outline
    numbering would print a second one, glued to the title (« 1.Items »)."""
    for level in odt.styles.get_elements("//text:outline-level-style"):
        level.set_attribute("style:num-format", "")
        for name in ("style:num-suffix", "style:num-prefix", "loext:num-list-format"):
            if level.get_attribute(name) is not None:
                level.del_attribute(name)


def _cover(body, cover: Cover) -> None:
    body.append(Paragraph(cover.workshop, style=TITLE))
    body.append(Paragraph(cover.process, style=SUBTITLE))
    if cover.question:
        body.append(Paragraph(cover.question, style=SUBTITLE))
    for line in (cover.date, cover.place, cover.status):
        if line:
            body.append(Paragraph(line, style=COVER_LINE))
    body.append(PageBreak())


def _part(body, number: str, part: Part) -> None:
    body.append(_heading(1, f"{number}. {part.title}", style=PART))
    for label, text in part.facts:
        line = Paragraph(style="Text_20_body")
        line.append(Span(f"{label}\u00a0: ", style=STRONG))
        line.append_plain_text(text)
        body.append(line)


def _section(odt, section: Section, names: Iterator[str], number: str, level: int = 1) -> None:
    body = odt.body
    body.append(_heading(level, f"{number}. {section.title}"))
    if section.intro:
        body.append(Paragraph(section.intro, style="Text_20_body"))
    if section.items:
        bullets = _list(section.items)
        bullets.set_attribute("text:style-name", BULLETS)
        body.append(bullets)
    for table in section.tables:
        _table(odt, table, next(names))
    for chart in section.charts:
        _chart(odt, chart, next(names))


def _heading(level: int, text: str, style: str = "") -> Header:
    heading = Header(level, text)
    # odfdo's Header ignores its `style` argument: without it LibreOffice shows a plain line.
    heading.set_attribute("text:style-name", style or f"Heading_20_{level}")
    return heading


def _list(items: list[Item]) -> List:
    """Nested lists carry no style of their own: the outermost list's style gives each level
    its bullet and indent."""
    bullets = List()
    for item in items:
        entry = ListItem()
        title = Paragraph(style=LIST_LINE)
        title.append(Span(item.title, style=STRONG))
        entry.append(title)
        if item.text:
            entry.append(Paragraph(item.text, style=LIST_LINE))
        if item.details:
            details = List()
            for label, text in item.details:
                line = Paragraph(style=LIST_LINE)
                line.append(Span(f"{label}\u00a0: ", style=STRONG))
                line.append_plain_text(text)
                details.append(ListItem(line))
            entry.append(details)
        if item.children:
            entry.append(_list(item.children))
        bullets.append(entry)
    return bullets


def _table(odt, table: Table, name: str) -> None:
    if table.caption:
        odt.body.append(Paragraph(table.caption, style=CAPTION))
    odt.body.append(_grid(odt, table.header, table.rows, name))


def _chart(odt, chart: Chart, name: str) -> None:
    odt.body.append(Paragraph(chart.title, style=CAPTION))
    values = [bar.value for bar in chart.bars]
    header = [_("Libellé"), chart.unit.capitalize() or _("Valeur"), ""]
    rows = [
        [bar.label, bar.value, drawn]
        for bar, drawn in zip(chart.bars, text_bars(values), strict=True)
    ]
    odt.body.append(_grid(odt, header, rows, name))


def _grid(odt, header: list[str], rows: list[list], name: str) -> OdfTable:
    """The table over the text width, each column as wide as `layout.column_widths` says."""
    widths = layout.column_widths(header, rows)
    short = "false" if len(rows) <= layout.SHORT_TABLE else "true"  # a short one is not split
    odt.insert_style(
        f'<style:style style:name="{name}" style:family="table"><style:table-properties '
        f'style:width="{layout.TEXT_WIDTH_CM}cm" table:align="margins" fo:margin-top="0.1cm" '
        f'fo:margin-bottom="0.3cm" style:may-break-between-rows="{short}"/></style:style>',
        automatic=True,
    )
    grid = OdfTable(name, style=name)
    for index, share in enumerate(widths):
        column = f"{name}.C{index + 1}"
        odt.insert_style(
            f'<style:style style:name="{column}" style:family="table-column">'
            f'<style:table-column-properties style:column-width="'
            f'{share * layout.TEXT_WIDTH_CM:.2f}cm" style:rel-column-width="'
            f'{round(share * 10000)}*"/></style:style>',
            automatic=True,
        )
        grid.append(Column(style=column))
    head = HeaderRows()
    head.append(_row(header, len(widths), HEAD_CELL, HEAD_TEXT))
    grid.append(head)
    for row in rows:
        grid.append(_row(row, len(widths), CELL, CELL_TEXT))
    return grid


def _row(values: list, width: int, style: str, text_style: str) -> Row:
    row = Row(style=ROW)
    for index in range(width):
        value = values[index] if index < len(values) else ""
        if isinstance(value, str):
            # No office:string-value: LibreOffice would show it instead of the paragraph,
            # in the default style.
            cell = Cell(style=style)
            cell.set_attribute("office:value-type", "string")
            cell.append(Paragraph(value, style=text_style))
        else:
            cell = Cell(value, style=style)
            for paragraph in cell.get_paragraphs():
                paragraph.style = text_style
        row.append(cell)
    return row
