"""The restitution of a whole process: its page, its document in four formats, its open data.

For its process owners and the facilitators of its workshops (`process_access`); a facilitator
reads participants' names only in the workshops they facilitate.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coprod.core.downloads import json_attachment
from coprod.jobs import services as jobs
from coprod.jobs.kinds import Kind
from coprod.processes.models import Process

from .. import crossview, formats, opendata_process, tasks
from .. import process as process_document
from ..filenames import file_name_stem
from ..process_access import require_process
from .documents import _public

FORMAT_LABELS = [
    ("pdf", "PDF"),
    ("odt", "ODT (LibreOffice)"),
    ("docx", "DOCX (Word)"),
    ("md", "Markdown"),
]


def _process(request, process_id) -> tuple[Process, set[int] | None]:
    found = get_object_or_404(Process, pk=process_id)
    return found, require_process(request.user, found)


@login_required
@require_GET
def page(request, process_id):
    found, named = _process(request, process_id)
    public = _public(request)
    document = process_document.build(found, public=public, named=named)
    workshops = crossview.workshops_of(found)
    rows = document.section("workshops").tables[0].rows
    return render(
        request,
        "restitution/process.html",
        {
            "process": found,
            "document": document,
            "public": public,
            "everyone_named": named is None,
            "workshops": [
                {"workshop": w, "row": row, "mine": named is None or w.pk in named}
                for w, row in zip(workshops, rows, strict=True)
            ],
            "crossview": document.section("crossview"),
            "formats": FORMAT_LABELS,
        },
    )


@login_required
@require_GET
def download(request, process_id, fmt):
    found, _named = _process(request, process_id)
    if fmt not in formats.FORMATS:
        raise Http404(_("Format inconnu."))
    job = jobs.start(
        tasks.process_document,
        kind=Kind.PROCESS_DOCUMENT,
        actor=request.user,
        process=found,
        params={"format": fmt, "public": _public(request)},
        back_url=reverse("restitution:process", args=[found.pk]),
    )
    return redirect(job)


@login_required
@require_GET
def data_json(request, process_id):
    found, _named = _process(request, process_id)
    name = f"{file_name_stem(found, 'donnees')}.json"
    return json_attachment(opendata_process.process_data(found), name)


@login_required
@require_GET
def data_csv(request, process_id):
    found, _named = _process(request, process_id)
    job = jobs.start(
        tasks.process_data,
        kind=Kind.PROCESS_DATA,
        actor=request.user,
        process=found,
        back_url=reverse("restitution:process", args=[found.pk]),
    )
    return redirect(job)
