import pytest

from coprod.grouping.models import Synthesis
from coprod.testing import factories
from coprod.testing.factories import ParticipantFactory, SheetFactory
from coprod.testing.pages import visible_text

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


def assert_conflict_kept(answer, name: str, *, mine: str, theirs: str, who: str) -> None:
    """A field's answer to a save that met someone else's (a phone's or the facilitator's):
    both versions and who wrote theirs, the writer's own text still in the field, both choices,
    and « Garder ma version » starting from their version (1)."""
    assert answer.status_code == 409
    text = visible_text(answer)
    assert "Quelqu'un a modifié ce champ pendant que vous écriviez" in text
    assert theirs in text and who in text
    body = answer.content.decode()
    assert f">{mine}</textarea>" in body
    assert f'id="keep-mine-{name}"' in body and f'id="keep-theirs-{name}"' in body
    assert f'name="base-{name}" value="1"' in body
