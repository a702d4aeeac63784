"""The live steps' pages: the facilitator picks and shows the presented actions, enters
testimonies and levers; phones testify on the action on screen and add levers.

Phone endpoints answer the phone's personal partial (htmx swaps it into `.personal`); without
JavaScript they answer a small page holding the same partial.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from coprod.core.params import posted_id
from coprod.core.views import phone_answer
from coprod.participants.session import require_participant
from coprod.workshops.access import facilitated

from ..live import testimony_phone_context
from ..live_forms import (
    CatalogueSearchForm,
    TestimonyForm,
    WitnessForm,
)
from ..models import Presentation, Testimony
from ..services import live as services

# --- Shared -------------------------------------------------------------------------------------


def _add_errors(form, error: ValidationError) -> None:
    """Service errors by field go under their field (when the form has it), others on top."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


# --- Phone: testimonies (what the phone shows: `catalogue.live`) --------------------------------


def _phone_answer(request, panel: str, context: dict, *, status=200):
    return phone_answer(request, f"catalogue/_live_phone_{panel}.html", context, status=status)


def _testimony_answer(request, participant, presentation=None, *, status=200, **extra):
    if presentation is None:
        presentation = services.current_presentation(participant.workshop_id)
    context = {
        "workshop": participant.workshop,
        "me": participant,
        **testimony_phone_context(participant, presentation, **extra),
    }
    return _phone_answer(request, "testimony", context, status=status)


@require_http_methods(["GET", "POST"])
def phone_testimony(request, workshop_id):
    """GET: the testimony form (« Je témoigne de cette action »); POST: save it."""
    participant = require_participant(request, workshop_id)
    if request.method == "GET":
        return _testimony_answer(request, participant, editing=True)
    presentation = get_object_or_404(
        Presentation.objects.select_related("action", "workshop"),
        pk=posted_id(request.POST.get("presentation")),
        workshop_id=workshop_id,
    )
    form = TestimonyForm(request.POST)
    if form.is_valid():
        try:
            services.testify(presentation, participant=participant, **form.data_for_service())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            # The panel shows the action now on screen, which may have changed meanwhile.
            return _testimony_answer(
                request, participant, testimony_saved=True, saved_action=presentation.action
            )
    return _testimony_answer(
        request, participant, presentation, status=400, editing=True, form=form
    )


# --- Facilitator: presented actions and testimonies ---------------------------------------------


def _presentations_context(workshop, *, q="", witness_forms=None, **extra) -> dict:
    shown = services.presented(workshop)
    said = services.testimonies(workshop, [p.action_id for p in shown])
    offline = list(workshop.participants.admitted().filter(has_phone=False))
    witness_forms = witness_forms or {}
    rows = []
    for p in shown:
        mine = [t for t in said if t.action_id == p.action_id]
        rows.append(
            {
                "presentation": p,
                "testimonies": mine,
                "full": len(mine) >= Testimony.MAX_WITNESSES,
                "form": witness_forms.get(p.pk) or WitnessForm(people=offline, prefix=f"w{p.pk}"),
            }
        )
    chosen = {p.action_id for p in shown}
    return {
        "workshop": workshop,
        "rows": rows,
        "current": next((p for p in shown if p.is_current), None),
        "search_form": CatalogueSearchForm(initial={"q": q}),
        "q": q,
        "results": [a for a in services.search_catalogue(workshop, q) if a.pk not in chosen],
        "max_witnesses": Testimony.MAX_WITNESSES,
        **extra,
    }


@login_required
@require_http_methods(["GET"])
def presentations(request, workshop_id):
    workshop = facilitated(request, workshop_id)
    q = str(request.GET.get("q", ""))[: services.QUERY_MAX]
    return render(
        request, "catalogue/live_presentations.html", _presentations_context(workshop, q=q)
    )


def _back_to_presentations(request, workshop, *, error=None, notice=None):
    """htmx: the list region again (focus stays on the pressed button, by its id); else the
    page, with the message."""
    if request.htmx:
        context = _presentations_context(workshop, error=error, notice=notice)
        return render(
            request,
            "catalogue/live_presentations.html#list",
            context,
            status=400 if error else 200,
        )
    if error:
        messages.error(request, error)
    elif notice:
        messages.success(request, notice)
    return redirect("catalogue:presentations", workshop.pk)


@login_required
@require_POST
def add_presentations(request, workshop_id):
    workshop = facilitated(request, workshop_id)
    try:
        added = services.present_actions(
            workshop, actor=request.user, actions=request.POST.getlist("actions")
        )
    except ValidationError as error:
        return _back_to_presentations(request, workshop, error=" ".join(error.messages))
    notice = ngettext(
        "%(n)d action ajoutée à la présentation.",
        "%(n)d actions ajoutées à la présentation.",
        len(added),
    ) % {"n": len(added)}
    return _back_to_presentations(request, workshop, notice=notice)


PRESENTATION_ACTIONS = {
    "afficher": lambda w, p, u: services.show(w, p, actor=u),
    "monter": lambda w, p, u: services.move(p, actor=u, offset=-1),
    "descendre": lambda w, p, u: services.move(p, actor=u, offset=+1),
    "retirer": lambda w, p, u: services.withdraw(p, actor=u),
}


@login_required
@require_POST
def presentation_action(request, workshop_id, presentation_id, action):
    workshop = facilitated(request, workshop_id)
    presentation = get_object_or_404(
        Presentation.objects.select_related("action", "workshop"),
        pk=presentation_id,
        workshop=workshop,
    )
    if action not in PRESENTATION_ACTIONS:
        return _back_to_presentations(request, workshop, error=_("Commande inconnue."))
    try:
        PRESENTATION_ACTIONS[action](workshop, presentation, request.user)
    except ValidationError as error:
        return _back_to_presentations(request, workshop, error=" ".join(error.messages))
    notices = {
        "afficher": _("« %(title)s » est à l'écran."),
        "monter": _("« %(title)s » monte d'un rang."),
        "descendre": _("« %(title)s » descend d'un rang."),
        "retirer": _("« %(title)s » n'est plus présentée (ses témoignages restent)."),
    }
    notice = notices[action] % {"title": presentation.action.title}
    return _back_to_presentations(request, workshop, notice=notice)


@login_required
@require_POST
def next_presentation(request, workshop_id):
    workshop = facilitated(request, workshop_id)
    try:
        shown = services.show_next(workshop, actor=request.user)
    except ValidationError as error:
        return _back_to_presentations(request, workshop, error=" ".join(error.messages))
    notice = _("« %(title)s » est à l'écran.") % {"title": shown.action.title}
    return _back_to_presentations(request, workshop, notice=notice)


@login_required
@require_POST
def clear_screen(request, workshop_id):
    workshop = facilitated(request, workshop_id)
    services.show(workshop, None, actor=request.user)
    return _back_to_presentations(request, workshop, notice=_("Plus aucune action à l'écran."))


@login_required
@require_POST
def testimony_for(request, workshop_id, presentation_id):
    """A testimony said aloud: by a participant without a phone, or by someone else."""
    workshop = facilitated(request, workshop_id)
    presentation = get_object_or_404(
        Presentation.objects.select_related("action", "workshop"),
        pk=presentation_id,
        workshop=workshop,
    )
    offline = list(workshop.participants.admitted().filter(has_phone=False))
    form = WitnessForm(request.POST, people=offline, prefix=f"w{presentation.pk}")
    if form.is_valid():
        try:
            services.testify(presentation, actor=request.user, **form.testimony_for_service())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Témoignage enregistré."))
            url = reverse("catalogue:presentations", args=[workshop.pk])
            return redirect(f"{url}#presentation-{presentation.pk}")
    context = _presentations_context(workshop, witness_forms={presentation.pk: form})
    return render(request, "catalogue/live_presentations.html", context, status=400)


@login_required
@require_POST
def delete_testimony(request, workshop_id, testimony_id):
    workshop = facilitated(request, workshop_id)
    testimony = get_object_or_404(Testimony, pk=testimony_id, workshop=workshop)
    services.delete_testimony(testimony, actor=request.user)
    messages.success(request, _("Témoignage supprimé."))
    return redirect("catalogue:presentations", workshop.pk)
