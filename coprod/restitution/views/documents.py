"""The facilitator's restitution page: a preview of the document and its downloads.

Only the workshop's facilitators and the process owners see it (`workshops.run_workshop`).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coprod.jobs import services as jobs
from coprod.jobs.kinds import Kind
from coprod.workshops.models import Workshop

from .. import assembly, formats, tasks
from ..models import Publication


def _workshop(request, workshop_id) -> Workshop:
    workshop = get_object_or_404(Workshop.objects.select_related("process"), pk=workshop_id)
    if not request.user.has_perm("workshops.run_workshop", workshop):
        raise PermissionDenied(
            _("La restitution est réservée aux animateurs et aux chargés de mission.")
        )
    return workshop


def _public(request) -> bool:
    return request.GET.get("public") == "1"


@login_required
@require_GET
def workshop(request, workshop_id):
    found = _workshop(request, workshop_id)
    public = _public(request)
    document = assembly.build(found, public=public)
    publication = Publication.objects.filter(workshop=found).first()
    return render(
        request,
        "restitution/workshop.html",
        {
            "workshop": found,
            "document": document,
            "public": public,
            "publication": publication,
            "formats": [
                ("pdf", "PDF"),
                ("odt", "ODT (LibreOffice)"),
                ("docx", "DOCX (Word)"),
                ("md", "Markdown"),
            ],
        },
    )


@login_required
@require_GET
def download(request, workshop_id, fmt):
    found = _workshop(request, workshop_id)
    if fmt not in formats.FORMATS:
        raise Http404(_("Format inconnu."))
    job = jobs.start(
        tasks.workshop_document,
        kind=Kind.WORKSHOP_DOCUMENT,
        actor=request.user,
        workshop=found,
        params={"format": fmt, "public": _public(request)},
        back_url=reverse("restitution:workshop", args=[found.pk]),
    )
    return redirect(job)
