"""API v1 for taking a workshop home: download its archive, import one (docs/archives.md).

Accounts' tokens only, with the same rules as the pages: a workshop's facilitators and process
owners export it; the archives service decides what an account may import or replace. Both run
in the background: they answer 202 with the job to poll (coprod/api/jobs.py); an import's job
tells, once done, `outcome` = {workshop, replaced, process_created}.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import File, Router, Status
from ninja.files import UploadedFile

from coprod.archives import services, tasks
from coprod.archives.fileformat import MAX_UPLOAD_BYTES
from coprod.jobs import services as jobs
from coprod.jobs.kinds import Kind
from coprod.participants.models import Participant

from .access import facilitated_workshop
from .auth import AnyToken
from .jobs import ACCEPTED, ACCEPTED_HELP, accepted
from .schemas import Error, Id

router = Router(tags=["archives"], auth=AnyToken())


@router.get(
    "/workshops/{workshop_id}/archive.zip",
    response={**ACCEPTED, 401: Error, 403: Error, 404: Error},
    summary="Prepare the workshop as one archive to import on another server (facilitator): "
    "202 and the job",
    description=ACCEPTED_HELP,
)
def export_archive(request, workshop_id: Id):
    workshop = facilitated_workshop(request, workshop_id)
    job = jobs.start(
        tasks.export_archive, kind=Kind.ARCHIVE_EXPORT, actor=request.auth, workshop=workshop
    )
    return accepted(job)


@router.post(
    "/archives",
    response={**ACCEPTED, 400: Error, 401: Error, 403: Error, 413: Error},
    summary="Import a workshop archive (account token); the same workshop is replaced in place: "
    "202 and the job",
    description=ACCEPTED_HELP
    + " A refused archive makes the job fail with its reason in French (`errors`).",
)
def import_archive(request, file: UploadedFile = File(...)):
    if isinstance(request.auth, Participant):
        raise PermissionDenied(_("Un jeton de participant ne permet pas d'importer un atelier."))
    if message := services.too_large(file.size):
        return Status(413, {"detail": message})
    job = jobs.start(
        tasks.import_archive,
        kind=Kind.ARCHIVE_IMPORT,
        actor=request.auth,
        upload=file.read(MAX_UPLOAD_BYTES + 1),
    )
    return accepted(job)
