"""The facilitator's restitution page: a preview of the document and its downloads.

Only the workshop's facilitators and the process owners see it (`workshops.run_workshop`).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coprod.core.downloads import attachment
from coprod.processes.models import Process
from coprod.workshops.models import Workshop

from .. import assembly, formats
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


def file_name_stem(titled: Workshop | Process, prefix: str = "restitution") -> str:
    """E.g. `restitution-atelier-4` (`donnees-atelier-4` with `prefix="donnees"`), for a
    workshop or a process."""
    return f"{prefix}-{slugify(titled.title)[:80].strip('-') or titled.pk}"


def file_name(titled: Workshop | Process, fmt: str, *, public: bool = False) -> str:
    """E.g. `restitution-atelier-4.pdf` (`…-public.pdf` for the version without names)."""
    stem = file_name_stem(titled)
    return f"{stem}{'-public' if public else ''}.{formats.FORMATS[fmt].extension}"


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
    public = _public(request)
    document = assembly.build(found, public=public)
    body = formats.render(document, fmt)
    return attachment(body, formats.FORMATS[fmt].content_type, file_name(found, fmt, public=public))
