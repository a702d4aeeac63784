"""The ODT restitution, read back with odfdo as LibreOffice would read it."""

import re
from io import BytesIO

import pytest
from odfdo import Document as OdfDocument

from coprod.restitution import assembly, render_odt
from coprod.restitution.text_bars import BLOCK
from coprod.testing.documents import empty_field_rows, headings_titled, read_back
from coprod.testing.scenarios import CONSENTING, NOT_CONSENTING

from .conftest import EMPTY_SHEETS
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
    assert [h.text_recursive for h in headings] == [
        f"{n}. {title}" for n, title in enumerate(SECTION_TITLES.values(), start=1)
    ]
    assert {(h.level, h.style) for h in headings} == {("1", "Heading_20_1")}
    assert odt.get_style("paragraph", "Heading_20_1") is not None


def test_headings_numbered_once_a_space_after_the_number(odt):
    """The number is in the heading's text, a space before the title, and the outline
    numbering that printed « 1.Items » is off: no second number."""
    for heading in odt.body.headers:
        assert re.match(r"\d+(\.\d+)*\. \w", heading.text_recursive)
    levels = odt.styles.get_elements("//text:outline-level-style")
    assert levels and {level.get_attribute("style:num-format") for level in levels} == {""}


def test_pages_are_a4_numbered_after_the_title_page(odt):
    (page,) = odt.styles.get_elements("//style:page-layout")
    properties = page.get_element("style:page-layout-properties")
    assert properties.get_attribute("fo:page-width") == "21.0cm"
    assert properties.get_attribute("fo:page-height") == "29.7cm"
    for side in ("top", "bottom", "left", "right"):
        assert properties.get_attribute(f"fo:margin-{side}") == "2.0cm"
    footer = odt.get_style("master-page", "Standard").get_page_footer()
    assert footer.get_elements(".//text:page-number") and footer.get_elements(".//text:page-count")
    title = odt.get_style("paragraph", render_odt.TITLE)
    first = odt.get_style("master-page", title.get_attribute("style:master-page-name"))
    assert first.get_page_footer() is None
    assert first.get_attribute("style:next-style-name") == "Standard"


def test_bullet_lists_indent_each_level_with_a_tab_after_the_bullet(odt):
    """Every list is in the bullet style: a bullet per level, each level further right, the text
    after a tab (not glued to the bullet as in « •Porter »); nested lists take it from the
    outermost list."""
    outer = odt.body.get_elements("text:list")
    assert outer and {lst.get_attribute("text:style-name") for lst in outer} == {render_odt.BULLETS}
    nested = odt.body.get_elements("//text:list//text:list")
    assert nested and all(lst.get_attribute("text:style-name") is None for lst in nested)
    style = odt.styles.get_element(f'//text:list-style[@style:name="{render_odt.BULLETS}"]')
    margins = []
    for level in style.get_elements("text:list-level-style-bullet")[:4]:
        assert level.get_attribute("text:bullet-char")
        (align,) = level.get_elements(".//style:list-level-label-alignment")
        assert align.get_attribute("text:label-followed-by") == "listtab"
        margins.append(float(align.get_attribute("fo:margin-left").removesuffix("cm")))
        assert float(align.get_attribute("fo:text-indent").removesuffix("cm")) < 0
    assert margins == sorted(margins) and margins[0] > 0 and len(set(margins)) == 4


def test_table_cells_have_borders_rows_never_split(odt):
    """Every cell of every table has a visible border (from an automatic style: LibreOffice
    ignores a common cell style), the header cells are shaded and bold, a row never splits
    across pages, and columns are as wide as their texts need (« Rang » narrow)."""
    for table in odt.body.get_tables():
        assert table.get_elements("table:table-header-rows")
        for row in table.get_elements(".//table:table-row"):
            properties = odt.get_style("table-row", row.style).get_properties(area="table-row")
            assert properties["fo:keep-together"] == "always"
        for cell in table.get_elements(".//table:table-cell"):
            style = odt.content.get_element(
                f'//office:automatic-styles/style:style[@style:name="{cell.style}"]'
            )
            assert style.get_properties(area="table-cell")["fo:border"].endswith("#000000")
            # LibreOffice would print an office:string-value instead of the styled paragraph.
            assert cell.get_attribute("office:string-value") is None
    head = odt.body.get_tables()[0].get_elements(".//table:table-header-rows//text:p")[0]
    bold = odt.get_style("paragraph", head.style).get_properties(area="text")
    assert bold["fo:font-weight"] == "bold"
    ranking = next(t for t in odt.body.get_tables() if t.get_values()[0][0] == "Rang")
    widths = [
        float(odt.get_style("table-column", c.style).get_properties(area="table-column")[
            "style:column-width"
        ].removesuffix("cm"))
        for c in ranking.get_elements("table:table-column")
    ]  # fmt: skip
    assert widths[0] < widths[1] and sum(widths) == pytest.approx(17, abs=0.05)


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


def test_mood_once_and_no_row_for_an_empty_field(long_run):
    """Read back from a workshop with empty sheets: the mood heading and its chart once, each
    empty sheet says « Fiche non remplie », no line ends on « — »."""
    data = render_odt.render(assembly.build(long_run.workshop))
    headings, lines = read_back("odt", data)
    assert len(headings_titled(headings, "Comment ça va ?")) == 1
    assert lines.count("Humeur du groupe") == 1
    assert lines.count("Fiche non remplie") == EMPTY_SHEETS
    assert empty_field_rows(lines) == []
