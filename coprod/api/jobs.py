"""API v1 for background work: what the endpoints that start heavy work answer (202 and the
job), following a job, and downloading its result.

A document, an open-data ZIP or an archive takes seconds to prepare: `GET …/restitution` (and
the others) answers 202 Accepted at once with the job; the client polls `GET /jobs/{id}` until
its `status` is `done` (then downloads `file`) or `failed` (then reads `errors`, in French).
"""

from uuid import UUID

from django.http import FileResponse, Http404
from django.urls import reverse
from ninja import Field, Router, Schema, Status

from coprod.jobs.models import Job
from coprod.jobs.services import allowed
from coprod.participants.models import Participant

from .auth import AnyToken
from .schemas import Error

router = Router(tags=["jobs"], auth=AnyToken())


class JobOut(Schema):
    id: str
    kind: str = Field(description="workshop_document, process_document, archive_export, …")
    status: str = Field(description="queued | running | done | failed")
    done: int = Field(description="Rows or steps done so far")
    total: int = Field(description="Rows or steps in all (0 while unknown)")
    errors: list[str] = Field(description="Why the job failed, in French")
    summary: str = Field(description="What the job did, in French, once done")
    outcome: dict = Field(
        description="What it produced, once done: for an archive import "
        "{workshop, replaced, process_created}"
    )
    url: str = Field(description="This job in the API: poll it")
    page: str = Field(description="The job's page for a person")
    file: str | None = Field(description="The result to download, once done")


def job_out(job: Job) -> dict:
    return {
        "id": str(job.pk),
        "kind": job.kind,
        "status": job.status,
        "done": job.done,
        "total": job.total,
        "errors": job.errors,
        "summary": job.summary,
        "outcome": job.outcome,
        "url": reverse("api:job", args=[job.pk]),
        "page": job.get_absolute_url(),
        "file": reverse("api:job_file", args=[job.pk]) if job.has_file else None,
    }


def accepted(job: Job) -> Status:
    """What an endpoint that started `job` answers."""
    return Status(202, job_out(job))


ACCEPTED = {202: JobOut}
ACCEPTED_HELP = (
    "202: the work is queued; poll the job's `url` until its status is done, then download "
    "its `file`."
)


def _job(request, job_id: UUID) -> Job:
    job = Job.objects.select_related("workshop", "process").filter(pk=job_id).first()
    if job is None or isinstance(request.auth, Participant) or not allowed(request.auth, job):
        raise Http404
    return job


@router.get(
    "/jobs/{job_id}",
    response={200: JobOut, 401: Error, 404: Error},
    url_name="job",
    summary="A background job: its status, progress, French errors and result",
)
def get_job(request, job_id: UUID):
    return job_out(_job(request, job_id))


@router.get(
    "/jobs/{job_id}/file",
    response={401: Error, 404: Error},
    url_name="job_file",
    summary="The result of a finished job (a document, a ZIP, an archive)",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The file (Content-Disposition gives its name)",
                "content": {"application/octet-stream": {"schema": {"type": "string"}}},
            }
        }
    },
)
def get_job_file(request, job_id: UUID):
    job = _job(request, job_id)
    if not job.has_file or not job.result_path.exists():
        raise Http404
    return FileResponse(
        job.result_path.open("rb"),
        as_attachment=True,
        filename=job.file_name,
        content_type=job.content_type,
    )
