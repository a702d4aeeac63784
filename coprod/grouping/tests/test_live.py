"""The board follows the groups live: grouping, then a synthesis edit, reach its socket."""

import pytest

from coprod.agenda.kinds import StepKind
from coprod.grouping import services
from coprod.testing.pages import visible_text
from coprod.testing.sockets import _forget_rooms, board_socket, collect, run, socket  # noqa: F401

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


async def test_the_board_shows_groups_and_syntheses_as_they_change(
    workshop, facilitator, run_to, themed
):
    await run(run_to, workshop, StepKind.PROPOSALS)
    async with board_socket(workshop) as board:
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


async def test_a_move_reaches_the_board_and_the_numbers_said_aloud_stay(
    workshop, facilitator, run_to, themed
):
    """The board names each group as the console does; emptying group 2 leaves « Groupe 3 »."""
    await run(run_to, workshop, StepKind.PROPOSALS)
    first, second, third = await run(services.auto_group, workshop, actor=facilitator, k=3)
    moved = await run(lambda: [p.proposal for p in second.placements.select_related("proposal")])
    async with board_socket(workshop) as board:
        for proposal in moved:
            await run(services.move_proposal, proposal, actor=facilitator, to=first)
        frames = await collect(board)
    text = visible_text(frames[-1])
    assert "Groupe 1" in text and "Groupe 3" in text and "Groupe 2" not in text
