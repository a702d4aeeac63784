"""The phone (and a participant's laptop: the same responsive page) during the projects and
finalisation steps: choose a table, write its sheet field by field, comment any sheet.

The sheet is one form. With JavaScript each field saves itself (`core/sheets.js` posts it to
`phone_field`, whose answer is the field's fragment alone: saved, or the conflict with both
versions), so what is typed in the other fields is never touched. Without it, the form's one
button sends every field to `phone_sheet`, which saves those the person changed. Other people's
saves reach the phone through the pushed sheets region (`live/phone.html#sheets`), from which
`core/sheets.js` updates the fields nobody is typing in here and flags the others.
What the phone shows of the sheets (its table, the fields, the choices) is read in
`action_sheets.live`.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coprod.core.forms import refusal_text
from coprod.core.params import posted_id
from coprod.core.views import phone_answer
from coprod.participants.session import require_participant

from .. import services
from ..fields import FIELDS
from ..live import choices_for, field_context, sheet_phone_context, tables_of
from ..models import Sheet
from . import saving

TRUE = ("1", "on", "true", "yes")


# --- Seats ---------------------------------------------------------------------------------------


@require_POST
def phone_seat(request, workshop_id):
    """« Rejoindre la table N »: answers the phone's personal panel, seated."""
    participant = require_participant(request, workshop_id)
    sheet = get_object_or_404(
        Sheet, pk=posted_id(request.POST.get("sheet")), workshop_id=workshop_id
    )
    services.take_seat(participant, sheet)
    context = {
        "workshop": participant.workshop,
        "me": participant,
        **sheet_phone_context(participant, seated=True),
    }
    return phone_answer(request, "action_sheets/_live_phone.html", context)


# --- Fields --------------------------------------------------------------------------------------


def _field_answer(request, participant, sheet, state, *, status=200, **answer):
    """One field's answer: its fragment for sheets.js; the whole sheet on a page without it
    (the same form again, this field's answer in place)."""
    field = state.field
    ids = [*state.value, *(answer.get("mine") or [])] if field.is_list else ()
    choices = choices_for(sheet.workshop, field.kind, ids) if field.is_list else None
    context = {"workshop": sheet.workshop, "me": participant}
    if request.htmx:
        context["f"] = field_context(sheet, state, choices=choices, **answer)
        return render(request, "action_sheets/_live_field.html", context, status=status)
    context.update(sheet_phone_context(participant, answers={field.name: answer}))
    return phone_answer(request, "action_sheets/_live_phone.html", context, status=status)


def _sheet_of(workshop_id, sheet_id) -> Sheet:
    return get_object_or_404(
        Sheet.objects.select_related("workshop"), pk=sheet_id, workshop_id=workshop_id
    )


@require_POST
def phone_field(request, workshop_id, sheet_id, name):
    """Save one field from the version it was written on (sheets.js, as the person writes); a
    conflict answers both versions, « Garder la leur » (`choice=theirs`) the field as it is."""
    participant = require_participant(request, workshop_id)
    sheet = _sheet_of(workshop_id, sheet_id)
    try:
        field = services.field_named(name)
    except ValidationError as error:
        raise PermissionDenied(refusal_text(error)) from None
    done = saving.save_posted_field(sheet, field, request.POST, participant=participant)
    return _field_answer(request, participant, sheet, done.state, status=done.status, **done.answer)


@require_POST
def phone_sheet(request, workshop_id, sheet_id):
    """The sheet's one button (a phone without JavaScript): every field sent with the version it
    was written on; those the person changed are saved, each answered in place (saved, the
    conflict with both versions, or the error with the text kept); see `saving`."""
    participant = require_participant(request, workshop_id)
    sheet = _sheet_of(workshop_id, sheet_id)
    answers, status = saving.save_posted_sheet(sheet, request.POST, participant=participant)
    context = {
        "workshop": sheet.workshop,
        "me": participant,
        **sheet_phone_context(participant, answers=answers),
    }
    return phone_answer(request, "action_sheets/_live_phone.html", context, status=status)


# --- Comments ------------------------------------------------------------------------------------


@require_POST
def phone_comment(request, workshop_id):
    """« Commenter »: a critique needs its suggestion (the charter's rule, checked by the
    service); what was typed comes back with the error."""
    participant = require_participant(request, workshop_id)
    workshop = participant.workshop
    tables = tables_of(workshop)
    posted = {
        "sheet": posted_id(request.POST.get("sheet")),
        "field": str(request.POST.get("field", ""))[:40],
        "text": request.POST.get("text", ""),
        "is_critique": str(request.POST.get("is_critique", "")).lower() in TRUE,
        "suggestion": request.POST.get("suggestion", ""),
        "client_key": request.POST.get("client_key", ""),
    }
    context = {"workshop": workshop, "me": participant, "tables": tables, "field_names": FIELDS}
    sheet = (
        Sheet.objects.filter(pk=posted["sheet"], workshop=workshop)
        .select_related("workshop")
        .first()
    )
    errors = {}
    if sheet is None:
        errors["sheet"] = [_("Choisissez la fiche à commenter.")]
    else:
        try:
            services.add_comment(
                sheet,
                text=posted["text"],
                field=posted["field"],
                is_critique=posted["is_critique"],
                suggestion=posted["suggestion"],
                participant=participant,
                client_key=posted["client_key"],
            )
        except ValidationError as error:
            errors = (
                error.message_dict if hasattr(error, "error_dict") else {"text": error.messages}
            )
    if errors:
        context.update(comment=posted, comment_errors=errors)
        return phone_answer(request, "action_sheets/_live_comment.html", context, status=400)
    # Sent: a blank form for the next one, on the same sheet.
    context.update(comment={"sheet": sheet.pk, "field": posted["field"]}, comment_sent=True)
    return phone_answer(request, "action_sheets/_live_comment.html", context)
