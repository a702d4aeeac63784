"""Joining a workshop from a phone: code (typed or scanned), then the round-table card.

Nothing here writes a session for a mere visit: a session starts when a join succeeds.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from . import ratelimit, services
from .forms import CodeForm, JoinForm
from .session import remember_participant, session_member


def _refused(request, form, error, status, field=None):
    form.add_error(field, error)
    return render(request, "participants/home.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def home(request):
    """Type the code shown on the board."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workshop = ratelimit.workshop_for_code(request, form.cleaned_data["code"])
        except ratelimit.TooManyTries as error:
            return _refused(request, form, str(error), 429)
        except ValidationError as error:
            return _refused(request, form, error, 400, field="code")
        return redirect("participants:join", code=workshop.join_code)
    return render(
        request, "participants/home.html", {"form": form}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def join(request, code):
    """The round-table card and the charter, reached by the QR code or after typing the code."""
    # Bound forms: errors can only be added to a form that has data.
    try:
        workshop = ratelimit.workshop_for_code(request, code)
    except ratelimit.TooManyTries as error:
        return _refused(request, CodeForm({"code": code}), str(error), 429)
    except ValidationError as error:
        return _refused(request, CodeForm({"code": code}), error, 404)
    if session_member(request.session, workshop.pk) is not None:
        return redirect("live:phone", workshop.pk)  # joined already: no second participant
    form = JoinForm(request.POST or None, initial={"code": workshop.join_code})
    if request.method == "POST" and form.is_valid():
        try:
            participant, _token = services.join(
                code=workshop.join_code,
                name=form.cleaned_data["name"],
                organisation=form.cleaned_data["organisation"],
                link_to_theme=form.cleaned_data["link_to_theme"],
                organisation_kind=form.cleaned_data["organisation_kind"],
                name_consent=form.cleaned_data["name_consent"],
                accept_charter=form.cleaned_data["accept_charter"],
                client_key=form.cleaned_data["client_key"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            remember_participant(request.session, participant)
            return redirect(reverse("live:phone", args=[workshop.pk]))
    status = 400 if form.errors else 200
    return render(
        request, "participants/join.html", {"form": form, "workshop": workshop}, status=status
    )
