"""API v1 for taking a workshop home: download its archive, import one (docs/archives.md).

Accounts' tokens only, with the same rules as the pages: a workshop's facilitators and process
owners export it; the archives service decides what an account may import or replace.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from coprod.archives import services
from coprod.archives.fileformat import MAX_UPLOAD_BYTES
from coprod.core.downloads import attachment
from coprod.participants.models import Participant

from .access import facilitated_workshop
from .auth import AnyToken
from .schemas import Error

router = Router(tags=["archives"], auth=AnyToken())


class ImportedOut(Schema):
    workshop: int
    replaced: bool
    process_created: bool


@router.get(
    "/workshops/{workshop_id}/archive.zip",
    response={401: Error, 403: Error, 404: Error},
    summary="The workshop as one archive to import on another server (facilitator)",
    openapi_extra={
        "responses": {
            "200": {
                "description": "A ZIP archive (manifest.json, workshop.json, signature)",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def export_archive(request, workshop_id: int):
    workshop = facilitated_workshop(request, workshop_id)
    exported = services.export_workshop(workshop, actor=request.auth)
    return attachment(exported.body, "application/zip", exported.filename)


@router.post(
    "/archives",
    response={201: ImportedOut, 400: Error, 401: Error, 403: Error, 413: Error},
    summary="Import a workshop archive (account token); the same workshop is replaced in place",
)
def import_archive(request, file: UploadedFile = File(...)):
    if isinstance(request.auth, Participant):
        raise PermissionDenied(_("Un jeton de participant ne permet pas d'importer un atelier."))
    if message := services.too_large(file.size):
        return Status(413, {"detail": message})
    try:
        loaded = services.import_archive(file.read(MAX_UPLOAD_BYTES + 1), actor=request.auth)
    except services.Refused as refused:
        return Status(400, {"detail": refused.message})
    return Status(
        201,
        {
            "workshop": loaded.workshop.pk,
            "replaced": loaded.replaced,
            "process_created": loaded.process_created,
        },
    )
