"""The facilitator's page of the sheets of a workshop: tables, seats, priority vote, referents
(one sheet's page is `sheet`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from coprod.participants.models import Participant
from coprod.workshops.access import facilitated
from coprod.workshops.models import Workshop

from .. import services
from ..forms import CountForm, CreateForm, PollForm, ReferentsForm, SeatForm
from ..models import Seat, Sheet

# --- The sheets of a workshop ------------------------------------------------------------------


def _people(workshop: Workshop) -> list[Participant]:
    return list(Participant.objects.admitted().filter(workshop=workshop).order_by("name", "id"))


def _manage_page(request, workshop, *, status=200, **forms):
    people = _people(workshop)
    sheets = services.sheets_of(workshop)
    seats = dict(Seat.objects.filter(workshop=workshop).values_list("participant_id", "sheet_id"))
    referents = services.referents_of(workshop)
    context = {
        "workshop": workshop,
        "rows": services.sheets_overview(workshop),
        "sheets": sheets,
        "people": [(p, seats.get(p.pk)) for p in people],
        "referents": referents,
        "create_form": forms.get("create_form") or CreateForm(prefix="create"),
        "assign_form": forms.get("assign_form")
        or CountForm(prefix="assign", initial={"count": len(sheets) or None}),
        "seat_form": forms.get("seat_form"),
        "poll_form": forms.get("poll_form") or PollForm(),
        "referents_form": forms.get("referents_form")
        or ReferentsForm(
            people=people,
            initial={
                "first": referents[0].participant_id if referents else None,
                "second": referents[1].participant_id if len(referents) > 1 else None,
            },
        ),
    }
    return render(request, "action_sheets/manage.html", context, status=status)


@login_required
def manage(request, workshop_id):
    return _manage_page(request, facilitated(request, workshop_id))


@login_required
@require_POST
def create(request, workshop_id):
    """Sheets from the confirmed orientations, or `create-count` blank ones."""
    workshop = facilitated(request, workshop_id)
    form = CreateForm(request.POST, prefix="create")
    if not form.is_valid():
        return _manage_page(request, workshop, create_form=form, status=400)
    try:
        created = services.create_sheets(
            workshop,
            actor=request.user,
            count=form.cleaned_data["count"],
            client_key=form.cleaned_data["client_key"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _manage_page(request, workshop, create_form=form, status=400)
    messages.success(
        request,
        ngettext("%(n)d fiche créée.", "%(n)d fiches créées.", len(created)) % {"n": len(created)},
    )
    return redirect("action_sheets:manage", workshop.pk)


@login_required
@require_POST
def assign(request, workshop_id):
    workshop = facilitated(request, workshop_id)
    form = CountForm(request.POST, prefix="assign")
    if form.is_valid():
        try:
            tables = services.assign_tables(
                workshop, actor=request.user, count=form.cleaned_data["count"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Les participants sont répartis en %(n)d table.",
                    "Les participants sont répartis en %(n)d tables.",
                    len(tables),
                )
                % {"n": len(tables)},
            )
            return redirect("action_sheets:manage", workshop.pk)
    return _manage_page(request, workshop, assign_form=form, status=400)


@login_required
@require_POST
def seat(request, workshop_id):
    workshop = facilitated(request, workshop_id)
    form = SeatForm(request.POST, people=_people(workshop), sheets=services.sheets_of(workshop))
    if form.is_valid():
        sheet = get_object_or_404(Sheet, pk=form.cleaned_data["sheet"], workshop=workshop)
        try:
            placed = services.seat_for(
                workshop, form.cleaned_data["participant"], sheet, actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s est à la table %(n)d.")
                % {"name": placed.participant.name, "n": sheet.number},
            )
            return redirect(reverse("action_sheets:manage", args=[workshop.pk]) + "#seats-title")
    return _manage_page(request, workshop, seat_form=form, status=400)


@login_required
@require_POST
def poll(request, workshop_id):
    workshop = facilitated(request, workshop_id)
    form = PollForm(request.POST)
    if form.is_valid():
        try:
            services.start_priority_poll(
                workshop,
                actor=request.user,
                method=form.cleaned_data["method"],
                client_key=form.cleaned_data["client_key"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Le vote de priorité entre les fiches est ouvert."))
            return redirect("voting:polls", workshop.pk)
    return _manage_page(request, workshop, poll_form=form, status=400)


@login_required
@require_POST
def referents(request, workshop_id):
    workshop = facilitated(request, workshop_id)
    form = ReferentsForm(request.POST, people=_people(workshop))
    if form.is_valid():
        try:
            duo = services.designate_referents(
                workshop,
                actor=request.user,
                participants=[form.cleaned_data["first"], form.cleaned_data["second"]],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Le duo de référents : %(a)s et %(b)s.")
                % {"a": duo[0].participant.name, "b": duo[1].participant.name},
            )
            return redirect("action_sheets:manage", workshop.pk)
    return _manage_page(request, workshop, referents_form=form, status=400)
