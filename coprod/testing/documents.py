"""What a reader sees in a restitution read back from any format, as lines of text: the checks
every format shares (each section heading once, no row of « — » for an empty field)."""

import io
import re

import docx
from odfdo import Document as OdfDocument
from pypdf import PdfReader

from coprod.restitution.assembly import EMPTY

A4_POINTS = (595.28, 841.89)  # 210 × 297 mm


def flat(text: str) -> str:
    """Text with line breaks and every kind of space as one space."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def numbered(title: str) -> re.Pattern:
    """A heading line: its outline number (« 3. », « 4.3. »), one space, then `title`."""
    return re.compile(r"\d+(\.\d+)*\. " + re.escape(flat(title)))


def headings_titled(lines: list[str], title: str) -> list[str]:
    pattern = numbered(title)
    return [line for line in lines if pattern.fullmatch(flat(line))]


def empty_field_rows(lines: list[str]) -> list[str]:
    """Lines that end on « — »: a field shown with nothing in it (« Risques : — », « — »)."""
    return [line for line in lines if flat(line).endswith(EMPTY)]


def pdf_pages(reader) -> list[list[str]]:
    """Each page's lines of text from top to bottom as printed (pypdf's own extraction order
    follows the content stream, not the page), the page number line left out."""
    pages = []
    for page in reader.pages:
        parts = []

        def visit(text, cm, tm, _font, _size, parts=parts):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                parts.append((y, x, text.strip()))

        page.extract_text(visitor_text=visit)
        lines: dict[float, list] = {}
        for y, x, text in parts:
            key = next((k for k in lines if abs(k - y) <= 2), y)  # same baseline
            lines.setdefault(key, []).append((x, text))
        printed = [" ".join(t for _x, t in sorted(v)) for _y, v in sorted(lines.items())[::-1]]
        pages.append([line for line in printed if not re.fullmatch(r"Page \d+ sur \d+", line)])
    return pages


def pdf_body(pages: list[list[str]]) -> list[list[str]]:
    """The pages after the cover and the table of contents (« Sommaire »)."""
    start = next(n for n, lines in enumerate(pages) if lines and lines[0] == "Sommaire")
    return pages[start + 1 :]


def cut_rows(pages: list[list[str]], rows: list[list[str]]) -> list[str]:
    """The rows of a long table (« rang | option | mention | jugements ») not printed whole on
    one page: the printed line with the option's first words must start with its rank and end
    with its grade and count, and its last words must be on that page."""
    cut = []
    for row in rows:
        rank, option, *rest = (flat(cell) for cell in row)
        head, tail = option.split(" :")[0] + " :", option.split(" ")[-1]
        found = [(n, flat(line)) for n, lines in enumerate(pages) for line in lines]
        ((page, line),) = [(n, line) for n, line in found if head in line]
        printed = flat(" ".join(pages[page]))
        whole = line.startswith(f"{rank} {head}") and line.endswith(" ".join(rest))
        if not (whole and tail in printed):
            cut.append(option)
    return cut


def stranded(pages: list[list[str]], document) -> list[str]:
    """Headings and captions (of tables and charts) printed last on a page, away from what
    they introduce."""
    alone = set()
    for heading in document.outline():
        alone.add(flat(f"{heading.number}. {heading.block.title}"))
        for table in getattr(heading.block, "tables", []):
            alone.add(flat(table.caption))
        for chart in getattr(heading.block, "charts", []):
            alone.add(flat(chart.title))
    return [lines[-1] for lines in pages[:-1] if flat(lines[-1]) in alone]


def pages_holding(pages: list[list[str]], text: str) -> set[int]:
    return {n for n, lines in enumerate(pages) if flat(text) in flat(" ".join(lines))}


def read_back(fmt: str, data: bytes) -> tuple[list[str], list[str]]:
    """The document's headings and all its lines of text (paragraphs, list entries, table
    cells), as its reader would open it: pypdf (the body pages), odfdo, python-docx, text."""
    if fmt == "pdf":
        lines = [line for page in pdf_body(pdf_pages(PdfReader(io.BytesIO(data)))) for line in page]
        return lines, lines  # headings are the lines that look like one (`headings_titled`)
    if fmt == "odt":
        body = OdfDocument(io.BytesIO(data)).body
        cells = [str(v) for table in body.get_tables() for row in table.get_values() for v in row]
        return [h.text_recursive for h in body.headers], [
            p.text_recursive for p in body.paragraphs
        ] + cells
    if fmt == "docx":
        word = docx.Document(io.BytesIO(data))
        cells = [c.text for table in word.tables for row in table.rows for c in row.cells]
        headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
        return headings, [line for p in word.paragraphs for line in p.text.splitlines()] + cells
    lines = data.decode("utf-8").splitlines()
    return [line.lstrip("#").strip() for line in lines if line.startswith("#")], lines


def page_sizes_cm(fmt: str, data: bytes) -> set[tuple[float, float]]:
    """The paper sizes a document asks for, in centimetres (width, height): each PDF page, each
    ODT page layout, each DOCX section."""
    if fmt == "pdf":
        points = {
            (float(p.mediabox.width), float(p.mediabox.height))
            for p in PdfReader(io.BytesIO(data)).pages
        }
        return {(round(w / 72 * 2.54, 1), round(h / 72 * 2.54, 1)) for w, h in points}
    if fmt == "odt":
        styles = OdfDocument(io.BytesIO(data)).styles
        sizes = set()
        for layout in styles.get_elements("//style:page-layout"):
            properties = layout.get_element("style:page-layout-properties")
            width, height = (
                float(properties.get_attribute(f"fo:page-{side}").removesuffix("cm"))
                for side in ("width", "height")
            )
            sizes.add((round(width, 1), round(height, 1)))
        return sizes
    sections = docx.Document(io.BytesIO(data)).sections
    return {(round(s.page_width.cm, 1), round(s.page_height.cm, 1)) for s in sections}
