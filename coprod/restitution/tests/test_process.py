"""The restitution of a whole process: every workshop in order, each presented by its duo, and
the cross-workshop view priority item → syntheses → projects."""

import pytest

from coprod.restitution import assembly, process, render_markdown
from coprod.restitution.document import Part
from coprod.restitution.typography import french
from coprod.testing.process_scenario import (
    BIKES,
    BUS,
    EXTRA_NAMES,
    HEALTH,
    LATE,
    REJECTED,
    SHOPS,
    run_process,
)
from coprod.testing.scenarios import ITEMS, NAMES


@pytest.fixture
def run(complete):
    return run_process(complete)


def duo_of(workshop, *, public=False) -> str:
    """The referents as the workshop's own document shows them."""
    titles = [i.title for i in assembly.build(workshop, public=public).section("referents").items]
    assert len(titles) == 2
    return f"{titles[0]} et {titles[1]}"


def test_every_workshop_in_the_order_they_took_place(run):
    """Atelier 2 (October), 4 (November), 5 (January): each a part with its own sections."""
    document = process.build(run.process)
    assert [part.title for part in document.parts] == [french(w.title) for w in run.workshops]
    assert [p.key for p in document.parts] == ["atelier-1", "atelier-2", "atelier-3"]
    own = assembly.build(run.workshops[1])
    assert [s.title for s in document.parts[1].sections] == [s.title for s in own.sections]
    assert document.cover.workshop == run.process.title
    assert "3 ateliers" in document.cover.question
    assert document.cover.date.startswith("du jeudi 1 octobre 2026 au jeudi 14 janvier 2027")


def test_each_workshop_presented_by_its_duo(run):
    """« Présenté par » and the referents, as each workshop's document names them."""
    document = process.build(run.process)
    for part, workshop in zip(document.parts, run.workshops, strict=True):
        facts = dict(part.facts)
        assert facts["Présenté par"] == duo_of(workshop)
    facts = dict(document.parts[1].facts)
    assert "Mairie de Marines" in facts["Présenté par"]
    assert "Association Le Panier" in facts["Présenté par"]
    table = document.section("workshops").tables[0]
    assert [row[1] for row in table.rows] == [french(w.title) for w in run.workshops]
    assert [row[4] for row in table.rows] == [duo_of(w) for w in run.workshops]


def crossview(document) -> dict:
    """Priority item → {(workshop, synthesis) → (status, [project titles])}."""
    found = {}
    for item in document.section("crossview").items:
        found[item.title] = {
            (workshop.title, synthesis.title): (
                synthesis.text.split("\u202f;")[0],
                [p.title for p in synthesis.children],
            )
            for workshop in item.children
            for synthesis in workshop.children
        }
    return found


def test_cross_view_links_syntheses_and_projects_to_their_item(run):
    """A synthesis sits under each item its proposals are linked to, in its workshop, with the
    projects started from it; the summary table counts workshops, syntheses, validated ones
    and projects."""
    first, second, third = (french(w.title) for w in run.workshops)
    document = process.build(run.process)
    view = crossview(document)
    transport, services = ITEMS
    assert list(view) == ITEMS
    assert view[transport] == {
        (first, "Une navette vers la gare"): ("non validée", []),
        (second, BUS): ("validée", ["Projet\u00a0: Bus des villages (table 1)"]),
        (second, SHOPS): ("validée", []),
        (second, REJECTED): ("non validée", []),
        (third, BIKES): ("validée", [f"Projet\u00a0: {BIKES} (table 2)"]),
    }
    assert view[services] == {
        (first, LATE): ("validée", [f"Projet\u00a0: {LATE} (table 1)"]),
        (second, BUS): ("validée", ["Projet\u00a0: Bus des villages (table 1)"]),
        (second, SHOPS): ("validée", []),
        (third, HEALTH): ("validée", [f"Projet\u00a0: {HEALTH} (table 1)"]),
    }
    section = document.section("crossview")
    assert section.tables[0].rows == [
        [transport, "3", "5", "3", "2"],
        [services, "3", "4", "4", "3"],
    ]
    assert section.items[0].text == "3 ateliers, 5 synthèses dont 3 validées, 2 projets"
    # Workshops in the order they took place under each item.
    assert [w.title for w in section.items[1].children] == [first, second, third]


def test_proposal_counts_on_each_item(run):
    """How much of a synthesis comes from the item it is shown under."""
    items = process.build(run.process).section("crossview").items
    bikes = items[0].children[2].children[0]
    assert (bikes.title, bikes.text) == (
        BIKES,
        "validée\u202f; 3 de ses 3 propositions sur cet item",
    )
    bus = items[1].children[1].children[0]
    assert (bus.title, bus.text) == (BUS, "validée\u202f; 1 de ses 2 propositions sur cet item")
    late = items[1].children[0].children[0]  # « Atelier 2 »: one proposal, on this item
    assert (late.title, late.text) == (LATE, "validée\u202f; sa proposition porte sur cet item")


def test_a_facilitator_reads_names_only_in_their_workshops(run):
    """The workshop they facilitate as in its full document, the others as in their public one."""
    first, second, third = run.workshops
    document = process.build(run.process, named={second.pk})
    assert document.parts[1].sections == assembly.build(second).sections
    assert document.parts[0].sections == assembly.build(first, public=True).sections
    assert document.parts[2].sections == assembly.build(third, public=True).sections
    assert dict(document.parts[0].facts)["Présenté par"] == duo_of(first, public=True)
    text = render_markdown.render(document)
    for name in EXTRA_NAMES:
        assert name not in text


def test_public_process_document_names_only_as_each_public_workshop_does(run):
    """A name is in the public process document only if a workshop's public document has it."""
    text = render_markdown.render(process.build(run.process, public=True))
    own = "".join(render_markdown.render(assembly.build(w, public=True)) for w in run.workshops)
    for name in NAMES + EXTRA_NAMES:
        assert (name in text) == (name in own), name
    for name in EXTRA_NAMES:  # nobody of the two short workshops consented
        assert name not in text


def test_markdown_shifts_each_workshop_one_level_down(run):
    """Workshops are level-2 headings numbered after the overview, their sections level 3."""
    text = render_markdown.render(process.build(run.process))
    assert "## 1. Les ateliers de la démarche" in text
    assert "## 2. Des items plébiscités aux projets" in text
    assert f"## 3. {french(run.workshops[0].title)}" in text
    assert f"## 4. {french(run.workshops[1].title)}" in text
    assert "### 4.2. Participants" in text
    assert "- Présenté par\u00a0: " in text


def test_outline_numbers_and_anchors(run):
    """Anchors stay unique although every workshop has the same section keys."""
    outline = process.build(run.process).outline()
    anchors = [h.anchor for h in outline]
    assert len(anchors) == len(set(anchors))
    parts = [h for h in outline if isinstance(h.block, Part)]
    assert [h.number for h in parts] == ["3", "4", "5"]
    assert all(h.is_part for h in parts)


def test_process_without_workshops(db):
    from coprod.testing.factories import ProcessFactory

    document = process.build(ProcessFactory())
    assert document.parts == []
    assert "0 atelier" in document.cover.question
    assert document.section("crossview").tables[0].rows == []
