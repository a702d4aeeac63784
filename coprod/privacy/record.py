"""An organisation's record of processing activities (GDPR art. 30), as an OpenDocument sheet.

Pre-filled after the CNIL's simplified model: who the controller is, then one row per
processing (purposes, legal basis, data subjects, data, recipients, retention, transfers,
security), and the processes with their own retention. The organisation completes and keeps
it: what coprod knows is filled in, nothing is invented."""

import io

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from odfdo import Document, Table

from coprod.processes.models import Process

from . import services
from .models import AuditEntry
from .notice import PUBLIC_BODIES

MIME = "application/vnd.oasis.opendocument.spreadsheet"


def _controller(organisation) -> list[list[str]]:
    return [
        [_("Registre des activités de traitement"), ""],
        [_("Responsable du traitement"), organisation.name],
        [_("Type"), organisation.get_kind_display()],
        [_("Contact pour l'exercice des droits"), organisation.privacy_contact or _("à compléter")],
        [_("Délégué à la protection des données"), organisation.dpo_contact or _("à compléter")],
        [_("Date de mise à jour"), timezone.localdate().isoformat()],
    ]


def _security() -> str:
    return _(
        "Comptes nominatifs et rôles (administrateur, chargé de mission, animateur, "
        "observateur, scribe) ; mots de passe hachés et tentatives de connexion limitées ; "
        "HTTPS en production ; participants sans compte, reconnus par un jeton secret ; votes "
        "secrets (seuls les totaux sont montrés) ; noms absents des restitutions publiées ; "
        "journal des exports et effacements ; pseudonymisation à l'échéance ; sauvegardes."
    )


def _processings(organisation) -> list[list[str]]:
    months = organisation.retention_months
    public = organisation.kind in PUBLIC_BODIES
    basis = (
        _("Mission d'intérêt public (art. 6-1-e) ; consentement pour le nom dans la restitution")
        if public
        else _("Intérêt légitime (art. 6-1-f) ; consentement pour le nom dans la restitution")
    )
    none_outside = _("Aucun")
    header = [
        _("Traitement"),
        _("Finalités"),
        _("Base légale"),
        _("Personnes concernées"),
        _("Catégories de données"),
        _("Destinataires"),
        _("Durée de conservation"),
        _("Transferts hors UE"),
        _("Mesures de sécurité"),
    ]
    return [
        header,
        [
            _("Ateliers de co-production"),
            _(
                "Animer les ateliers participatifs, recueillir les contributions, voter, rédiger "
                "et diffuser la restitution"
            ),
            basis,
            _("Participants aux ateliers (élus, associations, habitants, partenaires)"),
            _(
                "Nom ou pseudonyme, structure, lien avec la thématique, propositions, critiques, "
                "commentaires, témoignages, humeur, votes (secrets)"
            ),
            _(
                "Équipe d'animation ; participants de l'atelier ; partenaires destinataires de la "
                "restitution (noms seulement avec accord) ; public (restitution sans nom)"
            ),
            _(
                "Jusqu'à la restitution de la démarche + %(months)d mois, puis pseudonymisation "
                "(voir l'onglet Démarches)"
            )
            % {"months": months},
            none_outside,
            _security(),
        ],
        [
            _("Catalogue des actions existantes et témoignages"),
            _("Garder la mémoire des actions du territoire d'une démarche à l'autre"),
            basis,
            _("Témoins, porteurs d'actions"),
            _("Nom du témoin, structure, contenu du témoignage, contact de l'action"),
            _(
                "Équipe de l'organisation ; participants des ateliers suivants (nom du témoin "
                "seulement avec accord)"
            ),
            _("Tant que l'action figure au catalogue ; noms pseudonymisés avec la démarche"),
            none_outside,
            _security(),
        ],
        [
            _("Comptes de l'équipe"),
            _("Donner accès à coprod aux personnes qui préparent et animent les démarches"),
            _("Mission d'intérêt public (art. 6-1-e)")
            if public
            else _("Intérêt légitime (art. 6-1-f)"),
            _("Agents, animateurs, partenaires invités"),
            _("Identifiant, nom, adresse électronique, rôles, journaux de connexion"),
            _("Administrateurs de l'organisation ; exploitant du serveur"),
            _("Tant que la personne fait partie de l'équipe"),
            none_outside,
            _security(),
        ],
        [
            _("Journal des données personnelles"),
            _("Rendre compte des exports et effacements de données (art. 5-2)"),
            _("Obligation légale (art. 6-1-c)"),
            _("Membres de l'équipe qui agissent sur des données"),
            _("Auteur, date, acte, objet (sans les données elles-mêmes)"),
            _("Administrateurs de l'organisation"),
            _("À compléter par l'organisation"),
            none_outside,
            _security(),
        ],
    ]


def _processes(organisation) -> list[list[str]]:
    rows = [[_("Démarche"), _("Ateliers"), _("Participants"), _("Conservation (mois)")]]
    processes = (
        Process.objects.filter(organisation=organisation)
        .annotate(
            workshops_count=Count("workshops", distinct=True),
            people=Count("workshops__participants", distinct=True),
        )
        .select_related("organisation")
        .order_by("title")
    )
    for process in processes:
        rows.append([process.title, process.workshops_count, process.people, process.kept_months])
    return rows


def build(organisation) -> bytes:
    document = Document("spreadsheet")
    body = document.body
    body.clear()
    for name, rows in (
        (_("Responsable"), _controller(organisation)),
        (_("Traitements"), _processings(organisation)),
        (_("Démarches"), _processes(organisation)),
    ):
        table = Table(name)
        table.set_values(rows)
        body.append(table)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def download(actor, organisation) -> bytes:
    """The record for an administrator of `organisation`, with its audit entry."""
    if not actor.has_perm("organisations.change_organisation", organisation):
        raise PermissionDenied(
            _("Seuls les administrateurs de cette organisation peuvent faire cela.")
        )
    content = build(organisation)
    with transaction.atomic():
        services.record(
            organisation,
            actor=actor,
            action=AuditEntry.Action.RECORD,
            target=_("registre des traitements de %(name)s") % {"name": organisation.name},
        )
    return content
