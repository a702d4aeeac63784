"""The restitution as Markdown."""

from coprod.restitution import assembly, render_markdown
from coprod.restitution.document import Cover, Document, Item, Section, Table
from coprod.restitution.typography import NBSP
from coprod.testing.documents import empty_field_rows, headings_titled, read_back
from coprod.testing.scenarios import BUS, NOT_CONSENTING

from .conftest import EMPTY_SHEETS


def test_headings_lists_tables_charts(complete):
    """Numbered headings for every section, lists for items, pipe tables, charts as tables."""
    document = assembly.build(complete.workshop)
    text = render_markdown.render(document)
    assert text.startswith(f"# {complete.workshop.title}\n")
    for number, section in enumerate(document.sections, start=1):
        assert f"\n## {number}. {section.title}\n" in text
    assert f"- **{BUS}**" in text
    assert "| Structure | Participants | Noms |" in text
    assert "| Mairie de Marines | 3 | Alice Martin et 2 autres personnes |" in text
    assert not any(name in text for name in NOT_CONSENTING)
    assert f"*Graphique{NBSP}: Participation par structure*" in text
    assert "| Mairie de Marines | 3 |\n" in text  # the chart's table
    assert f"*Graphique{NBSP}: Participation par type de structure*" in text
    assert "| Collectivité, élu·e | 2 |\n| Association | 2 |\n" in text
    assert "| Non précisé | 1 |\n" in text
    assert f"  - Votants{NBSP}: 6" in text
    assert "document final" in text


def test_no_break_spaces_kept(complete):
    """French no-break spaces survive the layout."""
    text = render_markdown.render(assembly.build(complete.workshop))
    assert f"18{NBSP}h{NBSP}00" in text
    assert f"83{NBSP}%" in text


def test_markup_in_texts_is_escaped():
    """A participant's `<script>` or `|` is text, not markup or a table cell."""
    document = Document(
        cover=Cover("P", "A", "Q ?", "d", "l", "s"),
        sections=[
            Section(
                key="syntheses",
                title="Synthèses",
                items=[Item(title="<script>alert(1)</script> *gras*")],
                tables=[Table(caption="", header=["a"], rows=[["x | y"]])],
            )
        ],
    )
    text = render_markdown.render(document)
    assert "<script>" not in text
    assert r"\<script\>alert(1)\</script\> \*gras\*" in text
    assert r"| x \| y |" in text


def test_mood_once_and_no_row_for_an_empty_field(long_run):
    """The mood heading and its chart once, « Fiche non remplie » for each empty sheet instead
    of a « Risques : — » line per empty field."""
    text = render_markdown.render(assembly.build(long_run.workshop))
    headings, lines = read_back("md", text.encode())
    assert len(headings_titled(headings, "Comment ça va ?")) == 1
    assert sum("Humeur du groupe" in line for line in lines) == 1
    assert sum(line.endswith("Fiche non remplie") for line in lines) == EMPTY_SHEETS
    assert empty_field_rows(lines) == []


def test_a_workshop_without_a_place_prints_no_place_line(complete):
    """No « Lieu : — » on the cover when the facilitator gave no place."""
    complete.workshop.place = "Salle des fêtes de Marines"
    complete.workshop.save()
    assert "- Lieu\u00a0: Salle des fêtes de Marines\n" in render_markdown.render(
        assembly.build(complete.workshop)
    )
    complete.workshop.place = ""
    complete.workshop.save()
    text = render_markdown.render(assembly.build(complete.workshop))
    assert "Lieu" not in text.split("## ")[0]
