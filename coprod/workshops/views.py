from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import posters, printouts, services
from .access import facilitated, facilitated_or_404
from .forms import WorkshopForm
from .models import Workshop


@login_required
def workshop_list(request):
    workshops = Workshop.objects.for_facilitator(request.user).select_related("process")
    # Observers, scribes and co-animateurs go to the console; those who prepare, to the page.
    rows = [
        (w, request.user.has_perm("workshops.change_workshop", w), _team_role(request.user, w))
        for w in workshops
    ]
    return render(request, "workshops/list.html", {"rows": rows})


def _team_role(user, workshop) -> str:
    teammate = workshop.teammates.filter(user=user).first()
    return teammate.get_role_display() if teammate else ""


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


def _printout(request, pk, kind, paper) -> tuple[Workshop, str]:
    """The workshop and its join address, for its facilitators only (404 for anyone else)."""
    if paper not in posters.PAPERS:
        raise Http404
    workshop = facilitated_or_404(request, pk)
    return workshop, printouts.join_url(request, workshop)


# The poster and the table cards (`kind`, given by the URL): never cached anywhere, a new join
# code must not leave an old one in a browser's cache.
@never_cache
@login_required
@require_GET
def printout(request, pk, paper, kind):
    workshop, url = _printout(request, pk, kind, paper)
    page = printouts.html(workshop, url, kind, paper, screen=True, request=request)
    return HttpResponse(page)


@never_cache
@login_required
@require_GET
def printout_pdf(request, pk, paper, kind):
    """Rendered within the request: a one-page document takes WeasyPrint 45 to 90 ms."""
    workshop, url = _printout(request, pk, kind, paper)
    response = HttpResponse(printouts.pdf(workshop, url, kind, paper), "application/pdf")
    name = printouts.file_name(workshop, kind, paper)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
