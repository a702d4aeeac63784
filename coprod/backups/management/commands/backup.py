"""`coprod backup --output FILE` or `coprod backup --into DIR --keep N`."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ... import services
from ..failures import said_in_one_line


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
        with said_in_one_line(_("Écriture de la sauvegarde impossible : %s")):
            if output:
                made, removed = services.create_backup(output), []
            else:
                made, removed = services.backup_into(into, keep or 0)
        self.stdout.write(_("Sauvegarde écrite : %s") % made)
        for path in removed:
            self.stdout.write(_("Ancienne sauvegarde supprimée : %s") % path.name)
