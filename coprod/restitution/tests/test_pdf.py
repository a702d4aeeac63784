"""The restitution as PDF: opened with pypdf and its text checked."""

import io
import re

import pytest
from pypdf import PdfReader

from coprod.restitution import assembly, charts, render_pdf
from coprod.restitution.document import Bar, Chart
from coprod.restitution.typography import NBSP, NNBSP
from coprod.testing.documents import (
    A4_POINTS,
    cut_rows,
    empty_field_rows,
    flat,
    headings_titled,
    pages_holding,
    pdf_body,
    pdf_pages,
    stranded,
)
from coprod.testing.scenarios import BUS, CONSENTING, NAMES, NOT_CONSENTING, REJECTED

from .conftest import EMPTY_SHEETS


def pdf_text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def full(complete):
    document = assembly.build(complete.workshop)
    return document, *pdf_text(render_pdf.render(document))


def test_every_section_and_the_cover(full):
    """The cover, every numbered section title, page numbers."""
    document, reader, text = full
    assert reader.pages[0].extract_text().count("document final") == 1
    assert "jeudi 26 novembre 2026" in text
    plain = flat(text)
    for number, section in enumerate(document.sections, start=1):
        assert flat(f"{number}. {section.title}") in plain
    assert f"Page 2 sur {len(reader.pages)}" in plain
    assert len(reader.pages) >= 4


def test_numbers_right(full):
    """Participant counts, vote shares, a synthesis, a sheet field."""
    _document, _reader, text = full
    plain = flat(text)
    assert "Mairie de Marines 3" in plain
    assert "Association Le Panier 2" in plain
    assert "5 (83 %)" in plain
    assert flat(BUS) in plain
    assert flat(REJECTED) in plain and "non validée" in plain
    assert "Bus des villages" in plain
    assert "Nombre de trajets par mois" in plain
    assert "Indicateurs de réussite" in plain
    assert "Alice Martin" in plain


def test_french_no_break_spaces(full):
    """The no-break spaces of French typography are in the PDF's text."""
    _document, _reader, text = full
    assert NBSP in text or NNBSP in text
    assert f"18{NBSP}h{NBSP}00" in text or "18 h 00" in text


def test_public_pdf_names_nobody(complete):
    _reader, text = pdf_text(render_pdf.render(assembly.build(complete.workshop, public=True)))
    for name in NAMES:
        assert name not in text


def test_pdf_names_only_those_who_agreed(full):
    """The facilitators' PDF: consenting names, the others counted by organisation."""
    _document, _reader, text = full
    plain = flat(text)
    for name in NOT_CONSENTING:
        assert name not in plain
    for name in CONSENTING:
        assert name in plain
    assert "Mairie de Marines 3 Alice Martin et 2 autres personnes" in plain
    assert "Association Le Panier 2 Émilie Petit et 1 autre personne" in plain
    assert "Référent 2 (Association Le Panier)" in plain


def test_pdf_chart_by_type_of_organisation(full):
    """The chart by type of organisation is drawn, with its bars' labels and values as text."""
    _document, _reader, text = full
    plain = flat(text)
    assert "Participation par type de structure" in plain
    assert re.search(
        "Collectivité, élu·e 2 personnes Association 2 personnes "
        "Structure sociale ou médico-sociale 1 personnes? Non précisé 1 personnes?",
        plain,
    )


def test_nothing_fetched_from_the_network():
    """Only this app's static files may be read while printing."""
    with pytest.raises(ValueError):
        render_pdf.local_fetcher().fetch("https://example.org/font.woff")


def test_chart_readable_without_colour():
    """Bars are hatched, each value is written as text, and texts are escaped."""
    svg = charts.svg(Chart("Vote <b>", [Bar("Pour & co", 3), Bar("Contre", 0)], unit="votes"))
    assert re.search(r"fill=\"url\(#hatch-\d+\)\"", svg)
    assert ">3 votes<" in svg and ">0 votes<" in svg
    assert "Pour &amp; co" in svg and "<b>" not in svg


def test_chart_values_agree_in_number():
    chart = Chart("Participation", [Bar("Association", 1), Bar("Habitant·e", 2)], "personnes")
    chart.unit_one = "personne"
    svg = charts.svg(chart)
    assert ">1 personne<" in svg and ">2 personnes<" in svg
    chart.bars.append(Bar("Inconnu", 0))
    assert ">0 personne<" in charts.svg(chart)  # French: zero is singular
    assert "Association\u00a0: 1 personne" in charts.description(chart)


@pytest.fixture
def long_pdf(long_run):
    """The restitution of a workshop whose tables run over several pages: the document, and each
    body page's lines as printed."""
    document = assembly.build(long_run.workshop)
    reader = PdfReader(io.BytesIO(render_pdf.render(document)))
    return document, reader, pdf_body(pdf_pages(reader))


def test_pages_are_a4(long_pdf):
    _document, reader, _pages = long_pdf
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            A4_POINTS, abs=0.5
        )


def test_no_table_row_cut_by_a_page_break(long_pdf):
    """Each row of the long priorities table is whole on one page, and the header row is on
    every page the table runs over (several)."""
    document, _reader, pages = long_pdf
    (table,) = [t for t in document.section("priorities").tables if len(t.rows) > 2]
    assert cut_rows(pages, table.rows) == []
    runs_over = set.union(*(pages_holding(pages, row[1].split(":")[0]) for row in table.rows))
    assert len(runs_over) >= 2
    assert runs_over <= pages_holding(pages, "Rang Option Mention Jugements")


def test_headings_and_captions_never_end_a_page(long_pdf):
    """A heading, or a table's or a chart's caption, stays on the page of what follows it."""
    document, _reader, pages = long_pdf
    assert stranded(pages, document) == []


def test_mood_once_and_no_row_for_an_empty_field(long_pdf):
    """The mood section is printed once; an empty sheet says « Fiche non remplie », its empty
    fields are not rows of « — »."""
    _document, _reader, pages = long_pdf
    lines = [line for page in pages for line in page]
    assert len(headings_titled(lines, "Comment ça va ?")) == 1
    assert sum("Humeur du groupe" in line for line in lines) == 1
    assert empty_field_rows(lines) == []
    assert sum("Fiche non remplie" in line for line in lines) == EMPTY_SHEETS
