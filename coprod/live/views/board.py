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


@require_GET
def board(request, workshop_id):
    workshop, key = _board_workshop(request, workshop_id)
    join_url = request.build_absolute_uri(f"/j/{workshop.join_code}/")
    return render(
        request,
        "live/board.html",
        {
            "live": live_state.load(workshop.pk),
            "workshop": workshop,
            "board_key": key,
            "join_url": join_url,
            "qr_svg": qr.svg(join_url),
        },
    )


@require_GET
def board_live(request, workshop_id):
    workshop, _key = _board_workshop(request, workshop_id)
    return render(request, "live/board.html#live", {"live": live_state.load(workshop.pk)})
