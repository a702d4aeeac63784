from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from coprod.organisations import invitations
from coprod.organisations import views as organisation_views
from coprod.organisations.forms import InviteForm
from coprod.organisations.models import Invitation

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


def _team_page(request, workshop, form=None, status=200):
    context = {
        "workshop": workshop,
        "facilitators": workshop.facilitators.order_by("username"),
        "teammates": workshop.teammates.select_related("user").order_by("user__username"),
        "invitations": workshop.invitations.pending().select_related("invited_by"),
        "form": form or InviteForm(roles=Invitation.WORKSHOP_ROLES),
        "days": settings.INVITATION_DAYS,
    }
    return render(request, "workshops/team.html", context, status=status)


@login_required
def team(request, pk):
    """« Équipe de l'atelier »: its animateurs and teammates, invited by e-mail."""
    return _team_page(request, facilitated(request, pk, "workshops.manage_team"))


@login_required
@require_POST
def team_invite(request, pk):
    workshop = facilitated(request, pk, "workshops.manage_team")
    form = InviteForm(request.POST, roles=Invitation.WORKSHOP_ROLES)
    if form.is_valid():
        try:
            invitation = invitations.invite(
                actor=request.user,
                workshop=workshop,
                accept_url=organisation_views.accept_url(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            organisation_views.tell_how_it_went(request, invitation)
            return redirect("workshops:team", pk)
    return _team_page(request, workshop, form, status=400)


@login_required
@require_POST
def team_remove(request, pk, user_id):
    workshop = facilitated(request, pk, "workshops.manage_team")
    user = get_object_or_404(get_user_model(), pk=user_id)
    services.remove_from_team(workshop, user, actor=request.user)
    messages.success(request, _("%(name)s ne fait plus partie de l'équipe.") % {"name": user})
    return redirect("workshops:team", pk)
