import pytest

from coprod.grouping.models import Synthesis
from coprod.testing.factories import ParticipantFactory, make_synthesis
from coprod.voting import services

BUS = "Développer le transport à la demande pour les personnes sans voiture"
SHOPS = "Maintenir une épicerie et un point poste dans chaque village"
JOBS = "Créer des chantiers d'insertion avec les entreprises du territoire"


@pytest.fixture
def synthesis(workshop):
    return make_synthesis(workshop, BUS)


@pytest.fixture
def people(workshop):
    """Six participants with a phone."""
    return [ParticipantFactory(workshop=workshop, name=f"Personne {i}") for i in range(6)]


@pytest.fixture
def offline(workshop):
    return ParticipantFactory(workshop=workshop, name="Bernard", has_phone=False)


@pytest.fixture
def vote(synthesis, facilitator):
    return services.open_validation(synthesis, actor=facilitator)


@pytest.fixture
def validated(workshop):
    """Three validated syntheses."""
    return [
        make_synthesis(workshop, text, position=i, status=Synthesis.Status.VALIDATED)
        for i, text in enumerate([BUS, SHOPS, JOBS], start=1)
    ]
