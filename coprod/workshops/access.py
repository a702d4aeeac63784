"""The workshop a facilitator's page is about, or a French refusal."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from .models import Workshop
from .services import require


def can_facilitate(user, workshop: Workshop) -> bool:
    """The one facilitator check: pages, sockets and the API all ask it."""
    return bool(
        user and user.is_authenticated and user.has_perm("workshops.run_workshop", workshop)
    )


def can_follow(user, workshop: Workshop) -> bool:
    """Anyone of the workshop's team, observers and scribes included: they follow the console
    (what each may change there, the services decide)."""
    return bool(
        user and user.is_authenticated and user.has_perm("workshops.view_workshop", workshop)
    )


def facilitated(request, workshop_id, perm: str = "workshops.run_workshop") -> Workshop:
    """The workshop `request.user` may run (404 if none, 403 if not theirs)."""
    workshop = get_object_or_404(Workshop.objects.select_related("process"), pk=workshop_id)
    require(request.user, perm, workshop)
    return workshop


def facilitated_or_404(request, workshop_id) -> Workshop:
    """The workshop `request.user` may run; a 404 for anyone else, as for an unknown one
    (for pages that must not even tell a stranger the workshop exists)."""
    workshop = get_object_or_404(Workshop.objects.select_related("process"), pk=workshop_id)
    if not can_facilitate(request.user, workshop):
        raise Http404
    return workshop


def console_endpoint(methods=("POST",)):
    """A control of the facilitator's console: the view gets the workshop of its team.

    Anyone else (a participant's phone, a stranger, another workshop's facilitator) gets a 403
    with the French reason — a fragment the console shows in place for htmx, never the sign-in
    page swapped into it; an unknown workshop is a 404. Within the team, the service the view
    calls decides (an observer reads, a scribe enters contributions): its refusal is answered
    the same way."""

    def decorate(view):
        @wraps(view)
        @require_http_methods(list(methods))
        def wrapped(request, workshop_id, *args, **kwargs):
            try:
                workshop = facilitated(request, workshop_id, "workshops.view_workshop")
                return view(request, workshop, *args, **kwargs)
            except PermissionDenied as refusal:
                template = "core/_refusal.html" if request.htmx else "core/refused.html"
                return render(request, template, {"message": str(refusal)}, status=403)

        return wrapped

    return decorate


def console_region(request, workshop, template, *, notice="", error="", status=None, **extra):
    """What a console control answers: its region again with what happened (htmx: `notice`
    goes to the console's live region, `error` is an alert; 400 on error unless `status`), or,
    without JavaScript, back to the console with the message."""
    if not request.htmx:
        if error:
            messages.error(request, error)
        elif notice:
            messages.success(request, notice)
        return redirect("live:console", workshop.pk)
    context = {"workshop": workshop, "notice": notice, "error": error, **extra}
    return render(request, template, context, status=status or (400 if error else 200))
