from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import services
from .access import facilitated
from .forms import WorkshopForm
from .models import Workshop


@login_required
def workshop_list(request):
    workshops = Workshop.objects.for_facilitator(request.user).select_related("process")
    return render(request, "workshops/list.html", {"workshops": workshops})


@login_required
def workshop_detail(request, pk):
    workshop = facilitated(request, pk, "workshops.change_workshop")
    return render(request, "workshops/detail.html", {"workshop": workshop})


@login_required
def workshop_edit(request, pk):
    workshop = facilitated(request, pk, "workshops.change_workshop")
    form = WorkshopForm(request.POST or None, instance=workshop, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_workshop(workshop, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Atelier enregistré."))
        return redirect(workshop)
    return render(request, "workshops/form.html", {"form": form, "workshop": workshop})
