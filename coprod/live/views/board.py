"""The board (projector page) and its live region."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from coprod.workshops.models import Workshop

from .. import access, qr
from .. import state as live_state


def _board_workshop(request, workshop_id) -> tuple[Workshop, str]:
    workshop = get_object_or_404(Workshop, pk=workshop_id)
    key = request.GET.get("cle", "")
    if access.audience_for(workshop.pk, user=request.user, view="board", board_key=key) != "board":
        raise Http404
    return workshop, key


def _join_corner(request, workshop: Workshop) -> dict:
    """The code and QR code of the board's corner, with the address the board was opened at
    (phones on the hall's network reach the laptop by it)."""
    join_url = request.build_absolute_uri(f"/j/{workshop.join_code}/")
    return {"workshop": workshop, "join_url": join_url, "qr_svg": qr.svg(join_url)}


@require_GET
def board(request, workshop_id):
    workshop, key = _board_workshop(request, workshop_id)
    context = {"live": live_state.load(workshop.pk), "board_key": key}
    return render(request, "live/board.html", {**context, **_join_corner(request, workshop)})


@require_GET
def board_live(request, workshop_id):
    workshop, _key = _board_workshop(request, workshop_id)
    return render(request, "live/board.html#live", {"live": live_state.load(workshop.pk)})


@require_GET
def board_join(request, workshop_id):
    """The corner again, after a new code or a change of registration (live.js asks)."""
    workshop, key = _board_workshop(request, workshop_id)
    context = {"board_key": key, **_join_corner(request, workshop)}
    return render(request, "live/board.html#join", context)
