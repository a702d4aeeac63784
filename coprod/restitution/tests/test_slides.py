"""The restitution slides: who may open them, how the document is cut into slides, escaping."""

import html
import re

import pytest
from django.urls import resolve, reverse

from coprod.restitution.document import Document, Item, Section
from coprod.restitution.views import slides as slides_view
from coprod.testing.pages import visible_text

from .sample import SCRIPT, SECTION_TITLES, sample_document


@pytest.fixture
def sample(monkeypatch):
    """The view shows the sample document instead of the workshop's own."""
    document = sample_document()
    monkeypatch.setattr(slides_view, "build_document", lambda workshop: document)
    return document


def url(workshop) -> str:
    return reverse("restitution:slides", args=[workshop.pk])


def slide_sections(page: str) -> list[str]:
    return re.findall(r'<section class="slide[^"]*"[^>]*>', page)


# --- Who may open them --------------------------------------------------------------------------


def test_url_reaches_the_slides_view(workshop):
    assert url(workshop) == f"/ateliers/{workshop.pk}/restitution/diaporama/"
    assert resolve(url(workshop)).func is slides_view.slides


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client, workshop, sample):
    response = client.get(url(workshop))
    assert response.status_code == 302
    assert "/compte/connexion/" in response["Location"]


@pytest.mark.django_db
def test_other_accounts_are_refused(client, stranger, workshop, sample):
    client.force_login(stranger)
    assert client.get(url(workshop)).status_code == 403


@pytest.mark.django_db
def test_process_owner_may_open_them(client, stranger, workshop, sample):
    workshop.process.owners.add(stranger)
    client.force_login(stranger)
    assert client.get(url(workshop)).status_code == 200


@pytest.mark.django_db
def test_unknown_workshop_is_not_found(facilitator_client, sample):
    assert facilitator_client.get("/ateliers/999999/restitution/diaporama/").status_code == 404


# --- What they show -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_section_and_the_cover_are_shown(facilitator_client, workshop, sample):
    response = facilitator_client.get(url(workshop))
    assert response.status_code == 200
    text = visible_text(response)
    for title in SECTION_TITLES.values():
        assert title in text
    cover = sample.cover
    for part in (cover.process, cover.workshop, cover.question, cover.date, cover.place):
        assert " ".join(part.split()) in text  # visible_text folds no-break spaces


@pytest.mark.django_db
def test_markup_in_texts_is_escaped(facilitator_client, workshop, sample):
    page = facilitator_client.get(url(workshop)).content.decode()
    assert "<script>alert" not in page
    assert "<b>gras</b>" not in page
    assert html.escape(SCRIPT, quote=False) in page or html.escape(SCRIPT) in page
    # The only scripts are the page's own two (with the answer's CSP nonce).
    assert len(re.findall(r"<script[ >]", page)) == 2
    assert len(re.findall(r'<script nonce="[^"]+">', page)) == 2


@pytest.mark.django_db
def test_page_is_self_contained(facilitator_client, workshop, sample):
    """No stylesheet, script or image is fetched: a saved copy works without network."""
    page = facilitator_client.get(url(workshop)).content.decode()
    assert not re.search(r"<(script|img|link)[^>]+(src|href)=", page)
    assert re.search(r'<style nonce="[^"]+">', page)
    assert "ArrowRight" in page  # slides.js is inlined


@pytest.mark.django_db
def test_one_numbered_slide_per_part(facilitator_client, workshop, sample):
    page = facilitator_client.get(url(workshop)).content.decode()
    sections = slide_sections(page)
    total = len(slides_view.slides_of(sample))
    assert len(sections) == total
    assert f"1 / {total}" in page and f"{total} / {total}" in page
    assert 'aria-live="polite"' in page


@pytest.mark.django_db
def test_the_full_document_of_the_workshop_is_public(facilitator_client, workshop, monkeypatch):
    """The view asks the assembly for the public version: no participant's name."""
    asked = {}

    def build(found, *, public=False):
        asked.update(workshop=found.pk, public=public)
        return sample_document()

    from coprod.restitution import assembly

    monkeypatch.setattr(assembly, "build", build)
    assert facilitator_client.get(url(workshop)).status_code == 200
    assert asked == {"workshop": workshop.pk, "public": True}


# --- Cutting the document into slides -----------------------------------------------------------


def test_slides_start_with_the_cover_and_follow_the_sections():
    document = sample_document()
    slides = slides_view.slides_of(document)
    assert slides[0].cover == document.cover
    kinds = [s.title.split(" (")[0] for s in slides[1:] if not s.kicker]
    assert list(dict.fromkeys(kinds)) == list(SECTION_TITLES.values())


def test_syntheses_and_sheets_get_an_overview_then_a_slide_each():
    slides = slides_view.slides_of(sample_document())
    syntheses = [s for s in slides if s.kicker == SECTION_TITLES["syntheses"]]
    assert [s.title for s in syntheses] == [
        "Transport à la demande",
        "Commerces de proximité",
        "Covoiturage",
    ]
    assert syntheses[0].item.details == [("Propositions", "6"), ("Groupe", "Groupe 1")]
    overview = next(s for s in slides if s.title == SECTION_TITLES["syntheses"])
    assert overview.titles_only and len(overview.items) == 3
    sheets = [s.title for s in slides if s.kicker == SECTION_TITLES["sheets"]]
    assert sheets == ["Fiche 1 : minibus du samedi", "Fiche 2 : épicerie itinérante"]


def test_long_sections_are_split_and_numbered():
    many = [Item(title=f"Séquence {n}") for n in range(1, 15)]
    document = sample_document()
    document = Document(document.cover, [Section("items", "Ordre du jour", items=many)])
    slides = slides_view.slides_of(document)[1:]
    assert [s.title for s in slides] == [
        "Ordre du jour (1/3)",
        "Ordre du jour (2/3)",
        "Ordre du jour (3/3)",
    ]
    assert [len(s.items) for s in slides] == [5, 5, 4]  # evenly filled


def test_a_section_with_a_table_and_a_chart_shows_each_on_its_slide():
    slides = slides_view.slides_of(sample_document())
    priorities = [s for s in slides if s.title.startswith(SECTION_TITLES["priorities"])]
    assert [bool(s.chart) for s in priorities] == [False, True]
    assert priorities[0].table.rows[0] == ["1", "Transport à la demande", "18"]
