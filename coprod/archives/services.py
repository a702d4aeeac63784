"""Taking a workshop home: export it as one archive, import an archive on another server.

`export_workshop` and `import_archive` are the only writes' entry points (views and the
`archive` command call them). An import runs in one transaction: refused, it writes nothing.
"""

import datetime
import os
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coprod.core.forms import refusal_text
from coprod.organisations.services import organisation_for_new_process
from coprod.processes.models import Process
from coprod.realtime.events import publish_on_commit
from coprod.restitution.typography import french
from coprod.workshops.models import Workshop
from coprod.workshops.services import require

from . import exporting, fileformat, importing, tables
from .fileformat import ArchiveError


class Refused(Exception):
    """An archive that is not imported, with the French reason to show."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Exported:
    body: bytes
    filename: str


def archive_key() -> str:
    """The key shared by the servers that exchange archives: setting, environment, else the
    archive_key file of the data folder (where `coprod restore` puts a backup's key)."""
    configured = getattr(settings, "COPROD_ARCHIVE_KEY", "") or os.environ.get(
        "COPROD_ARCHIVE_KEY", ""
    )
    if configured:
        return configured
    key_file = Path(settings.DATA_DIR) / "archive_key"
    return key_file.read_text().strip() if key_file.is_file() else ""


def instance_id() -> str:
    """This server's stable, non-secret name in manifests (derived from its secret key)."""
    return salted_hmac("coprod.archives.instance", "instance").hexdigest()[:16]


def _version() -> str:
    try:
        return metadata.version("coprod")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a bare checkout
        return "0"


def file_name(workshop: Workshop) -> str:
    stem = slugify(workshop.title)[:60] or "atelier"
    return f"archive-{stem}-{timezone.localdate():%Y-%m-%d}.zip"


def workshop_data(workshop: Workshop) -> dict:
    """The archive's `workshop.json` content (see `exporting`)."""
    return exporting.serialise(exporting.collect(workshop))


def export_workshop(workshop: Workshop, *, actor=None) -> Exported:
    """The workshop as one archive: its facilitators and process owners only (`actor` None is
    the server's own command line)."""
    if actor is not None:
        require(actor, "workshops.run_workshop", workshop)
    with transaction.atomic():  # one consistent reading of every table
        data = workshop_data(workshop)
    manifest = {
        "coprod_version": _version(),
        "created_at": timezone.now().astimezone(datetime.UTC).isoformat(),
        "source_instance": instance_id(),
        "workshop": {"uuid": str(workshop.uuid), "title": workshop.title},
        "process": {"uuid": str(workshop.process.uuid), "title": workshop.process.title},
    }
    body = fileformat.write(manifest, data, key=archive_key())
    return Exported(body=body, filename=file_name(workshop))


def too_large(size: int) -> str | None:
    """The refusal of an upload over the size limit, said before reading it (page and API)."""
    if size <= fileformat.MAX_UPLOAD_BYTES:
        return None
    return _("Le fichier dépasse %(mb)d Mo : ce n'est pas une archive d'atelier coprod.") % {
        "mb": fileformat.MAX_UPLOAD_BYTES // (1024 * 1024)
    }


def refusal(error: ArchiveError) -> str:
    if error.reason == ArchiveError.NEWER:
        return _(
            "Cette archive vient d'une version plus récente de coprod (format %(version)d) : "
            "mettez ce serveur à jour avant de l'importer."
        ) % {"version": error.version}
    if error.reason == ArchiveError.TAMPERED:
        return _("Cette archive a été modifiée depuis son export : import refusé.")
    if error.reason == ArchiveError.UNSIGNED:
        return _(
            "Cette archive n'est pas signée, or ce serveur n'accepte que des archives signées "
            "avec sa clé : import refusé."
        )
    return _("Ce fichier n'est pas une archive d'atelier coprod lisible.")


def _invalid(detail: str) -> Refused:
    return Refused(
        french(
            _(
                "Cette archive contient des données que ce serveur ne peut pas enregistrer "
                "(%(where)s) : import refusé."
            )
            % {"where": detail}
        )
    )


def _new_process_organisation(actor, process_uuid: str):
    """The organisation a process new to this server joins: the importer's (None if the
    process exists here already)."""
    if Process.objects.filter(uuid=process_uuid).exists():
        return None
    try:
        return organisation_for_new_process(actor)
    except (PermissionDenied, ValidationError) as refusal:
        raise Refused(french(refusal_text(refusal))) from None


def _authorise(actor, process_uuid: str, workshop_uuid: str) -> None:
    """Replacing a workshop is for its facilitators; adding one to an existing process, for
    those who keep that process's catalogue; a new process, for accounts allowed to own
    processes (processes.rules)."""
    if actor is None:
        return
    workshop = Workshop.objects.select_related("process").filter(uuid=workshop_uuid).first()
    if workshop is not None:
        if not actor.has_perm("workshops.change_workshop", workshop):
            raise Refused(
                french(
                    _(
                        "L'atelier « %(title)s » existe déjà sur ce serveur et seuls ses "
                        "animateurs peuvent le remplacer : import refusé."
                    )
                    % {"title": workshop.title}
                )
            )
        return
    process = Process.objects.filter(uuid=process_uuid).first()
    if process is not None and not actor.has_perm("catalogue.change_catalogue", process):
        raise Refused(
            french(
                _(
                    "Cette archive appartient à la démarche « %(title)s » de ce serveur, où vous "
                    "n'êtes ni chargé·e de mission ni animateur·rice : import refusé."
                )
                % {"title": process.title}
            )
        )
    if process is None and not actor.has_perm("processes.add_process"):
        raise Refused(
            french(
                _(
                    "Cette archive crée une nouvelle démarche, ce que seuls les chargés de mission "
                    "peuvent faire sur ce serveur : import refusé."
                )
            )
        )


def import_archive(raw: bytes, *, actor=None) -> importing.Loaded:
    """Write the archive's workshop on this server, or raise Refused and write nothing.

    The workshop found again by its uuid is replaced in place (same row, same address); the
    process is found by its uuid, the catalogue's rows by their identity (see `importing`).
    """
    try:
        opened = fileformat.read(raw, key=archive_key())
    except ArchiveError as error:
        raise Refused(french(refusal(error))) from None
    data = opened.data.get("tables")
    try:
        process_uuid, workshop_uuid = tables.identities(data)
    except tables.Invalid as error:
        raise _invalid(error.detail) from None
    _authorise(actor, process_uuid, workshop_uuid)
    organisation = _new_process_organisation(actor, process_uuid)
    try:
        with transaction.atomic():
            loaded = importing.Loader(data, actor=actor, organisation=organisation).load()
            # A replaced workshop may be open on boards and phones: they re-read everything.
            publish_on_commit(loaded.workshop.pk, "agenda.changed")
    except tables.Invalid as error:
        raise _invalid(error.detail) from None
    except (IntegrityError, DataError) as error:
        raise _invalid(type(error).__name__) from None
    return loaded
