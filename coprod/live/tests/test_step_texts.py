"""What each live page shows of a step's two texts: the room reads the participants' text, the
facilitator alone reads the notes."""

import pytest

from coprod.agenda.kinds import StepKind
from coprod.live import regions
from coprod.testing.pages import visible_text
from coprod.testing.phones import join_as

pytestmark = pytest.mark.django_db

ROOM = "Écrivez vos propositions pour améliorer la situation"
NOTES = "L’inscrire sur le tableau"
NOTES_TITLE = "Notes pour l'animateur (vous seul·e les voyez)"


@pytest.fixture
def at_proposals(workshop, run_to):
    run_to(workshop, StepKind.PROPOSALS)
    return workshop


def test_phone_and_board_show_the_participants_text_only(client, facilitator_client, at_proposals):
    board = visible_text(facilitator_client.get(f"/tableau/{at_proposals.pk}/"))
    join_as(client, at_proposals)
    phone = visible_text(client.get(f"/p/{at_proposals.pk}/"))
    region = visible_text(client.get(f"/p/{at_proposals.pk}/live/"))
    for page in (board, phone, region):
        assert ROOM in page
        assert NOTES not in page and NOTES_TITLE not in page


def test_console_shows_the_notes_marked_private(facilitator_client, at_proposals):
    page = visible_text(facilitator_client.get(f"/animer/{at_proposals.pk}/"))
    assert f"{NOTES_TITLE} Lecture des propositions pour améliorer la situation." in page
    assert NOTES in page


def test_pushed_regions_keep_the_notes_for_the_console(at_proposals):
    """What the socket pushes: the notes reach the facilitators' console, never the board or a
    phone."""
    audiences = {("board", "fr"), ("participant", "fr"), ("facilitator", "fr")}
    pushed = regions.render(at_proposals.pk, ["step.changed"], audiences)
    assert NOTES in pushed[("facilitator", "fr")]
    for audience in ("board", "participant"):
        assert NOTES not in pushed[(audience, "fr")]
    assert "facilitator_notes" not in str(pushed["json"]) and NOTES not in str(pushed["json"])
