from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from coprod.agenda import services as agenda
from coprod.agenda.presets import VEXIN_CHARTER

from coprod.processes.services import create_process

from . import services
from .forms import NewWorkshopForm, WorkshopForm
from .models import Workshop


@login_required
def workshop_list(request):
    workshops = Workshop.objects.for_facilitator(request.user).select_related("process")
    return render(request, "workshops/list.html", {"workshops": workshops})


@login_required
def workshop_create(request):
    form = NewWorkshopForm(
        request.POST or None,
        user=request.user,
        initial={"charter": "\n".join(VEXIN_CHARTER), "template": "co-production"},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        template = data.pop("template")
        new_process = data.pop("new_process").strip()
        if not data["process"]:
            data["process"] = create_process(actor=request.user, title=new_process)
        workshop = services.create_workshop(actor=request.user, **data)
        if template:
            agenda.apply_template(workshop, actor=request.user, template=template)
        messages.success(request, _("Atelier créé. Vérifiez son déroulé."))
        return redirect("agenda:edit", workshop.pk)
    return render(request, "workshops/form.html", {"form": form, "creating": True})


def _facilitated(request, pk) -> Workshop:
    workshop = get_object_or_404(Workshop.objects.select_related("process"), pk=pk)
    if not request.user.has_perm("workshops.change_workshop", workshop):
        raise PermissionDenied(_("Seuls les animateurs de cet atelier peuvent faire cela."))
    return workshop


@login_required
def workshop_detail(request, pk):
    workshop = _facilitated(request, pk)
    return render(request, "workshops/detail.html", {"workshop": workshop})


@login_required
def workshop_edit(request, pk):
    workshop = _facilitated(request, pk)
    form = WorkshopForm(request.POST or None, instance=workshop, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_workshop(workshop, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Atelier enregistré."))
        return redirect(workshop)
    return render(request, "workshops/form.html", {"form": form, "workshop": workshop})
