"""Importing proposals collected before the workshop: upload → preview → confirm (or cancel).

The uploaded file is kept by the job system, not in the page: the preview job's folder holds it,
and the preview's token is that job's id. The token is random (a UUID4), bound to its requester
and its workshop (`_preview_job` checks both, and the job system that the requester still runs
the workshop), and it expires (`jobs.PREVIEW_VALID`; the job system later removes the folder).
Nothing of the file travels back and forth in hidden fields, so there is nothing to sign or to
forge: a wrong, foreign or expired token only gets the French « déposez-le de nouveau », and
cancelling removes the file at once.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coprod.jobs import services as jobs
from coprod.jobs.kinds import Kind
from coprod.jobs.models import Job
from coprod.workshops.access import facilitated

from . import importing, tasks
from .forms import ImportForm
from .views import manage_page


@login_required
@require_POST
def import_file(request, workshop_id):
    """The file waits in the preview job's folder; the worker reads it (tasks.py)."""
    workshop = facilitated(request, workshop_id)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            importing.check_file(upload.name, upload.size)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            job = jobs.start(
                tasks.preview_proposals,
                kind=Kind.PROPOSALS_IMPORT,
                actor=request.user,
                workshop=workshop,
                params={"step": tasks.PREVIEW, "filename": upload.name},
                upload=upload.read(importing.MAX_BYTES + 1),
                back_url=reverse("proposals:manage", args=[workshop.pk]),
            )
            return redirect(job)
    return manage_page(request, workshop, import_form=form, status=400)


def _preview_job(request, workshop, job_id) -> Job | None:
    return jobs.kept_preview(
        request.user,
        job_id,
        kind=Kind.PROPOSALS_IMPORT,
        params__step=tasks.PREVIEW,
        workshop=workshop,
    )


def _gone(request, workshop):
    messages.error(
        request,
        _("Cet aperçu n'est plus disponible : déposez de nouveau le fichier à importer."),
    )
    return redirect("proposals:manage", workshop.pk)


@login_required
@require_GET
def import_preview(request, workshop_id, job_id):
    workshop = facilitated(request, workshop_id)
    job = _preview_job(request, workshop, job_id)
    if job is None:
        return _gone(request, workshop)
    preview = json.loads(job.result_path.read_text(encoding="utf-8"))
    context = {"workshop": workshop, "preview": preview, "preview_job": job}
    return render(request, "proposals/import_preview.html", context)


@login_required
@require_POST
def import_confirm(request, workshop_id):
    workshop = facilitated(request, workshop_id)
    preview_job = _preview_job(request, workshop, request.POST.get("preview", ""))
    if preview_job is None:
        return _gone(request, workshop)
    # Confirming twice (a double click, the back button) follows the import already started.
    if started := jobs.started_from(request.user, preview_job, kind=Kind.PROPOSALS_IMPORT):
        return redirect(started)
    preview = json.loads(preview_job.result_path.read_text(encoding="utf-8"))
    job = jobs.start(
        tasks.import_proposals,
        kind=Kind.PROPOSALS_IMPORT,
        actor=request.user,
        workshop=workshop,
        params={
            "step": tasks.IMPORT,
            "filename": preview_job.params["filename"],
            "preview": str(preview_job.pk),
            "fingerprint": preview["fingerprint"],
        },
        upload=preview_job.input_path.read_bytes(),
        back_url=reverse("proposals:import_preview", args=[workshop.pk, preview_job.pk]),
    )
    return redirect(job)


@login_required
@require_POST
def import_cancel(request, workshop_id):
    """Forget the file at once: nothing was imported, nothing of it stays on the server."""
    workshop = facilitated(request, workshop_id)
    preview_job = _preview_job(request, workshop, request.POST.get("preview", ""))
    if preview_job is not None:
        preview_job.remove_files()
    messages.success(request, _("Import annulé : aucune proposition n'a été ajoutée."))
    return redirect("proposals:manage", workshop.pk)
