"""`coprod restore FILE [--force]`: stop the servers first (docs/deploy.md)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from ... import services


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde faite par « coprod backup », puis met la base à jour. "
        "Arrêtez les serveurs avant."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="fichier de sauvegarde")
        parser.add_argument(
            "--force",
            action="store_true",
            help="remplacer une instance qui contient déjà des ateliers ou des comptes",
        )

    def handle(self, *args, file, force, **options):
        try:
            warnings = services.restore_backup(file, force=force)
        except services.BackupFailed as error:
            raise CommandError(str(error)) from None
        except DatabaseError as error:
            raise CommandError(
                _("Base de données injoignable : %s") % services.first_line(error)
            ) from None
        except OSError as error:
            raise CommandError(_("Restauration impossible : %s") % error) from None
        for warning in warnings:
            self.stderr.write(warning)
        self.stdout.write(_("Sauvegarde restaurée et base mise à jour : %s") % file)
