"""The DOCX restitution, read back with python-docx as Word would read it."""

from io import BytesIO

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm

from coprod.restitution import assembly, render_docx
from coprod.restitution.text_bars import BLOCK
from coprod.testing.documents import empty_field_rows, headings_titled, read_back
from coprod.testing.scenarios import CONSENTING, NOT_CONSENTING

from .conftest import EMPTY_SHEETS
from .sample import QUOTED, SCRIPT, SECTION_TITLES, sample_document


@pytest.fixture(scope="module")
def word():
    return docx.Document(BytesIO(render_docx.render(sample_document())))


def values(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def full_text(word) -> str:
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in word.paragraphs] + cells)


def test_core_properties_and_language(word):
    assert word.core_properties.title.startswith("Atelier 3 : se déplacer sans voiture")
    assert word.core_properties.language == "fr-FR"
    assert 'w:val="fr-FR"' in word.styles.element.xml


def test_title_page_holds_the_cover_then_a_page_break(word):
    cover = sample_document().cover
    first = word.paragraphs[:6]
    assert [p.text for p in first] == [
        cover.workshop,
        cover.process,
        cover.question,
        cover.date,
        cover.place,
        cover.status,
    ]
    assert first[0].style.name == "Title"
    assert 'w:type="page"' in word.paragraphs[6]._p.xml


def test_every_section_is_a_numbered_level_1_heading(word):
    """Word's built-in « Heading 1 », the number of the outline (as in every format) and a space."""
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings == [f"{n}. {title}" for n, title in enumerate(SECTION_TITLES.values(), 1)]


def test_every_section_is_a4_with_page_numbers_after_the_title_page(word):
    """Not python-docx's US Letter: A4, 2 cm margins, « Page n sur N » fields in the footer."""
    assert word.sections
    for section in word.sections:
        # Word stores them in twentieths of a point: compared to the tenth of a millimetre.
        assert (round(section.page_width.cm, 2), round(section.page_height.cm, 2)) == (21, 29.7)
        margins = (section.top_margin, section.bottom_margin, section.left_margin)
        assert [round(m.cm, 2) for m in (*margins, section.right_margin)] == [2, 2, 2, 2]
        assert section.different_first_page_header_footer
        footer = section.footer.paragraphs[0]
        assert footer.text.startswith("Page")
        fields = [f.get(qn("w:instr")) for f in footer._p.iter(qn("w:fldSimple"))]
        assert fields == ["PAGE", "NUMPAGES"]
        assert not section.first_page_footer.paragraphs[0].text


def test_rows_never_split_columns_sized_to_their_texts(word):
    """Every row is kept whole on a page; columns are not split evenly (« Rang » narrow), and
    they fill the text width; a caption keeps with its table."""
    for table in word.tables:
        for row in table.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    ranking = next(t for t in word.tables if values(t)[0][0] == "Rang")
    widths = [cell.width for cell in ranking.rows[1].cells]
    assert widths[0] < widths[1] / 3
    assert sum(widths) == pytest.approx(Cm(17), rel=0.001)
    captions = [p for p in word.paragraphs if p.style.name == "Caption"]
    assert captions and all(p.paragraph_format.keep_with_next for p in captions)


def test_items_are_bullets_with_details_one_level_deeper(word):
    styles = {p.text: p.style.name for p in word.paragraphs}
    assert styles["Transport à la demande\nDévelopper le transport à la demande " + QUOTED] == (
        "List Bullet"
    )
    assert styles["Propositions\u00a0: 6"] == "List Bullet 2"
    assert styles["Un minibus le samedi matin pour le marché"] == "List Bullet 2"


def test_tables_use_table_grid_with_a_repeated_bold_header(word):
    participants = word.tables[0]
    assert participants.style.name == "Table Grid"
    assert values(participants)[0] == ["Nom", "Structure", "Lien avec la thématique"]
    assert "w:tblHeader" in participants.rows[0]._tr.xml
    assert all(run.bold for cell in participants.rows[0].cells for run in cell.paragraphs[0].runs)
    ranking = next(t for t in word.tables if values(t)[0][0] == "Rang")
    assert values(ranking)[1:] == [
        ["1", "Transport à la demande", "18"],
        ["2", "Commerces de proximité", "11"],
        ["3", "Covoiturage", "0"],
    ]


def test_charts_are_tables_with_proportional_bars(word):
    votes = next(values(t) for t in word.tables if values(t)[0][:2] == ["Libellé", "Votes"])
    assert votes[1:] == [
        ["Transport à la demande", "18", BLOCK * 20],
        ["Commerces de proximité", "11", BLOCK * 12],
        ["Covoiturage", "0", ""],
    ]
    minutes = next(values(t) for t in word.tables if values(t)[0][1] == "Minutes")
    assert [row[1] for row in minutes[1:]] == ["25", "40", "15"]


def test_markup_and_french_typography_are_kept_literally(word):
    text = full_text(word)
    assert text.count(SCRIPT) == 2
    assert "Association « Vexin à vélo »" in text
    assert "Comment mieux se déplacer sans voiture dans nos villages\u202f?" in text
    assert "&lt;script&gt;" in word.element.xml


def test_workshop_docx_names_only_those_who_agreed(complete):
    """The Word restitution of a workshop: consenting names, the others counted with their
    organisation, and the chart by type of organisation as a table of bars."""
    read = docx.Document(BytesIO(render_docx.render(assembly.build(complete.workshop))))
    text = full_text(read)
    assert not any(name in text for name in NOT_CONSENTING)
    assert all(name in text for name in CONSENTING)
    participants = next(values(t) for t in read.tables if values(t)[0][0] == "Structure")
    assert participants[0] == ["Structure", "Participants", "Noms"]
    assert participants[1:] == [
        ["Mairie de Marines", "3", "Alice Martin et 2 autres personnes"],
        ["Association Le Panier", "2", "Émilie Petit et 1 autre personne"],
        ["Centre social du Vexin", "1", "Farid Benali"],
    ]
    assert "Participation par type de structure" in text
    kinds = next(values(t) for t in read.tables if values(t)[1][0] == "Collectivité, élu·e")
    assert kinds[0][:2] == ["Libellé", "Personnes"]
    assert [row[:2] for row in kinds[1:]] == [
        ["Collectivité, élu·e", "2"],
        ["Association", "2"],
        ["Structure sociale ou médico-sociale", "1"],
        ["Non précisé", "1"],
    ]
    assert [row[2] for row in kinds[1:]] == [BLOCK * 20, BLOCK * 20, BLOCK * 10, BLOCK * 10]


def test_mood_once_and_no_row_for_an_empty_field(long_run):
    """Read back from a workshop with empty sheets: the mood heading and its chart once, each
    empty sheet says « Fiche non remplie », no line ends on « — »."""
    data = render_docx.render(assembly.build(long_run.workshop))
    headings, lines = read_back("docx", data)
    assert len(headings_titled(headings, "Comment ça va ?")) == 1
    assert lines.count("Humeur du groupe") == 1
    assert lines.count("Fiche non remplie") == EMPTY_SHEETS
    assert empty_field_rows(lines) == []
