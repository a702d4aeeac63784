"""Publishing a workshop's restitution: the facilitator's buttons, the public page and the page
to share its link with the participants.

The public page shows only the public document (`assembly.build(..., public=True)`: no name of
a participant) and only while the restitution is published; otherwise it is a 404 and the
restitution stays visible only to facilitators and process owners.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coprod.core import links
from coprod.jobs import services as jobs
from coprod.jobs.kinds import Kind
from coprod.live import qr

from .. import assembly, services, tasks
from ..models import Publication
from .documents import _workshop

PUBLIC_FORMATS = [("pdf", "PDF"), ("md", "Markdown")]


@login_required
@require_POST
def publish(request, workshop_id):
    found = _workshop(request, workshop_id)
    services.publish(found, actor=request.user)
    messages.success(request, _("La restitution est publiée."))
    return redirect("restitution:workshop", found.pk)


@login_required
@require_POST
def unpublish(request, workshop_id):
    found = _workshop(request, workshop_id)
    services.unpublish(found, actor=request.user)
    messages.success(request, _("La restitution n'est plus publiée."))
    return redirect("restitution:workshop", found.pk)


def _published(key: str) -> Publication:
    publication = get_object_or_404(
        Publication.objects.select_related("workshop__process"), key=key
    )
    if not publication.published:
        raise Http404(_("Cette restitution n'est pas publiée."))
    return publication


@require_GET
def public(request, key):
    publication = _published(key)
    return render(
        request,
        "restitution/public.html",
        {
            "publication": publication,
            "workshop": publication.workshop,
            "document": assembly.build(publication.workshop, public=True),
            "formats": PUBLIC_FORMATS,
        },
    )


@require_GET
def public_download(request, key, fmt):
    publication = _published(key)
    if fmt not in dict(PUBLIC_FORMATS):
        raise Http404(_("Format inconnu."))
    # Anyone holding the key: the job is nobody's, and one at a time per format is rendered.
    job = jobs.start(
        tasks.workshop_document,
        kind=Kind.PUBLIC_DOCUMENT,
        actor=request.user,
        workshop=publication.workshop,
        params={"format": fmt, "public": True},
        back_url=reverse("restitution:public", args=[publication.key]),
    )
    return redirect(job)


@require_GET
def share(request, key):
    publication = _published(key)
    link = links.absolute_url(request, reverse("restitution:public", args=[publication.key]))
    return render(
        request,
        "restitution/share.html",
        {
            "publication": publication,
            "workshop": publication.workshop,
            "link": link,
            "qr_svg": qr.svg(link),
        },
    )
