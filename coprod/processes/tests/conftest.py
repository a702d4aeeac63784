import pytest

from coprod.processes import services


@pytest.fixture
def process(chargee):
    """The chargée's process with three priority items and one target public."""
    return services.create_process(
        actor=chargee,
        title="Démarche de progrès du Vexin",
        territory="Parc naturel régional du Vexin français",
        priority_items=["Mobilité", "Services de proximité", "Insertion"],
        target_publics=["Jeunes"],
    )
