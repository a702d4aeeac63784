"""API v1 for restitutions: a workshop's or a whole process's document (PDF, ODT, DOCX or
Markdown) and open data (JSON, ZIP of CSV files; schema in docs/open-data.md).

Facilitator tokens only: the workshop's facilitators and its process's owners for a workshop;
the process's owners and the facilitators of its workshops for a process (who read participants'
names only in the workshops they facilitate). A participant's token is refused (403): an
unpublished restitution is not theirs to read.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from coprod.core.downloads import attachment, json_attachment
from coprod.live.access import can_facilitate
from coprod.participants.models import Participant
from coprod.processes.models import Process
from coprod.restitution import assembly, formats, opendata, opendata_process
from coprod.restitution import process as process_document
from coprod.restitution.process_access import require_process
from coprod.restitution.views.documents import file_name, file_name_stem
from coprod.workshops.models import Workshop

from .auth import AnyToken
from .schemas import Error

router = Router(tags=["restitution"], auth=AnyToken())
UNPROCESSABLE = 422

FORMAT_HELP = "pdf | odt | docx | md (default pdf)"
PUBLIC_HELP = "true: the public version, without any participant's name"


def _binary(content_type: str) -> dict:
    return {content_type: {"schema": {"type": "string", "format": "binary"}}}


def _file_responses(description: str, content_types: list[str]) -> dict:
    content: dict = {}
    for content_type in content_types:
        content |= _binary(content_type)
    return {"responses": {"200": {"description": description, "content": content}}}


DOCUMENT_OPENAPI = _file_responses(
    "The document, as a file to download (Content-Disposition gives its name)",
    [f.content_type for f in formats.FORMATS.values()],
)
JSON_OPENAPI = {
    "responses": {
        "200": {
            "description": "Open data as one JSON document (docs/open-data.md)",
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    }
}
ZIP_OPENAPI = _file_responses(
    "Open data as a ZIP of `;`-separated UTF-8 CSV files (docs/open-data.md)", ["application/zip"]
)
ERRORS = {401: Error, 403: Error, 404: Error}


def _workshop(request, workshop_id: int) -> Workshop:
    workshop = get_object_or_404(Workshop.objects.select_related("process"), pk=workshop_id)
    if isinstance(request.auth, Participant) or not can_facilitate(request.auth, workshop):
        raise PermissionDenied(
            _("La restitution est réservée aux animateurs et aux chargés de mission.")
        )
    return workshop


def _process(request, process_id: int) -> tuple[Process, set[int] | None]:
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
    response={**ERRORS, 422: Error},
    summary="A workshop's restitution document (facilitator)",
    openapi_extra=DOCUMENT_OPENAPI,
)
def workshop_restitution(
    request,
    workshop_id: int,
    fmt: str = Query("pdf", alias="format", description=FORMAT_HELP),
    public: bool = Query(False, description=PUBLIC_HELP),
):
    workshop = _workshop(request, workshop_id)
    if refused := _unknown_format(fmt):
        return refused
    body = formats.render(assembly.build(workshop, public=public), fmt)
    return attachment(
        body, formats.FORMATS[fmt].content_type, file_name(workshop, fmt, public=public)
    )


@router.get(
    "/workshops/{workshop_id}/data.json",
    response=ERRORS,
    summary="A workshop's open data as JSON, without names (facilitator)",
    openapi_extra=JSON_OPENAPI,
)
def workshop_datajson_attachment(request, workshop_id: int):
    workshop = _workshop(request, workshop_id)
    return json_attachment(
        opendata.workshop_data(workshop), f"{file_name_stem(workshop, 'donnees')}.json"
    )


@router.get(
    "/workshops/{workshop_id}/data.zip",
    response=ERRORS,
    summary="A workshop's open data as a ZIP of CSV files, without names (facilitator)",
    openapi_extra=ZIP_OPENAPI,
)
def workshop_data_zip(request, workshop_id: int):
    workshop = _workshop(request, workshop_id)
    name = f"{file_name_stem(workshop, 'donnees')}.zip"
    return attachment(opendata.workshop_csv(workshop), "application/zip", name)


@router.get(
    "/processes/{process_id}/restitution",
    response={**ERRORS, 422: Error},
    summary="A whole process's restitution document, every workshop in it (facilitator)",
    openapi_extra=DOCUMENT_OPENAPI,
)
def process_restitution(
    request,
    process_id: int,
    fmt: str = Query("pdf", alias="format", description=FORMAT_HELP),
    public: bool = Query(False, description=PUBLIC_HELP),
):
    found, named = _process(request, process_id)
    if refused := _unknown_format(fmt):
        return refused
    body = formats.render(process_document.build(found, public=public, named=named), fmt)
    name = file_name(found, fmt, public=public)
    return attachment(body, formats.FORMATS[fmt].content_type, name)


@router.get(
    "/processes/{process_id}/data.json",
    response=ERRORS,
    summary="A whole process's open data as JSON, pseudonymised (facilitator)",
    openapi_extra=JSON_OPENAPI,
)
def process_datajson_attachment(request, process_id: int):
    found, _named = _process(request, process_id)
    name = f"{file_name_stem(found, 'donnees')}.json"
    return json_attachment(opendata_process.process_data(found), name)


@router.get(
    "/processes/{process_id}/data.zip",
    response=ERRORS,
    summary="A whole process's open data as a ZIP of CSV files, pseudonymised (facilitator)",
    openapi_extra=ZIP_OPENAPI,
)
def process_data_zip(request, process_id: int):
    found, _named = _process(request, process_id)
    name = f"{file_name_stem(found, 'donnees')}.zip"
    return attachment(opendata_process.process_csv(found), "application/zip", name)
