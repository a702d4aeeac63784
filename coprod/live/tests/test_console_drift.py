"""The console's timing line when the workshop began later than planned."""

import pytest

from coprod.agenda import services as agenda
from coprod.testing.pages import visible_text

pytestmark = pytest.mark.django_db


def test_a_late_start_is_said_and_is_not_drift(facilitator_client, facilitator, workshop, clock):
    """Planned at 14:00 (Paris), begun at 14:20, the first step on time: « commencé à 14:20
    (prévu 14:00) » and no drift, the estimated end moved by the 20 minutes."""
    workshop.starts_at = clock.now
    workshop.save()
    clock.advance(minutes=20)
    agenda.start_workshop(workshop, actor=facilitator)
    clock.advance(minutes=5)
    page = visible_text(facilitator_client.get(f"/animer/{workshop.pk}/"))
    assert (
        "Commencé à 14:20 (prévu 14:00) · Fin prévue depuis le début réel 16:25 "
        "(au programme 16:05) · fin estimée 16:25 (+0 min)"
    ) in page


def test_an_on_time_start_says_only_the_ends(facilitator_client, facilitator, workshop, clock):
    """Begun 20 seconds late: nothing to say about the start."""
    workshop.starts_at = clock.now
    workshop.save()
    clock.advance(seconds=20)
    agenda.start_workshop(workshop, actor=facilitator)
    page = visible_text(facilitator_client.get(f"/animer/{workshop.pk}/"))
    assert "Commencé à" not in page
    assert "Fin prévue 16:05 · fin estimée 16:05 (+0 min)" in page
