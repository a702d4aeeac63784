"""Creating a participatory process ("démarche de progrès")."""

import pytest

from coprod.processes.services import create_process

pytestmark = pytest.mark.django_db


def test_process_keeps_its_priority_items_in_order_and_its_target_publics(facilitator):
    process = create_process(
        actor=facilitator,
        title="Démarche de progrès du Parc",
        priority_items=["Mobilité", "Services de proximité", "Insertion"],
        target_publics=["Jeunes", "Personnes âgées"],
    )
    assert list(process.owners.all()) == [facilitator]
    assert list(process.priority_items.values_list("text", flat=True)) == [
        "Mobilité",
        "Services de proximité",
        "Insertion",
    ]
    assert sorted(process.target_publics.values_list("name", flat=True)) == [
        "Jeunes",
        "Personnes âgées",
    ]
