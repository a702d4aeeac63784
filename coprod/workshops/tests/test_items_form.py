"""The workshop form offers its process's priority items; changing process takes the new ones."""

import pytest

from coprod.testing.factories import PriorityItemFactory, ProcessFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def posted(workshop, **changes):
    data = {
        "process": workshop.process_id,
        "title": workshop.title,
        "question": workshop.question,
        "charter": workshop.charter,
        "expected_participants": "",
    }
    return {**data, **changes}


@pytest.fixture
def items(workshop):
    return [PriorityItemFactory(process=workshop.process) for _n in range(3)]


def test_the_form_offers_the_process_items_as_checkboxes(facilitator_client, workshop, items):
    workshop.priority_items.set(items[:2])
    page = facilitator_client.get(f"/ateliers/{workshop.pk}/modifier/").content.decode()
    for item in items:
        assert f'value="{item.pk}"' in page
    assert page.count('type="checkbox" name="priority_items"') == 3
    assert page.count("checked") == 2


def test_the_workshop_keeps_the_items_ticked(facilitator_client, workshop, items):
    facilitator_client.post(
        f"/ateliers/{workshop.pk}/modifier/", posted(workshop, priority_items=[items[2].pk])
    )
    assert list(workshop.priority_items.all()) == [items[2]]


def test_an_item_of_another_process_is_refused(facilitator_client, workshop, items):
    foreign = PriorityItemFactory()
    answer = facilitator_client.post(
        f"/ateliers/{workshop.pk}/modifier/", posted(workshop, priority_items=[foreign.pk])
    )
    assert "pas un item de la démarche" in answer.content.decode()
    assert not workshop.priority_items.filter(pk=foreign.pk).exists()


def test_changing_process_takes_the_new_process_items(
    facilitator, facilitator_client, workshop, items
):
    other = ProcessFactory(owners=[facilitator])
    new_items = [PriorityItemFactory(process=other) for _n in range(2)]
    WorkshopFactory(process=other, facilitators=[facilitator])
    facilitator_client.post(
        f"/ateliers/{workshop.pk}/modifier/",
        posted(workshop, process=other.pk, priority_items=[items[0].pk]),
    )
    workshop.refresh_from_db()
    assert workshop.process == other
    assert set(workshop.priority_items.all()) == set(new_items)
