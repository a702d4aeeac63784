"""Joining a workshop from a phone: code (typed or scanned), then the round-table card."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import ratelimit, services
from .forms import CodeForm, JoinForm
from .session import remember_participant


def _too_many(request, form, template):
    form.add_error(None, _("Trop d'essais de code. Patientez une minute avant de réessayer."))
    return render(request, template, {"form": form}, status=429)


@require_http_methods(["GET", "POST"])
def home(request):
    """Type the code shown on the board."""
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if not request.session.session_key:
            request.session.save()
        if ratelimit.join_blocked(request):
            return _too_many(request, form, "participants/home.html")
        if form.is_valid():
            try:
                workshop = services.workshop_for_code(form.cleaned_data["code"])
            except ValidationError as error:
                ratelimit.count_failed_join(request)
                form.add_error("code", error)
            else:
                return redirect("participants:join", code=workshop.join_code)
    return render(request, "participants/home.html", {"form": form})


@require_http_methods(["GET", "POST"])
def join(request, code):
    """The round-table card and the charter, reached by the QR code or after typing the code."""
    if not request.session.session_key:
        request.session.save()
    # Bound forms: errors can only be added to a form that has data.
    if ratelimit.join_blocked(request):
        return _too_many(request, CodeForm({"code": code}), "participants/home.html")
    try:
        workshop = services.workshop_for_code(code)
    except ValidationError as error:
        ratelimit.count_failed_join(request)
        form = CodeForm({"code": code})
        form.add_error(None, error)
        return render(request, "participants/home.html", {"form": form}, status=404)
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
