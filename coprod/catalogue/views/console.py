"""The existing actions and levers steps in the facilitator's console: the action on screen,
testimonies said aloud, levers added, without leaving it.

Each control posts with htmx and answers its region with a sentence for the console's polite
live region; the board and the phones follow through the services' events. Without JavaScript
the forms post and come back to the console.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from coprod.core.forms import error_text, refusal_text
from coprod.workshops.access import console_endpoint, console_region

from ..live_forms import WitnessForm
from ..models import Presentation
from ..services import live as services
from .levers import lever_for_form

PRESENTATION = "catalogue/live/console_presentation.html"
LEVERS = "catalogue/live/console_add_lever.html"


def _offline(workshop):
    return list(workshop.participants.admitted().filter(has_phone=False))


def _presentation(workshop, presentation_id) -> Presentation:
    return get_object_or_404(
        Presentation.objects.select_related("action", "workshop"),
        pk=presentation_id,
        workshop=workshop,
    )


def _refused(request, workshop, template, error):
    if isinstance(error, PermissionDenied):
        return console_region(request, workshop, template, error=str(error), status=403)
    return console_region(request, workshop, template, error=refusal_text(error))


@console_endpoint()
def show_next(request, workshop):
    try:
        shown = services.show_next(workshop, actor=request.user)
    except ValidationError as error:
        return _refused(request, workshop, PRESENTATION, error)
    notice = _("« %(title)s » est à l'écran.") % {"title": shown.action.title}
    return console_region(request, workshop, PRESENTATION, notice=notice)


@console_endpoint()
def show(request, workshop, presentation_id):
    presentation = _presentation(workshop, presentation_id)
    try:
        services.show(workshop, presentation, actor=request.user)
    except ValidationError as error:
        return _refused(request, workshop, PRESENTATION, error)
    notice = _("« %(title)s » est à l'écran.") % {"title": presentation.action.title}
    return console_region(request, workshop, PRESENTATION, notice=notice)


@console_endpoint()
def testimony_for(request, workshop, presentation_id):
    """A testimony said aloud: by a participant without a phone, or by someone else."""
    presentation = _presentation(workshop, presentation_id)
    form = WitnessForm(request.POST, people=_offline(workshop), prefix=f"w{presentation.pk}")
    if not form.is_valid():
        return console_region(request, workshop, PRESENTATION, error=error_text(form))
    try:
        services.testify(presentation, actor=request.user, **form.testimony_for_service())
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, workshop, PRESENTATION, error)
    return console_region(request, workshop, PRESENTATION, notice=_("Témoignage enregistré."))


@console_endpoint()
def add_lever(request, workshop):
    """A lever said aloud (by the group, or by a person without a phone)."""
    form = lever_for_form(workshop, request.POST, prefix="console-lever")
    if not form.is_valid():
        return console_region(request, workshop, LEVERS, error=error_text(form))
    try:
        services.add_lever(workshop, actor=request.user, **form.lever_for_service())
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, workshop, LEVERS, error)
    return console_region(request, workshop, LEVERS, notice=_("Levier ajouté."))
