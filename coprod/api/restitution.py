"""API v1 for restitutions: a workshop's or a whole process's document (PDF, ODT, DOCX or
Markdown) and open data (JSON, ZIP of CSV files; schema in docs/open-data.md).

Documents and ZIPs are prepared in the background: those endpoints answer 202 with the job to
poll (coprod/api/jobs.py); the JSON open data is answered at once.

Facilitator tokens only: the workshop's facilitators and its process's owners for a workshop;
the process's owners and the facilitators of its workshops for a process (who read participants'
names only in the workshops they facilitate). A participant's token is refused (403): an
unpublished restitution is not theirs to read.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from coprod.core.downloads import json_attachment
from coprod.jobs import services as jobs
from coprod.jobs.kinds import Kind
from coprod.participants.models import Participant
from coprod.processes.models import Process
from coprod.restitution import formats, opendata, opendata_process, tasks
from coprod.restitution.filenames import file_name_stem
from coprod.restitution.process_access import require_process
from coprod.workshops.access import can_facilitate
from coprod.workshops.models import Workshop

from .auth import AnyToken
from .jobs import ACCEPTED, ACCEPTED_HELP, accepted
from .schemas import Error, Id

router = Router(tags=["restitution"], auth=AnyToken())
UNPROCESSABLE = 422

FORMAT_HELP = "pdf | odt | docx | md (default pdf)"
PUBLIC_HELP = "true: the public version, without any participant's name"


JSON_OPENAPI = {
    "responses": {
        "200": {
            "description": "Open data as one JSON document (docs/open-data.md)",
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    }
}
ERRORS = {401: Error, 403: Error, 404: Error}
JOB_ERRORS = {**ACCEPTED, **ERRORS}


def _workshop(request, workshop_id: Id) -> Workshop:
    workshop = get_object_or_404(Workshop.objects.select_related("process"), pk=workshop_id)
    if isinstance(request.auth, Participant) or not can_facilitate(request.auth, workshop):
        raise PermissionDenied(
            _("La restitution est réservée aux animateurs et aux chargés de mission.")
        )
    return workshop


def _process(request, process_id: Id) -> tuple[Process, set[int] | None]:
    found = get_object_or_404(Process, pk=process_id)
    return found, require_process(request.auth, found)


def _unknown_format(fmt: str) -> Status | None:
    if fmt in formats.FORMATS:
        return None
    return Status(
        UNPROCESSABLE,
        {
            "detail": _("Format inconnu : « %(fmt)s ». Formats possibles : %(all)s.")
            % {"fmt": fmt[:20], "all": ", ".join(formats.FORMATS)}
        },
    )


@router.get(
    "/workshops/{workshop_id}/restitution",
    response={**JOB_ERRORS, 422: Error},
    summary="Prepare a workshop's restitution document (facilitator): 202 and the job",
    description=ACCEPTED_HELP,
)
def workshop_restitution(
    request,
    workshop_id: Id,
    fmt: str = Query("pdf", alias="format", description=FORMAT_HELP),
    public: bool = Query(False, description=PUBLIC_HELP),
):
    workshop = _workshop(request, workshop_id)
    if refused := _unknown_format(fmt):
        return refused
    job = jobs.start(
        tasks.workshop_document,
        kind=Kind.WORKSHOP_DOCUMENT,
        actor=request.auth,
        workshop=workshop,
        params={"format": fmt, "public": public},
    )
    return accepted(job)


@router.get(
    "/workshops/{workshop_id}/data.json",
    response=ERRORS,
    summary="A workshop's open data as JSON, without names (facilitator)",
    openapi_extra=JSON_OPENAPI,
)
def workshop_datajson_attachment(request, workshop_id: Id):
    workshop = _workshop(request, workshop_id)
    return json_attachment(
        opendata.workshop_data(workshop), f"{file_name_stem(workshop, 'donnees')}.json"
    )


@router.get(
    "/workshops/{workshop_id}/data.zip",
    response=JOB_ERRORS,
    summary="Prepare a workshop's open data as a ZIP of CSV files, without names "
    "(facilitator): 202 and the job",
    description=ACCEPTED_HELP,
)
def workshop_data_zip(request, workshop_id: Id):
    workshop = _workshop(request, workshop_id)
    job = jobs.start(
        tasks.workshop_data, kind=Kind.WORKSHOP_DATA, actor=request.auth, workshop=workshop
    )
    return accepted(job)


@router.get(
    "/processes/{process_id}/restitution",
    response={**JOB_ERRORS, 422: Error},
    summary="Prepare a whole process's restitution document, every workshop in it "
    "(facilitator): 202 and the job",
    description=ACCEPTED_HELP,
)
def process_restitution(
    request,
    process_id: Id,
    fmt: str = Query("pdf", alias="format", description=FORMAT_HELP),
    public: bool = Query(False, description=PUBLIC_HELP),
):
    found, _named = _process(request, process_id)
    if refused := _unknown_format(fmt):
        return refused
    job = jobs.start(
        tasks.process_document,
        kind=Kind.PROCESS_DOCUMENT,
        actor=request.auth,
        process=found,
        params={"format": fmt, "public": public},
    )
    return accepted(job)


@router.get(
    "/processes/{process_id}/data.json",
    response=ERRORS,
    summary="A whole process's open data as JSON, pseudonymised (facilitator)",
    openapi_extra=JSON_OPENAPI,
)
def process_datajson_attachment(request, process_id: Id):
    found, _named = _process(request, process_id)
    name = f"{file_name_stem(found, 'donnees')}.json"
    return json_attachment(opendata_process.process_data(found), name)


@router.get(
    "/processes/{process_id}/data.zip",
    response=JOB_ERRORS,
    summary="Prepare a whole process's open data as a ZIP of CSV files, pseudonymised "
    "(facilitator): 202 and the job",
    description=ACCEPTED_HELP,
)
def process_data_zip(request, process_id: Id):
    found, _named = _process(request, process_id)
    job = jobs.start(tasks.process_data, kind=Kind.PROCESS_DATA, actor=request.auth, process=found)
    return accepted(job)
