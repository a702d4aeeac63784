"""The board follows the existing actions step live: the action put on screen, then a
testimony, then (levers step) a lever, reach its socket without a reload."""

import pytest

from coprod.agenda.kinds import StepKind
from coprod.catalogue.services import live as services
from coprod.testing.factories import ActionFactory, ParticipantFactory
from coprod.testing.pages import visible_text
from coprod.testing.sockets import _forget_rooms, board_socket, collect, run, socket  # noqa: F401

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


async def test_the_board_shows_the_action_and_its_testimony_as_they_come(
    workshop, facilitator, run_to
):
    await run(run_to, workshop, StepKind.EXISTING_ACTIONS)
    action = await run(ActionFactory, process=workshop.process, title="Épicerie itinérante")
    alice = await run(ParticipantFactory, workshop=workshop, name="Alice", organisation="Mairie")
    (presentation,) = await run(
        services.present_actions, workshop, actor=facilitator, actions=[action]
    )
    async with board_socket(workshop) as board:
        await run(services.show, workshop, presentation, actor=facilitator)
        frames = await collect(board)
        assert frames and "Épicerie itinérante" in visible_text(frames[-1])
        await run(
            services.testify,
            presentation,
            participant=alice,
            content="Le camion passe le mardi à Santeuil",
        )
        frames = await collect(board)
        text = visible_text(frames[-1])
        assert "Le camion passe le mardi à Santeuil" in text and "1 témoignage" in text
        await run(run_to, workshop, StepKind.LEVERS)
        await collect(board)
        await run(
            services.add_lever,
            workshop,
            author=alice,
            kind="event",
            title="Fête du Parc",
            due_on="2030-09-01",
        )
        frames = await collect(board)
    assert "01/09/2030 Fête du Parc" in visible_text(frames[-1])
