"""`coprod backup --output FILE` or `coprod backup --into DIR --keep N`."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from ... import services


class Command(BaseCommand):
    help = (
        "Sauvegarde toute l'instance (base, fichiers déposés, clé secrète, clé d'archives) "
        "dans un seul fichier."
    )

    def add_arguments(self, parser):
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--output", help="fichier à écrire (remplacé s'il existe)")
        where.add_argument("--into", help="dossier où écrire une sauvegarde datée")
        parser.add_argument(
            "--keep",
            type=int,
            help="avec --into : ne garder que les N sauvegardes les plus récentes du dossier",
        )

    def handle(self, *args, output, into, keep, **options):
        if keep is not None and (into is None or keep < 1):
            raise CommandError(_("--keep va avec --into et vaut au moins 1."))
        try:
            if output:
                made, removed = services.create_backup(output), []
            else:
                made, removed = services.backup_into(into, keep or 0)
        except services.BackupFailed as error:
            raise CommandError(str(error)) from None
        except DatabaseError as error:
            raise CommandError(
                _("Base de données injoignable : %s") % services.first_line(error)
            ) from None
        except OSError as error:
            raise CommandError(_("Écriture de la sauvegarde impossible : %s") % error) from None
        self.stdout.write(_("Sauvegarde écrite : %s") % made)
        for path in removed:
            self.stdout.write(_("Ancienne sauvegarde supprimée : %s") % path.name)
