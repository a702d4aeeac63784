"""The process's document opened in each format: PDF (text extracted), ODT (odfdo), DOCX
(python-docx). Each holds every workshop's title, its « Présenté par » with its duo, and the
cross-workshop view; each workshop's sections sit one heading level below its title."""

from collections import Counter
from io import BytesIO

import docx
import pytest
from odfdo import Document as OdfDocument
from pypdf import PdfReader

from coprod.restitution import assembly, formats, process, render_odt
from coprod.restitution.typography import french
from coprod.testing.documents import (
    A4_POINTS,
    cut_rows,
    empty_field_rows,
    flat,
    headings_titled,
    pdf_body,
    pdf_pages,
    read_back,
    stranded,
)
from coprod.testing.process_scenario import BIKES, BUS, LATE, run_process

from .conftest import EMPTY_SHEETS
from .test_pdf import pdf_text


@pytest.fixture
def run(complete):
    return run_process(complete)


def duo(workshop) -> str:
    titles = [i.title for i in assembly.build(workshop).section("referents").items]
    return f"{titles[0]} et {titles[1]}"


def test_pdf(run):
    reader, text = pdf_text(formats.render(process.build(run.process), "pdf"))
    plain = flat(text)
    assert "Restitution de la démarche" in reader.pages[0].extract_text()
    assert flat("1. Les ateliers de la démarche") in plain
    assert flat("2. Des items plébiscités aux projets") in plain
    for number, workshop in enumerate(run.workshops, start=3):
        assert flat(f"{number}. {french(workshop.title)}") in plain
        assert flat(f"Présenté par {duo(workshop)}") in plain
        assert flat(f"{number}.2. Participants") in plain
    for synthesis in (BUS, BIKES, LATE):
        assert flat(synthesis) in plain
    assert "Projet : Bus des villages" in plain
    # Each workshop starts on its own page, in order.
    starts = [
        next(
            n
            for n, page in enumerate(reader.pages)
            if flat(f"Présenté par {duo(w)}") in flat(page.extract_text())
        )
        for w in run.workshops
    ]
    assert starts == sorted(starts) and len(set(starts)) == 3


def test_odt(run):
    odt = OdfDocument(BytesIO(formats.render(process.build(run.process), "odt")))
    assert odt.get_type() == "text"
    headings = [(int(h.level), h.text_recursive) for h in odt.body.get_headers()]
    titles = [french(w.title) for w in run.workshops]
    assert [text for level, text in headings if level == 1] == [
        "1. Les ateliers de la démarche",
        "2. Des items plébiscités aux projets",
        *[f"{n}. {title}" for n, title in enumerate(titles, start=3)],
    ]
    level_two = [text for level, text in headings if level == 2]
    assert [f"{n}.2. Participants" for n in (3, 4, 5)] == [
        t for t in level_two if t.endswith("Participants")
    ]
    assert len(headings_titled(level_two, "Le duo de référents")) == 3
    # Each workshop starts on a new page.
    parts = [h for h in odt.body.get_headers() if h.style == render_odt.PART]
    assert [h.text_recursive for h in parts] == [t for _l, t in headings if _l == 1][2:]
    assert (
        odt.get_style("paragraph", render_odt.PART).get_properties(area="paragraph")[
            "fo:break-before"
        ]
        == "page"
    )
    paragraphs = [p.text_recursive for p in odt.body.paragraphs]
    for workshop in run.workshops:
        assert f"Présenté par\u00a0: {duo(workshop)}" in paragraphs
    assert "Porter une attention aux publics sans transports" in paragraphs
    assert french("Projet : Bus des villages (table 1)") in paragraphs


def test_docx(run):
    word = docx.Document(BytesIO(formats.render(process.build(run.process), "docx")))
    headings = [
        (p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith("Heading")
    ]
    titles = [french(w.title) for w in run.workshops]
    assert [text for style, text in headings if style == "Heading 1"] == [
        "1. Les ateliers de la démarche",
        "2. Des items plébiscités aux projets",
        *[f"{n}. {title}" for n, title in enumerate(titles, start=3)],
    ]
    level_two = [text for style, text in headings if style == "Heading 2"]
    assert len(headings_titled(level_two, "Participants")) == 3
    # Each workshop starts on a new page.
    parts = [p for p in word.paragraphs if p.paragraph_format.page_break_before]
    assert [p.text for p in parts] == [text for s, text in headings if s == "Heading 1"][2:]
    paragraphs = [p.text for p in word.paragraphs]
    for workshop in run.workshops:
        assert f"Présenté par\u00a0: {duo(workshop)}" in paragraphs
    summary = next(t for t in word.tables if t.rows[0].cells[0].text == "Item plébiscité")
    assert [c.text for c in summary.rows[1].cells] == [
        "Porter une attention aux publics sans transports", "3", "5", "3", "2",
    ]  # fmt: skip
    assert word.core_properties.title.startswith(run.process.title)


@pytest.fixture
def long_process(long_run):
    """The process, its « Atelier 4 » with a forty-row priorities table and two empty sheets
    (the two other workshops had no mood answers)."""
    return process.build(run_process(long_run).process)


def test_pdf_pages_of_a_long_process(long_process):
    """A4 pages, no row of the long table cut by a page break, no short table split, no heading
    or caption alone at the foot of a page."""
    reader = PdfReader(BytesIO(formats.render(long_process, "pdf")))
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            A4_POINTS, abs=0.5
        )
    pages = pdf_body(pdf_pages(reader))
    long = [t for part in long_process.parts for s in part.sections for t in s.tables]
    (table,) = [t for t in long if len(t.rows) > 20]
    assert cut_rows(pages, table.rows) == []
    assert stranded(pages, long_process) == []
    # A short table (each workshop's nine steps) is never split: no page starts by repeating
    # its header row.
    assert [lines[0] for lines in pages if lines[0].startswith("Séquence Début")] == []


@pytest.mark.parametrize("fmt", ["pdf", "odt", "docx", "md"])
def test_each_section_once_no_row_for_an_empty_field(long_process, fmt):
    """Every workshop's sections once each (the mood too), its empty sheets said so once, no
    line ending on « — », in every format."""
    headings, lines = read_back(fmt, formats.render(long_process, fmt))
    printed = Counter(flat(h) for h in headings)
    outline = [flat(f"{h.number}. {h.block.title}") for h in long_process.outline()]
    assert {title: printed[title] for title in outline} == dict.fromkeys(outline, 1)
    assert sum(line.strip("*").endswith("Humeur du groupe") for line in lines) == 1
    assert sum(line.endswith("Fiche non remplie") for line in lines) == EMPTY_SHEETS
    assert empty_field_rows(lines) == []
