import pytest

from coprod.grouping.models import Synthesis
from coprod.testing import factories
from coprod.testing.factories import ParticipantFactory, SheetFactory

BUS = "Développer le transport à la demande pour les personnes sans voiture"
SHOPS = "Maintenir une épicerie et un point poste dans chaque village"


def make_synthesis(workshop, text, position=1, status=Synthesis.Status.VALIDATED, label=""):
    """A synthesis of a group the facilitator left unnamed (as grouping makes them), or named
    `label`."""
    return factories.make_synthesis(workshop, text, position, status, label)


@pytest.fixture
def sheet(workshop):
    return SheetFactory(workshop=workshop, number=1)


@pytest.fixture
def alice(workshop):
    return ParticipantFactory(workshop=workshop, name="Alice", organisation="Mairie")


@pytest.fixture
def bruno(workshop):
    return ParticipantFactory(workshop=workshop, name="Bruno", organisation="Association")


@pytest.fixture
def projects_step(workshop, run_to):
    """The workshop is live, at its projects step."""
    return run_to(workshop, "projects")
