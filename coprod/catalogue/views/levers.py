"""The levers step: phones add levers; the facilitator keeps the list (edit, delete)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coprod.participants.session import require_participant
from coprod.workshops.access import facilitated

from ..live import lever_choices, lever_phone_context
from ..live_forms import (
    DeleteLeverForm,
    LeverForForm,
    LeverForm,
)
from ..models import Lever
from ..services import live as services
from .live import _add_errors, _phone_answer

# --- Phone: levers ------------------------------------------------------------------------------


def _lever_answer(request, participant, *, status=200, **extra):
    context = {
        "workshop": participant.workshop,
        "me": participant,
        **lever_phone_context(participant, **extra),
    }
    return _phone_answer(request, "levers", context, status=status)


@require_POST
def phone_lever(request, workshop_id):
    participant = require_participant(request, workshop_id)
    items, actions = lever_choices(participant.workshop)
    form = LeverForm(request.POST, items=items, actions=actions)
    if form.is_valid():
        try:
            services.add_lever(
                participant.workshop,
                author=participant,
                client_key=form.cleaned_data["client_key"],
                **form.data_for_service(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return _lever_answer(request, participant, lever_saved=True)
    return _lever_answer(request, participant, status=400, form=form)


# --- Facilitator: levers ------------------------------------------------------------------------


def lever_for_form(workshop, data=None, **kwargs) -> LeverForForm:
    """The facilitator's lever form (its page and the console): a person without a phone may
    have said it."""
    items, actions = lever_choices(workshop)
    people = list(workshop.participants.admitted().filter(has_phone=False))
    return LeverForForm(data, items=items, actions=actions, people=people, **kwargs)


def _levers_page(request, workshop, *, form=None, status=200):
    context = {
        "workshop": workshop,
        "groups": services.levers_by_kind(services.levers_of(workshop)),
        "form": form or lever_for_form(workshop),
    }
    return render(request, "catalogue/live_levers.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def levers(request, workshop_id):
    return _levers_page(request, facilitated(request, workshop_id))


@login_required
@require_POST
def add_lever(request, workshop_id):
    workshop = facilitated(request, workshop_id)
    form = lever_for_form(workshop, request.POST)
    if form.is_valid():
        try:
            services.add_lever(workshop, actor=request.user, **form.lever_for_service())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Levier ajouté."))
            return redirect("catalogue:levers", workshop.pk)
    return _levers_page(request, workshop, form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def edit_lever(request, workshop_id, lever_id):
    workshop = facilitated(request, workshop_id)
    lever = get_object_or_404(Lever, pk=lever_id, workshop=workshop)
    status = 200
    delete_form = DeleteLeverForm()
    if request.method == "POST":
        items, actions = lever_choices(workshop)
        form = LeverForm(request.POST, items=items, actions=actions)
        if form.is_valid():
            try:
                services.update_lever(lever, actor=request.user, **form.data_for_service())
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Levier modifié."))
                return redirect("catalogue:levers", workshop.pk)
        status = 400
    else:
        items, actions = lever_choices(workshop)
        initial = {
            "kind": lever.kind,
            "title": lever.title,
            "description": lever.description,
            "due_on": lever.due_on.isoformat() if lever.due_on else "",
            "source": lever.source,
            "priority_items": [str(i.pk) for i in lever.priority_items.all()],
            "actions": [str(a.pk) for a in lever.actions.all()],
        }
        form = LeverForm(initial=initial, items=items, actions=actions)
    context = {"workshop": workshop, "lever": lever, "form": form, "delete_form": delete_form}
    return render(request, "catalogue/live_lever_edit.html", context, status=status)


@login_required
@require_POST
def delete_lever(request, workshop_id, lever_id):
    workshop = facilitated(request, workshop_id)
    lever = get_object_or_404(Lever, pk=lever_id, workshop=workshop)
    delete_form = DeleteLeverForm(request.POST)
    if not delete_form.is_valid():
        items, actions = lever_choices(workshop)
        initial = {"kind": lever.kind, "title": lever.title, "description": lever.description}
        context = {
            "workshop": workshop,
            "lever": lever,
            "form": LeverForm(initial=initial, items=items, actions=actions),
            "delete_form": delete_form,
        }
        return render(request, "catalogue/live_lever_edit.html", context, status=400)
    services.delete_lever(lever, actor=request.user)
    messages.success(request, _("Levier « %(title)s » supprimé.") % {"title": lever.title})
    return redirect("catalogue:levers", workshop.pk)
