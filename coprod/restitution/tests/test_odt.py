"""The ODT restitution, read back with odfdo as LibreOffice would read it."""

from io import BytesIO

import pytest
from odfdo import Document as OdfDocument

from coprod.restitution import assembly, render_odt
from coprod.restitution.text_bars import BLOCK
from coprod.testing.scenarios import CONSENTING, NOT_CONSENTING

from .sample import QUOTED, SCRIPT, SECTION_TITLES, sample_document


@pytest.fixture(scope="module")
def odt():
    return OdfDocument(BytesIO(render_odt.render(sample_document())))


def table_values(odt) -> list[list]:
    return [row for table in odt.body.get_tables() for row in table.get_values()]


def test_is_a_text_document_in_french(odt):
    assert odt.get_type() == "text"
    assert odt.get_language() == "fr-FR"
    assert odt.meta.get_title().startswith("Atelier 3 : se déplacer sans voiture")


def test_title_page_holds_the_cover_then_a_page_break(odt):
    cover = sample_document().cover
    first = [p.text_recursive for p in odt.body.paragraphs[:6]]
    assert first == [
        cover.workshop,
        cover.process,
        cover.question,
        cover.date,
        cover.place,
        cover.status,
    ]
    assert odt.body.paragraphs[0].style == render_odt.TITLE
    assert "odfdopagebreak" in {p.style for p in odt.body.paragraphs[6:8]}


def test_every_section_is_a_styled_level_1_heading(odt):
    headings = odt.body.headers
    assert [h.text_recursive for h in headings] == list(SECTION_TITLES.values())
    assert {(h.level, h.style) for h in headings} == {("1", "Heading_20_1")}
    assert odt.get_style("paragraph", "Heading_20_1") is not None


def test_items_details_and_children_are_nested_bullet_lists(odt):
    text = odt.get_formatted_text()
    assert "- Transport à la demande" in text
    assert "  - Un minibus le samedi matin pour le marché" in text
    synthesis = next(
        item
        for item in odt.body.get_elements("//text:list-item")
        if item.text_recursive.startswith("Transport à la demande")
    )
    nested = [i.text_recursive.strip() for i in synthesis.get_elements("text:list/text:list-item")]
    assert "Propositions\u00a0: 6" in nested
    assert "Un minibus le samedi matin pour le marché" in nested


def test_tables_have_a_header_row_and_their_cells(odt):
    participants = odt.body.get_tables()[0]
    assert participants.get_elements("table:table-header-rows")
    assert participants.get_values()[0] == ["Nom", "Structure", "Lien avec la thématique"]
    ranking = next(t for t in odt.body.get_tables() if t.get_values()[0][0] == "Rang")
    assert ranking.get_values()[1] == ["1", "Transport à la demande", "18"]


def test_charts_are_tables_of_values_with_proportional_bars(odt):
    votes = next(
        t.get_values()
        for t in odt.body.get_tables()
        if t.get_values()[1][0] == "Transport à la demande" and t.get_values()[0][1] == "Votes"
    )
    assert votes[1] == ["Transport à la demande", 18, BLOCK * 20]
    assert votes[2][1] == 11 and votes[2][2] == BLOCK * 12
    assert votes[3][1] == 0 and not votes[3][2]
    mood = next(
        t.get_values() for t in odt.body.get_tables() if t.get_values()[0][1] == "Personnes"
    )
    assert [row[1] for row in mood[1:]] == [7, 12, 4, 1]
    assert all(set(row[2]) == {BLOCK} for row in mood[1:])


def test_markup_and_french_typography_are_kept_as_text(odt):
    text = odt.get_formatted_text()
    assert SCRIPT in text
    assert QUOTED in text
    assert not odt.body.get_elements("//script") and not odt.body.get_elements("//b")
    assert ["Bruno Lefèvre", "Association « Vexin à vélo »", "Cycliste"] in table_values(odt)
    assert "12\u202f000\u00a0€" in text


def test_workshop_odt_names_only_those_who_agreed(complete):
    """The OpenDocument restitution of a workshop: consenting names only, and the chart by type
    of organisation as a table of bars."""
    read = OdfDocument(BytesIO(render_odt.render(assembly.build(complete.workshop))))
    text = read.get_formatted_text()
    assert not any(name in text for name in NOT_CONSENTING)
    assert all(name in text for name in CONSENTING)
    assert ["Mairie de Marines", "3", "Alice Martin et 2 autres personnes"] in table_values(read)
    assert "Participation par type de structure" in text
    kinds = next(
        t.get_values()
        for t in read.body.get_tables()
        if t.get_values()[1][0] == "Collectivité, élu·e"
    )
    assert [row[:2] for row in kinds[1:]] == [
        ["Collectivité, élu·e", 2],
        ["Association", 2],
        ["Structure sociale ou médico-sociale", 1],
        ["Non précisé", 1],
    ]
    assert all(set(row[2]) == {BLOCK} for row in kinds[1:])
