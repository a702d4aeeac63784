"""The board (projector page) and its live region."""

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import constant_time_compare
from django.views.decorators.http import require_GET

from coprod.core import links
from coprod.workshops.models import Workshop

from .. import access, board_grant, qr
from .. import state as live_state


def _board_workshop(request, workshop_id) -> Workshop:
    """The workshop, for the facilitator or a browser holding the board's grant (its cookie)."""
    workshop = get_object_or_404(Workshop, pk=workshop_id)
    grant = board_grant.from_cookies(request.COOKIES, workshop.pk)
    if access.audience_for(workshop.pk, user=request.user, view="board", grant=grant) != "board":
        raise Http404
    return workshop


def _exchange_key(request, workshop_id) -> HttpResponseRedirect:
    """The board link (`?cle=KEY`) opened: the key becomes a cookie and leaves the address
    (see board_grant); a wrong key is refused as an unknown board."""
    workshop = get_object_or_404(Workshop, pk=workshop_id)
    if not constant_time_compare(request.GET["cle"], workshop.board_key):
        raise Http404
    query = request.GET.copy()
    del query["cle"]
    clean = request.path + (f"?{query.urlencode()}" if query else "")
    response = HttpResponseRedirect(clean, status=303)
    board_grant.set_on(response, workshop)
    add_never_cache_headers(response)  # no cache keeps the grant for another browser
    return response


def _join_corner(request, workshop: Workshop) -> dict:
    """The code and QR code of the board's corner: at the public URL on a server, else at the
    address the board was opened at (phones on the hall's network reach the laptop by it)."""
    join_url = links.absolute_url(request, reverse("participants:join", args=[workshop.join_code]))
    return {
        "workshop": workshop,
        "join_url": join_url,
        "join_host": links.site_host(request),
        "qr_svg": qr.svg(join_url),
    }


@require_GET
def board(request, workshop_id):
    if "cle" in request.GET:
        return _exchange_key(request, workshop_id)
    workshop = _board_workshop(request, workshop_id)
    context = {"live": live_state.load(workshop.pk)}
    return render(request, "live/board.html", {**context, **_join_corner(request, workshop)})


@require_GET
def board_live(request, workshop_id):
    workshop = _board_workshop(request, workshop_id)
    return render(request, "live/board.html#live", {"live": live_state.load(workshop.pk)})


@require_GET
def board_join(request, workshop_id):
    """The corner again, after a new code or a change of registration (live.js asks)."""
    workshop = _board_workshop(request, workshop_id)
    return render(request, "live/board.html#join", _join_corner(request, workshop))
