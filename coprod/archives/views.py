"""Download a workshop's archive (its facilitators), import one (any signed-in account; the
service decides what that account may replace). Both run in the worker (tasks.py): the pages
answer at once with the job's page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from coprod.jobs import services as jobs
from coprod.jobs.kinds import Kind
from coprod.workshops.access import facilitated

from . import tasks
from .fileformat import MAX_UPLOAD_BYTES
from .forms import ImportForm


@login_required
@require_GET
def export(request, workshop_id):
    workshop = facilitated(request, workshop_id)
    job = jobs.start(
        tasks.export_archive,
        kind=Kind.ARCHIVE_EXPORT,
        actor=request.user,
        workshop=workshop,
        back_url=workshop.get_absolute_url(),
    )
    return redirect(job)


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request):
    if request.method == "GET":
        return render(request, "archives/import.html", {"form": ImportForm()})
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        job = jobs.start(
            tasks.import_archive,
            kind=Kind.ARCHIVE_IMPORT,
            actor=request.user,
            upload=form.cleaned_data["file"].read(MAX_UPLOAD_BYTES + 1),
            back_url=reverse("archives:import"),
        )
        return redirect(job)
    return render(request, "archives/import.html", {"form": form}, status=400)
