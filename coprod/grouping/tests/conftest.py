import pytest

from coprod.testing.factories import ProposalFactory
from coprod.testing.themes import THEMES


@pytest.fixture
def themed(workshop):
    """Nine proposals on three themes, in an interleaved order."""
    rows = list(zip(*THEMES.values(), strict=True))
    return [ProposalFactory(workshop=workshop, text=t) for row in rows for t in row]
