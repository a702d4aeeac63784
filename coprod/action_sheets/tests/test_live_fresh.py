"""Phones are never stale in the sheet steps (issue 17, item 5): what is pushed to them equals
what a fresh load shows, their own table's progress and critiques come from it, and a vote
opened meanwhile (the priority vote) comes beside the sheet instead of replacing it."""

import re
from html.parser import HTMLParser

import pytest

from coprod.action_sheets import services
from coprod.agenda.kinds import StepKind
from coprod.live import regions
from coprod.testing.factories import SheetFactory
from coprod.testing.pages import visible_text

from .test_live_views import HX, phone_of

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">')


class _Inner(HTMLParser):
    """The inner HTML of the first element carrying `attr` (with `value`, if given)."""

    VOID = {"input", "br", "img", "meta", "link", "hr", "source", "area", "col", "wbr"}

    def __init__(self, attr, value=None):
        super().__init__(convert_charrefs=False)
        self.attr, self.value, self.depth, self.start, self.end = attr, value, 0, None, None

    def handle_starttag(self, tag, attrs):
        if self.end is not None or tag in self.VOID:
            return
        if self.start is None:
            found = dict(attrs)
            if self.attr in found and (self.value is None or found[self.attr] == self.value):
                self.start = self._offset() + len(self.get_starttag_text())
                self.depth = 1
            return
        self.depth += 1

    def handle_endtag(self, tag):
        if self.start is None or self.end is not None or tag in self.VOID:
            return
        self.depth -= 1
        if self.depth == 0:
            self.end = self._offset()

    def _offset(self):
        line, column = self.getpos()
        return sum(len(x) for x in self.rawdata.splitlines(keepends=True)[: line - 1]) + column


def inner(markup: str, attr: str, value: str | None = None) -> str:
    parser = _Inner(attr, value)
    parser.feed(markup)
    assert parser.start is not None and parser.end is not None, (attr, value)
    return CSRF.sub("", markup[parser.start : parser.end]).strip()


def pushed(workshop, event="sheet.changed") -> str:
    """What a phone receives after `event`: the frame the hub renders for every phone."""
    return regions.render(workshop.pk, [event], {("participant", "fr")})[("participant", "fr")]


@pytest.fixture
def at_table(client, workshop, alice, bruno, run_to):
    """Alice's phone at table 1 (of two) in the projects step, Bruno at the same table."""
    run_to(workshop, StepKind.PROJECTS)
    tables = [SheetFactory(workshop=workshop, number=n) for n in (1, 2)]
    for person in (alice, bruno):
        services.take_seat(person, tables[0])
    return phone_of(client, workshop, alice), tables[0]


def test_the_pushed_sheets_region_equals_a_fresh_read(workshop, at_table, bruno):
    """Seen « remplie à 11 % » on a phone while the board said 78 %: after Bruno fills seven of
    the nine required fields and criticises, the frame pushed to Alice's phone is the region a
    fresh load gives, and her table's progress and critique in it are those a fresh load shows
    above her sheet (sheets.js copies the one into the other)."""
    phone, sheet = at_table
    assert "Fiche remplie à 0 %" in visible_text(phone.get(f"/p/{workshop.pk}/"))
    for name in ("title", "objective", "description", "partners", "carrier", "calendar"):
        services.save_field(sheet, name, value=f"{name} écrit", base_version=0, participant=bruno)
    services.save_field(sheet, "indicators", value="10 trajets", base_version=0, participant=bruno)
    services.add_comment(
        sheet,
        text="Un seul trajet, c'est peu",
        is_critique=True,
        suggestion="Deux trajets par semaine",
        participant=bruno,
    )
    frame = pushed(workshop, "sheet.commented")
    assert frame.startswith('<div id="phone-sheets" hx-swap-oob="innerHTML">')
    fresh = phone.get(f"/p/{workshop.pk}/").content.decode()
    assert inner(frame, "id", "phone-sheets") == inner(fresh, "id", "phone-sheets")

    card_news = inner(frame, "data-sheet-card", str(sheet.pk))
    card_news = inner(card_news, "data-news")
    assert card_news == inner(fresh, "data-my-news")
    said = visible_text(card_news)
    assert "Fiche remplie à 78 % — manque : Publics cibles, Premières étapes" in said
    assert "Critique : Un seul trajet, c'est peu Suggestion : Deux trajets par semaine" in said


def test_the_critique_of_a_table_shows_above_its_own_sheet(workshop, at_table, bruno):
    """Critiques reach their table: on a fresh load of its phones, above the sheet they write
    (the pushed card of one's own table is hidden: it would repeat the sheet)."""
    phone, sheet = at_table
    services.add_comment(
        sheet, text="Trop cher", is_critique=True, suggestion="Mutualiser", participant=bruno
    )
    page = phone.get(f"/p/{workshop.pk}/").content.decode()
    mine = visible_text(inner(page, "class", "my-sheet"))
    assert "Critique : Trop cher Suggestion : Mutualiser — Bruno" in mine


@pytest.fixture
def unseated(client, workshop, alice, run_to):
    run_to(workshop, StepKind.PROJECTS)
    return phone_of(client, workshop, alice)


def test_a_phone_drawn_before_the_tables_learns_of_them(workshop, unseated, facilitator):
    """Seen « L'animateur prépare les tables » above the listed tables: the personal region says
    which tables it was drawn with, the pushed list which exist, so sheets.js fetches the region
    again when they differ; the fresh region then offers them."""
    before = unseated.get(f"/p/{workshop.pk}/moi/")
    body = before.content.decode()
    assert 'data-tables=""' in body and "L'animateur prépare les tables" in visible_text(before)
    made = services.create_sheets(workshop, actor=facilitator, count=2)
    frame = pushed(workshop, "tables.changed")
    cards = re.findall(r'data-sheet-card="(\d+)"', frame)
    assert cards == [str(s.pk) for s in made]
    after = unseated.get(f"/p/{workshop.pk}/moi/")
    drawn = re.search(r'data-tables="([^"]*)"', after.content.decode()).group(1).split()
    assert drawn == cards
    text = visible_text(after)
    assert "L'animateur prépare les tables" not in text and "Rejoindre la table 2" in text


def test_the_priority_vote_comes_beside_the_sheet(
    workshop, at_table, facilitator, django_capture_on_commit_callbacks
):
    """Launching the priority vote hid the sheet editor: now the ballot comes in a region of its
    own, and the sheet's region keeps its id (the phone keeps it with what is typed in it)."""
    phone, sheet = at_table
    before = phone.get(f"/p/{workshop.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # published: phones read anew
        services.start_priority_poll(workshop, actor=facilitator)
    frame = regions.render(workshop.pk, ["votes.changed"], {("participant", "fr")})
    frame = frame[("participant", "fr")]
    # The pushed live region: the same sheet region (kept by htmx, what is typed with it)…
    assert 'id="phone-personal-sheets"' in before and 'id="phone-personal-sheets"' in frame
    # … and the ballot's own region, fetched by the phone from the voting app.
    ballot = re.search(r'<div id="phone-ballot-[^"]+" class="personal"[^>]*>', frame).group(0)
    assert f'hx-get="/p/{workshop.pk}/votes/"' in ballot
    page = phone.get(f"/p/{workshop.pk}/")
    text = visible_text(page)
    assert "Priorité entre les fiches action" in text and "Envoyer mon vote" in text
    assert 'id="sheet-field-title"' in page.content.decode()
    assert "Votre table : table 1" in text
    # The ballot answers into its own region.
    assert "Priorité entre les fiches action" in visible_text(
        phone.get(f"/p/{workshop.pk}/votes/", headers=HX)
    )
    assert 'id="sheet-field-title"' in phone.get(f"/p/{workshop.pk}/moi/").content.decode()
