"""The agenda editor: a running order with computed times, edited with plain forms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coprod.core.params import posted_id
from coprod.processes.services import create_process
from coprod.workshops import services as workshop_services
from coprod.workshops.access import facilitated

from . import plan, services
from .forms import NewStepForm, NewWorkshopForm, StepForm
from .models import Step
from .presets import TEMPLATES, VEXIN_CHARTER


def _render(request, workshop, *, add_form=None, edit_forms=None, status=200):
    steps = list(workshop.steps.order_by("position"))
    schedule = plan.schedule(workshop, steps, timezone.now())
    starts = schedule.planned_starts if schedule else []
    rows = [
        (
            step,
            start,
            (edit_forms or {}).get(step.pk)
            or StepForm(initial=_initial(step), prefix=f"s{step.pk}"),
        )
        for step, start in zip(steps, starts, strict=True)
    ]
    return render(
        request,
        "agenda/edit.html",
        {
            "workshop": workshop,
            "rows": rows,
            "schedule": schedule,
            "add_form": add_form
            or NewStepForm(prefix="new", initial={"kind": "free", "minutes": 10}),
            "templates": [(key, label) for key, (label, _steps) in TEMPLATES.items()],
        },
        status=status,
    )


def _initial(step: Step) -> dict:
    return {
        "kind": step.kind,
        "title": step.title,
        "minutes": step.minutes,
        "instructions": step.instructions,
        "facilitator_notes": step.facilitator_notes,
    }


@login_required
def edit(request, workshop_id):
    return _render(request, facilitated(request, workshop_id, "workshops.change_workshop"))


def _apply(request, workshop, action, *, success: str, form=None, on_error=None):
    try:
        action()
    except ValidationError as error:
        if form is not None:
            form.add_error(None, error)
            return on_error(form)
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("agenda:edit", workshop.pk)


@login_required
@require_POST
def add(request, workshop_id):
    workshop = facilitated(request, workshop_id, "workshops.change_workshop")
    form = NewStepForm(request.POST, prefix="new")
    if not form.is_valid():
        return _render(request, workshop, add_form=form, status=400)
    return _apply(
        request,
        workshop,
        lambda: services.add_step(workshop, actor=request.user, **form.cleaned_data),
        success=_("Séquence ajoutée."),
        form=form,
        on_error=lambda f: _render(request, workshop, add_form=f, status=400),
    )


@login_required
@require_POST
def update(request, workshop_id, step_id):
    workshop = facilitated(request, workshop_id, "workshops.change_workshop")
    step = get_object_or_404(Step, pk=step_id, workshop=workshop)
    form = StepForm(request.POST, prefix=f"s{step.pk}")
    on_error = lambda f: _render(request, workshop, edit_forms={step.pk: f}, status=400)  # noqa: E731
    if not form.is_valid():
        return on_error(form)
    return _apply(
        request,
        workshop,
        lambda: services.update_step(step, actor=request.user, **form.cleaned_data),
        success=_("Séquence « %(title)s » enregistrée.") % {"title": form.cleaned_data["title"]},
        form=form,
        on_error=on_error,
    )


@login_required
@require_POST
def delete(request, workshop_id, step_id):
    workshop = facilitated(request, workshop_id, "workshops.change_workshop")
    step = get_object_or_404(Step, pk=step_id, workshop=workshop)
    return _apply(
        request,
        workshop,
        lambda: services.delete_step(step, actor=request.user),
        success=_("Séquence « %(title)s » supprimée.") % {"title": step.title},
    )


@login_required
@require_POST
def move(request, workshop_id, step_id, direction):
    workshop = facilitated(request, workshop_id, "workshops.change_workshop")
    step = get_object_or_404(Step, pk=step_id, workshop=workshop)
    if direction not in ("monter", "descendre"):
        raise Http404
    offset = -1 if direction == "monter" else 1
    return _apply(
        request,
        workshop,
        lambda: services.move_step(step, actor=request.user, offset=offset),
        success=_("Séquence « %(title)s » déplacée.") % {"title": step.title},
    )


@login_required
@require_POST
def apply_template(request, workshop_id):
    workshop = facilitated(request, workshop_id, "workshops.change_workshop")
    return _apply(
        request,
        workshop,
        lambda: services.apply_template(
            workshop, actor=request.user, template=request.POST.get("template", "")
        ),
        success=_("Déroulé remplacé par le modèle."),
    )


@login_required
def new_workshop(request):
    """Prepare a workshop: its details and a starting agenda."""
    initial = {"charter": "\n".join(VEXIN_CHARTER), "template": "co-production"}
    form = NewWorkshopForm(request.POST or None, user=request.user, initial=initial)
    # From a process's page (?demarche=<id>): that process chosen, if the user may use it.
    chosen = posted_id(request.GET.get("demarche"))
    if chosen and form.fields["process"].queryset.filter(pk=chosen).exists():
        form.initial["process"] = chosen
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        template = data.pop("template")
        new_process = data.pop("new_process").strip()
        try:
            with transaction.atomic():
                if not data["process"]:
                    data["process"] = create_process(actor=request.user, title=new_process)
                workshop = workshop_services.create_workshop(actor=request.user, **data)
                if template:
                    services.apply_template(workshop, actor=request.user, template=template)
        except PermissionDenied as refusal:
            form.add_error("new_process", str(refusal))
        else:
            messages.success(request, _("Atelier créé. Vérifiez son déroulé."))
            return redirect("agenda:edit", workshop.pk)
    return render(request, "workshops/form.html", {"form": form, "creating": True})
