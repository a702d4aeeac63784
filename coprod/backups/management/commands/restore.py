"""`coprod restore FILE [--force]`: stop the servers first (docs/deploy.md)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ... import services
from ..failures import said_in_one_line


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
        with said_in_one_line(_("Restauration impossible : %s")):
            warnings = services.restore_backup(file, force=force)
        for warning in warnings:
            self.stderr.write(warning)
        self.stdout.write(_("Sauvegarde restaurée et base mise à jour : %s") % file)
