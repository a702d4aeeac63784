"""The board follows the groups live: grouping, then a synthesis edit, reach its socket."""

import pytest

from coprod.agenda.kinds import StepKind
from coprod.grouping import services
from coprod.testing.pages import visible_text
from coprod.testing.sockets import _forget_rooms, collect, run, socket  # noqa: F401

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


async def test_the_board_shows_groups_and_syntheses_as_they_change(
    workshop, facilitator, run_to, themed
):
    await run(run_to, workshop, StepKind.PROPOSALS)
    path = f"/ws/workshops/{workshop.pk}/?view=board&board={workshop.board_key}"
    async with socket(path) as board:
        clusters = await run(services.auto_group, workshop, actor=facilitator, k=3)
        frames = await collect(board)
        assert frames and visible_text(frames[-1]).count("Plus de bus") == 1
        assert 'class="groups"' in frames[-1]
        await run(
            services.write_synthesis,
            clusters[0],
            actor=facilitator,
            text="Des transports pour tous les villages",
        )
        frames = await collect(board)
    assert "Des transports pour tous les villages" in visible_text(frames[-1])
