"""The console's screen reader hears what the room changes by itself (a proposal from a phone,
a vote, a testimony), in a live region of its own: the one that confirms the facilitator's own
action is never covered by the push that action causes. The board and the phones hear none."""

import pytest

from coprod.agenda.kinds import StepKind
from coprod.live import regions
from coprod.proposals import services as proposals
from coprod.testing.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

ROOM = '<p id="console-room-announce" hx-swap-oob="innerHTML">'
AUDIENCES = {("facilitator", "fr"), ("board", "fr"), ("participant", "fr")}


def test_a_proposal_from_a_phone_is_said_on_the_console_only(workshop, run_to):
    run_to(workshop, StepKind.PROPOSALS)
    author = ParticipantFactory(workshop=workshop, name="Bruno")
    proposals.submit_proposal(workshop, text_value="Un minibus le jeudi", author=author)
    out = regions.render(workshop.pk, ["proposals.changed"], AUDIENCES)
    console = out[("facilitator", "fr")]
    assert f"{ROOM}Nouvelle proposition.</p>" in console
    assert 'id="console-announce"' not in console  # the facilitator's own line stays as it is
    assert "room-announce" not in out[("board", "fr")]


def test_votes_and_a_step_change_each_say_their_own(workshop, run_to):
    run_to(workshop, StepKind.PROPOSALS)
    out = regions.render(workshop.pk, ["tally.updated"], AUDIENCES)
    assert f"{ROOM}Les votes ont changé.</p>" in out[("facilitator", "fr")]
    stepped = regions.render(workshop.pk, ["step.changed"], AUDIENCES)[("facilitator", "fr")]
    assert "room-announce" not in stepped and "Nouvelle séquence" in stepped


def test_the_console_page_has_the_region(facilitator_client, workshop):
    page = facilitator_client.get(f"/animer/{workshop.pk}/").content.decode()
    assert '<p id="console-room-announce" class="visually-hidden" aria-live="polite"></p>' in page
