"""The kinds of background work, and who may see each one's page and result.

A closed table: each kind names the permission its requester must still hold on its target
(a workshop or a process) to follow it and download its result. Jobs started by anonymous
visitors (a published restitution) belong to nobody: anyone holding the job's address may follow
it while the permission holds for an anonymous visitor.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    CATALOGUE_PREVIEW = "catalogue_preview", _("Lecture d'un fichier pour le catalogue")
    CATALOGUE_IMPORT = "catalogue_import", _("Import dans le catalogue")
    PROPOSALS_IMPORT = "proposals_import", _("Import de propositions")
    ARCHIVE_IMPORT = "archive_import", _("Import d'une archive d'atelier")
    ARCHIVE_EXPORT = "archive_export", _("Archive de l'atelier")
    WORKSHOP_DOCUMENT = "workshop_document", _("Restitution de l'atelier")
    WORKSHOP_DATA = "workshop_data", _("Données ouvertes de l'atelier")
    PUBLIC_DOCUMENT = "public_document", _("Restitution publiée")
    PROCESS_DOCUMENT = "process_document", _("Restitution de la démarche")
    PROCESS_DATA = "process_data", _("Données ouvertes de la démarche")


@dataclass(frozen=True)
class Rule:
    permission: str | None  # None: only the requester, whatever the target
    target: str | None  # "workshop" or "process": the object the permission is checked on


RULES = {
    Kind.CATALOGUE_PREVIEW: Rule("catalogue.change_catalogue", "process"),
    Kind.CATALOGUE_IMPORT: Rule("catalogue.change_catalogue", "process"),
    Kind.PROPOSALS_IMPORT: Rule("workshops.run_workshop", "workshop"),
    Kind.ARCHIVE_IMPORT: Rule(None, None),
    Kind.ARCHIVE_EXPORT: Rule("workshops.run_workshop", "workshop"),
    Kind.WORKSHOP_DOCUMENT: Rule("workshops.run_workshop", "workshop"),
    Kind.WORKSHOP_DATA: Rule("workshops.run_workshop", "workshop"),
    Kind.PUBLIC_DOCUMENT: Rule("restitution.view_publication", "workshop"),
    Kind.PROCESS_DOCUMENT: Rule("restitution.view_process", "process"),
    Kind.PROCESS_DATA: Rule("restitution.view_process", "process"),
}
