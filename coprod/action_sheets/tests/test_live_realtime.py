"""Saves reach the room at once: the phones get every sheet's values in one small region (the
same frame for all), the board its progress, API sockets every field's new version."""

import pytest
from django.test import Client

from coprod.action_sheets import services
from coprod.agenda.kinds import StepKind
from coprod.testing.factories import ParticipantFactory, SheetFactory
from coprod.testing.pages import visible_text
from coprod.testing.sockets import (  # noqa: F401
    _forget_rooms,
    board_socket,
    collect,
    next_event,
    run,
    session_cookie,
    socket,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


async def test_a_save_reaches_phones_board_and_api_sockets(workshop, facilitator, run_to):
    await run(run_to, workshop, StepKind.PROJECTS)
    sheet = await run(SheetFactory, workshop=workshop, number=1)
    alice = await run(ParticipantFactory, workshop=workshop, name="Alice", token="jeton-alice")
    client = Client()
    response = await run(
        client.post,
        f"/j/{workshop.join_code}/",
        {"code": workshop.join_code, "name": "Bruno", "accept_charter": "on"},
    )
    assert response.status_code == 302
    base = f"/ws/workshops/{workshop.pk}/"
    async with (
        socket(f"{base}?view=phone", cookie=session_cookie(client)) as phone,
        board_socket(workshop) as board,
        socket(base, token="jeton-alice") as api,
    ):
        for ws in (phone, board, api):
            await collect(ws, quiet=0.3)  # presence announcements
        await run(
            services.save_field,
            sheet,
            "title",
            value="Navette <b>des villages</b>",
            base_version=0,
            participant=alice,
        )
        await run(
            services.save_field,
            sheet,
            "objective",
            value="Relier les villages",
            base_version=0,
            participant=alice,
        )
        first = await next_event(api, "sheet.changed")
        second = await next_event(api, "sheet.changed")
        phone_frames = await collect(phone)
        board_frames = await collect(board)
    # Not merged: an API client hears of both fields.
    assert first["data"] == {"sheet": sheet.pk, "field": "title", "version": 1}
    assert second["data"] == {"sheet": sheet.pk, "field": "objective", "version": 1}
    # Phones get the sheets region alone (not the whole live region): small, and the personal
    # panel with what is being typed is not touched.
    last = phone_frames[-1]
    assert last.startswith('<div id="phone-sheets" hx-swap-oob="innerHTML">')
    assert "phone-live" not in last
    assert f'data-sheet="{sheet.pk}" data-field="objective" data-version="1"' in last
    assert "Navette &lt;b&gt;des villages&lt;/b&gt;" in last
    board_text = visible_text(board_frames[-1])
    assert board_frames[-1].startswith('<div id="board-sheets"')
    assert "Table 1 — Navette <b>des villages</b>" in board_text
    assert "remplie à 22 %" in board_text


async def test_a_critique_reaches_the_board(workshop, facilitator, run_to):
    await run(run_to, workshop, StepKind.PROJECTS)
    sheet = await run(SheetFactory, workshop=workshop, number=1)
    bruno = await run(ParticipantFactory, workshop=workshop, name="Bruno")
    async with board_socket(workshop) as b:
        await collect(b, quiet=0.3)
        await run(
            services.add_comment,
            sheet,
            text="Trop cher",
            is_critique=True,
            suggestion="Chercher un appel à projets",
            participant=bruno,
        )
        frames = await collect(b)
    text = visible_text(frames[-1])
    assert "Critique : Trop cher Suggestion : Chercher un appel à projets — Bruno" in text


async def test_sheet_events_outside_the_sheet_steps_push_no_html(workshop, facilitator, run_to):
    await run(run_to, workshop, StepKind.LEVERS)
    sheet = await run(SheetFactory, workshop=workshop, number=1)
    async with (
        board_socket(workshop) as board,
        socket(
            f"/ws/workshops/{workshop.pk}/?view=console", cookie=await _console(facilitator)
        ) as console,
    ):
        await collect(board, quiet=0.3)
        await collect(console, quiet=0.3)
        await run(services.create_sheets, workshop, actor=facilitator, count=1)
        assert await collect(board) == []
        assert await collect(console) == []
    assert sheet.pk


async def _console(facilitator) -> str:
    client = Client()
    await run(client.force_login, facilitator)
    return session_cookie(client)


async def test_sheet_changed_is_never_coalesced():
    """Each save's {sheet, field, version} must reach API clients: merging would drop fields."""
    from coprod.realtime.events import COALESCED

    assert "sheet.changed" not in COALESCED and "sheet.commented" not in COALESCED
    assert "tables.changed" in COALESCED
