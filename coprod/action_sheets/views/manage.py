"""The facilitator's pages: the sheets of a workshop (tables, seats, priority vote, referents)
and one whole sheet, every field editable on its own, with conflicts, comments and history."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from coprod.catalogue.models import Action, Lever
from coprod.core.params import posted_id
from coprod.participants.models import Participant
from coprod.processes.models import TargetPublic
from coprod.voting.services import candidate_actions
from coprod.workshops.access import facilitated
from coprod.workshops.models import Workshop

from .. import services
from ..fields import BY_NAME, FIELDS
from ..forms import CommentForm, CountForm, CreateForm, PollForm, ReferentsForm, SeatForm
from ..models import Revision, Seat, Sheet


def _sheet(request, workshop_id, sheet_id) -> tuple[Workshop, Sheet]:
    workshop = facilitated(request, workshop_id)
    return workshop, get_object_or_404(Sheet, pk=sheet_id, workshop=workshop)


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


# --- One sheet ---------------------------------------------------------------------------------


def _choices(workshop: Workshop, values: dict) -> dict[str, list[tuple[int, str]]]:
    """What each list field offers: the process's publics, the candidate actions (and any
    already chosen), the process's levers."""
    actions = candidate_actions(workshop)
    shown = {a.pk for a in actions}
    chosen = [pk for pk in values["builds_on"].value if pk not in shown]
    if chosen:
        actions += list(Action.objects.filter(process_id=workshop.process_id, pk__in=chosen))
    return {
        "publics": [
            (p.pk, p.name) for p in TargetPublic.objects.filter(process_id=workshop.process_id)
        ],
        "actions": [(a.pk, a.title) for a in actions],
        "levers": [
            (lv.pk, lv.title) for lv in Lever.objects.filter(process_id=workshop.process_id)
        ],
    }


def _shown(field, value, labels: dict[int, str]):
    """A value as people read it: the text, or the names of the chosen items."""
    if not field.is_list:
        return value
    return [labels.get(pk, _("(retiré de la démarche)")) for pk in value]


def _sheet_page(
    request,
    workshop,
    sheet,
    *,
    status=200,
    conflict=None,
    error=None,
    typed=None,
    base=None,
    form=None,
):
    values = services.values_of(sheet)
    choices = _choices(workshop, values)
    revisions = defaultdict(list)
    for revision in services.history(sheet):
        revisions[revision.name].append(revision)
    blocks = []
    for field in FIELDS:
        state = values[field.name]
        labels = dict(choices.get(field.kind, ()))
        mine = conflict is not None and conflict.name == field.name
        failed = error is not None and error[0] == field.name
        current = typed if failed else state.value
        blocks.append(
            {
                "field": field,
                "state": state,
                "shown": _shown(field, state.value, labels),
                "current": current,
                "options": [
                    (pk, label, pk in (current or [])) for pk, label in choices.get(field.kind, ())
                ],
                "history": [
                    (r, _shown(field, services.decode(field, r.value), labels))
                    for r in revisions[field.name]
                ],
                "conflict": conflict if mine else None,
                "theirs_shown": _shown(field, conflict.theirs, labels) if mine else None,
                "mine_shown": _shown(field, conflict.mine, labels) if mine else None,
                "error": error[1] if failed else None,
                # After an error, the next save still starts from the version first read.
                "base": base if failed and base is not None else state.version,
            }
        )
    context = {
        "workshop": workshop,
        "sheet": sheet,
        "blocks": blocks,
        "done": services.completeness(sheet, values),
        "comments": services.comments_of(sheet),
        "comment_form": form or CommentForm(),
        "field_labels": {f.name: f.label for f in FIELDS},
    }
    return render(request, "action_sheets/sheet.html", context, status=status)


@login_required
def sheet(request, workshop_id, sheet_id):
    workshop, sheet = _sheet(request, workshop_id, sheet_id)
    return _sheet_page(request, workshop, sheet)


def _back(sheet: Sheet, name: str = "") -> str:
    url = reverse("action_sheets:sheet", args=[sheet.workshop_id, sheet.pk])
    return f"{url}#field-{name}" if name else url


@login_required
@require_POST
def save(request, workshop_id, sheet_id, name):
    workshop, sheet = _sheet(request, workshop_id, sheet_id)
    field = BY_NAME.get(name)
    if field is None:
        raise Http404(_("Cette fiche n'a pas de champ « %(name)s ».") % {"name": name})
    if field.is_list:
        value = [posted_id(v) for v in request.POST.getlist("value")]
    else:
        value = request.POST.get("value", "")
    try:
        result = services.save_field(
            sheet,
            name,
            value=value,
            base_version=request.POST.get("base_version"),
            actor=request.user,
        )
    except ValidationError as error:
        return _sheet_page(
            request,
            workshop,
            sheet,
            status=400,
            error=(name, error.messages),
            typed=value,
            base=posted_id(request.POST.get("base_version")),
        )
    if not result.saved:
        return _sheet_page(request, workshop, sheet, status=409, conflict=result.conflict)
    messages.success(request, _("Champ « %(label)s » enregistré.") % {"label": field.label})
    return redirect(_back(sheet, name))


@login_required
@require_POST
def comment(request, workshop_id, sheet_id):
    workshop, sheet = _sheet(request, workshop_id, sheet_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(sheet, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for key, messages_ in error.message_dict.items():
                    form.add_error(key if key in form.fields else None, messages_)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("Votre commentaire est ajouté."))
            return redirect(_back(sheet) + "#comments-title")
    return _sheet_page(request, workshop, sheet, status=400, form=form)


@login_required
@require_POST
def restore(request, workshop_id, sheet_id, revision_id):
    workshop, sheet = _sheet(request, workshop_id, sheet_id)
    revision = get_object_or_404(Revision, pk=revision_id, sheet=sheet)
    try:
        services.restore(revision, actor=request.user)
    except ValidationError as error:
        return _sheet_page(
            request, workshop, sheet, status=400, error=(revision.name, error.messages)
        )
    messages.success(
        request,
        _("La version %(v)d de « %(label)s » est restaurée.")
        % {"v": revision.version, "label": BY_NAME[revision.name].label},
    )
    return redirect(_back(sheet, revision.name))
