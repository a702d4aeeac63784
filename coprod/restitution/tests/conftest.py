"""A workshop whose documents run over many pages: for the layout checks of every format."""

import pytest

from coprod.action_sheets import services as sheets
from coprod.voting import services as voting

# Long enough that the priorities table runs over a page break in the PDF.
LONG_OPTIONS = [
    f"Option {n} : un projet expérimental pour les publics éloignés des services, "
    f"porté avec les communes et les associations du territoire (variante {n})"
    for n in range(1, 41)
]
EMPTY_SHEETS = 2


@pytest.fixture
def long_run(complete):
    """The `complete` workshop, plus a closed priorities poll of forty long options and two
    action sheets nobody filled in (tables 3 and 4)."""
    workshop, actor = complete.workshop, complete.facilitator
    poll = voting.create_poll(
        workshop, actor=actor, title="Priorités de la démarche", labels=LONG_OPTIONS
    )
    voting.open_poll(poll, actor=actor)
    options = list(poll.options.order_by("position", "id"))
    for i, person in enumerate(complete.people):
        grades = {option.pk: (i + n) % 7 for n, option in enumerate(options)}
        voting.cast_grades(poll, participant=person, grades=grades, actor=actor)
    voting.close_poll(poll, actor=actor)
    sheets.create_sheets(workshop, actor=actor, count=EMPTY_SHEETS)
    return complete
