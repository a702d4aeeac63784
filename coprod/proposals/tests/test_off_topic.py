"""« Hors sujet ? » is a suggestion for the facilitator only: the console, the proposals page and
a facilitator's API token see it; the board, the phones and participants' tokens never do."""

import pytest

from coprod.proposals import services
from coprod.proposals.tests.test_views import phone  # noqa: F401
from coprod.testing.api import bearer
from coprod.testing.factories import ParticipantFactory
from coprod.testing.pages import visible_text

pytestmark = pytest.mark.django_db

ASTRAY = "Repeindre les volets du château en bleu ciel"
FLAG = "hors sujet ?"


@pytest.fixture
def astray(workshop, items, proposals_step):
    author = ParticipantFactory(workshop=workshop, name="Bruno")
    proposal = services.submit_proposal(workshop, text_value=ASTRAY, author=author)
    assert proposal.off_topic
    return proposal


def test_the_board_shows_the_idea_without_the_flag(facilitator_client, workshop, astray):
    board = visible_text(facilitator_client.get(f"/tableau/{workshop.pk}/"))
    assert ASTRAY in board and FLAG not in board


def test_the_console_and_the_proposals_page_suggest_it(facilitator_client, workshop, astray):
    console = facilitator_client.get(f"/animer/{workshop.pk}/").content.decode()
    item = console[console.index(f'id="console-proposal-{astray.pk}"') :]
    item = item[item.index(">") + 1 :]
    item = visible_text(item[: item.index("</li>")])
    assert item.startswith(f"{ASTRAY} — Bruno") and FLAG in item
    manage = visible_text(facilitator_client.get(f"/ateliers/{workshop.pk}/propositions/"))
    assert f"{FLAG} (suggestion : proche d’aucun item plébiscité ; vous seul·e la voyez)" in manage


def test_the_phone_is_never_told(phone, workshop, items, proposals_step):  # noqa: F811
    """Typing a sentence far from every item: no verdict on the phone, and no item named."""
    answer = visible_text(phone.get(f"/p/{workshop.pk}/propositions/proches/", {"text": ASTRAY}))
    assert "proche d'aucun item" not in answer and "semble concerner" not in answer
    page = visible_text(phone.get(f"/p/{workshop.pk}/"))
    assert FLAG not in page


def test_api_gives_the_flag_to_facilitator_tokens_only(client, workshop, astray, facilitator_token):
    ParticipantFactory(workshop=workshop, token="jeton-de-claire")
    url = f"/api/v1/workshops/{workshop.pk}/proposals"
    for_room = client.get(url, headers=bearer("jeton-de-claire")).json()
    for_facilitator = client.get(url, headers=bearer(facilitator_token)).json()
    assert [p["off_topic"] for p in for_room] == [None]
    assert [p["off_topic"] for p in for_facilitator] == [True]
