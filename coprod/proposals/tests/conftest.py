import pytest

from coprod.processes.models import PriorityItem
from coprod.testing.factories import ParticipantFactory

# The seed's three most-voted items (Vexin workshop 4).
SEED_ITEMS = [
    "Porter une attention aux publics sans transports et favoriser l’accessibilité de ses publics aux offres",
    "Intervenir sur le maintien des services de proximité",
    "Travailler à des solutions d’insertion professionnelles sur le territoire",
]


@pytest.fixture
def items(workshop):
    created = [
        PriorityItem.objects.create(process=workshop.process, text=t, position=i)
        for i, t in enumerate(SEED_ITEMS, start=1)
    ]
    workshop.priority_items.set(created)
    return created


@pytest.fixture
def alice(workshop):
    return ParticipantFactory(workshop=workshop, name="Alice")


@pytest.fixture
def proposals_step(workshop, run_to, items):
    """The workshop is live, at its proposals step."""
    return run_to(workshop, "proposals")
