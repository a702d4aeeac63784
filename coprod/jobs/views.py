"""A job's page (its progress, then its outcome) and its result file.

The page refreshes by itself while the job runs: htmx polls its status region every second,
and without JavaScript the page reloads every two seconds. Only the requester sees a job (anyone
holding its address for a published restitution), while they keep the right to see its target.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from .models import Job
from .services import allowed

POLL_SECONDS = 1


def _job(request, job_id) -> Job | None:
    job = Job.objects.select_related("workshop", "process").filter(pk=job_id).first()
    if job is None:
        raise Http404
    if job.requested_by_id is not None and not request.user.is_authenticated:
        return None
    if not allowed(request.user, job):
        raise Http404
    return job


@require_GET
def job(request, job_id):
    found = _job(request, job_id)
    if found is None:
        return redirect_to_login(request.get_full_path())
    if found.status == Job.Status.DONE and found.open_next and found.next_url:
        if request.htmx:
            response = render(request, "jobs/job.html#status", {"job": found})
            response["HX-Redirect"] = found.next_url
            return response
        return redirect(found.next_url)
    template = "jobs/job.html#status" if request.htmx else "jobs/job.html"
    return render(request, template, {"job": found, "poll_seconds": POLL_SECONDS})


@require_GET
def download(request, job_id):
    found = _job(request, job_id)
    if found is None:
        return redirect_to_login(request.get_full_path())
    if not found.has_file or not found.result_path.exists():
        raise Http404
    return FileResponse(
        found.result_path.open("rb"),
        as_attachment=True,
        filename=found.file_name,
        content_type=found.content_type,
    )
