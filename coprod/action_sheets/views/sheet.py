"""The facilitator's page of one sheet: every field, comments, history. The facilitator writes
on behalf of the table (`actor=`: any time, named as the author), through the same services,
fields and script as the phones.

The sheet is one form. With JavaScript each field saves itself (`core/sheets.js` posts it to
`save`, whose answer is the field's fragment with the sheet's progress and the field's history);
without it the form's one button sends every field to `save_sheet`, which saves those the
facilitator changed and answers each in place (see `saving`). Only a facilitator of the sheet's
workshop may: anyone else signed in gets the French reason (403), a sheet or field that is not
this workshop's a 404 with it; a participant's phone is sent to the sign-in page.
"""

from collections import defaultdict
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from coprod.catalogue.models import Action, Lever
from coprod.processes.models import TargetPublic
from coprod.voting.services import candidate_actions
from coprod.workshops.access import facilitated

from .. import services
from ..fields import BY_NAME, FIELDS
from ..forms import CommentForm
from ..live import field_context
from ..models import Revision, Sheet
from . import saving

# Where sheets.js saves each field of this page.
SAVE_TO = "action_sheets:save"


def _refused(request, message: str, status: int):
    return render(request, "core/refused.html", {"message": message}, status=status)


def sheet_write(view):
    """A write to one sheet of a workshop its user runs: the view gets the workshop and the
    sheet; anyone else signed in is told why, in French, on a page of its own."""

    @wraps(view)
    @login_required
    @require_POST
    def wrapped(request, workshop_id, sheet_id, *args, **kwargs):
        try:
            workshop = facilitated(request, workshop_id)
        except PermissionDenied as refusal:
            return _refused(request, str(refusal), 403)
        sheet = Sheet.objects.filter(pk=sheet_id, workshop=workshop).first()
        if sheet is None:
            return _refused(request, _("Cette fiche n'est pas une fiche de cet atelier."), 404)
        return view(request, workshop, sheet, *args, **kwargs)

    return wrapped


def _choices(workshop, values: dict, mine: dict) -> dict[str, list[tuple[int, str]]]:
    """What each list field offers: the process's publics, the candidate actions (and any
    already chosen or being chosen), the process's levers."""
    actions = candidate_actions(workshop)
    shown = {a.pk for a in actions}
    chosen = [
        pk for pk in [*values["builds_on"].value, *mine.get("builds_on", [])] if pk not in shown
    ]
    if chosen:
        actions += list(Action.objects.of_workshop(workshop).filter(pk__in=chosen))
    return {
        "publics": list(
            TargetPublic.objects.filter(process_id=workshop.process_id).values_list("pk", "name")
        ),
        "actions": [(a.pk, a.title) for a in actions],
        "levers": list(
            Lever.objects.filter(process_id=workshop.process_id).values_list("pk", "title")
        ),
    }


def _shown(field, value, labels: dict[int, str]):
    """A value as people read it: the text, or the names of the chosen items."""
    if not field.is_list:
        return value
    return [labels.get(pk, _("(retiré de la démarche)")) for pk in value]


def _editing(workshop, sheet, answers: dict[str, dict]) -> dict:
    """The fields (each as `live.field_context` with this page's save address and its history,
    newest first; `answers` per field name after a save) and the sheet's progress."""
    values = services.values_of(sheet)
    mine = {name: a["mine"] for name, a in answers.items() if a.get("mine") is not None}
    choices = _choices(workshop, values, mine)
    revisions = defaultdict(list)
    for revision in services.history(sheet):
        revisions[revision.name].append(revision)
    fields = []
    for field in FIELDS:
        labels = dict(choices.get(field.kind, ()))
        f = field_context(
            sheet,
            values[field.name],
            choices=choices.get(field.kind),
            save_to=SAVE_TO,
            **answers.get(field.name, {}),
        )
        f["history"] = [
            (r, _shown(field, services.decode(field, r.value), labels))
            for r in revisions[field.name]
        ]
        fields.append(f)
    done = services.completeness(sheet, values)
    return {
        "workshop": workshop,
        "sheet": sheet,
        "title": values["title"].value,
        "sheet_fields": fields,
        "done": done,
        "percent": round(100 * done["share"]),
    }


def _page(request, workshop, sheet, *, answers=None, status=200, form=None):
    context = {
        **_editing(workshop, sheet, answers or {}),
        "comments": services.comments_of(sheet),
        "comment_form": form or CommentForm(),
    }
    return render(request, "action_sheets/sheet.html", context, status=status)


def _back(sheet: Sheet, name: str = "") -> str:
    url = reverse("action_sheets:sheet", args=[sheet.workshop_id, sheet.pk])
    return f"{url}#field-{name}" if name else url


@login_required
def sheet(request, workshop_id, sheet_id):
    workshop = facilitated(request, workshop_id)
    return _page(request, workshop, get_object_or_404(Sheet, pk=sheet_id, workshop=workshop))


@sheet_write
def save(request, workshop, sheet, name):
    """One field saved by itself (sheets.js, as the facilitator writes): its fragment with the
    sheet's progress; saved, the conflict with both versions, the error with the text kept."""
    field = BY_NAME.get(name)
    if field is None:
        return _refused(
            request, _("Cette fiche n'a pas de champ « %(name)s ».") % {"name": name}, 404
        )
    done = saving.save_posted_field(sheet, field, request.POST, actor=request.user)
    if request.htmx:
        context = _editing(workshop, sheet, {name: done.answer})
        context["f"] = context["sheet_fields"][FIELDS.index(field)]
        return render(request, "action_sheets/sheet.html#answer", context, status=done.status)
    if done.status == 200:
        messages.success(request, _("Champ « %(label)s » enregistré.") % {"label": field.label})
        return redirect(_back(sheet, name))
    return _page(request, workshop, sheet, answers={name: done.answer}, status=done.status)


@sheet_write
def save_sheet(request, workshop, sheet):
    """The sheet's one button (without JavaScript): the fields the facilitator changed are
    saved; a conflict or an error shows the sheet again, each field answered in place."""
    answers, status = saving.save_posted_sheet(sheet, request.POST, actor=request.user)
    if status != 200:
        return _page(request, workshop, sheet, answers=answers, status=status)
    saved = sum(1 for a in answers.values() if a.get("saved"))
    if saved:
        messages.success(
            request,
            ngettext("%(n)d champ enregistré.", "%(n)d champs enregistrés.", saved) % {"n": saved},
        )
    else:
        messages.info(request, _("Aucun champ n'a changé : rien à enregistrer."))
    return redirect(_back(sheet))


@sheet_write
def comment(request, workshop, sheet):
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
    return _page(request, workshop, sheet, status=400, form=form)


@sheet_write
def restore(request, workshop, sheet, revision_id):
    revision = Revision.objects.filter(pk=revision_id, sheet=sheet).first()
    if revision is None:
        return _refused(request, _("Cette version n'est pas une version de cette fiche."), 404)
    try:
        services.restore(revision, actor=request.user)
    except ValidationError as error:
        answer = {"error": " ".join(error.messages)}
        return _page(request, workshop, sheet, answers={revision.name: answer}, status=400)
    messages.success(
        request,
        _("La version %(v)d de « %(label)s » est restaurée.")
        % {"v": revision.version, "label": BY_NAME[revision.name].label},
    )
    return redirect(_back(sheet, revision.name))
