"""`coprod archive export WORKSHOP --output FILE` and `coprod archive import FILE [--user NAME]`."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from coprod.workshops.models import Workshop

from ... import services
from ...fileformat import MAX_UPLOAD_BYTES


class Command(BaseCommand):
    help = "Exporte un atelier dans une archive, ou importe une archive d'atelier."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        out = actions.add_parser("export", help="écrire l'archive d'un atelier")
        out.add_argument("workshop", help="numéro de l'atelier")
        out.add_argument("--output", required=True, help="fichier .zip à écrire")
        into = actions.add_parser("import", help="importer une archive d'atelier")
        into.add_argument("file", help="archive .zip à importer")
        into.add_argument(
            "--user",
            help="compte qui importe (ses droits s'appliquent ; il anime l'atelier si ses "
            "animateurs sont inconnus ici)",
        )

    def handle(self, *args, action, **options):
        if action == "export":
            self._export(options["workshop"], options["output"])
        else:
            self._import(options["file"], options.get("user"))

    def _export(self, workshop, output):
        found = Workshop.objects.filter(pk=int(workshop) if workshop.isdigit() else None).first()
        if found is None:
            raise CommandError(f"Aucun atelier n° {workshop}.")
        exported = services.export_workshop(found)
        path = Path(output)
        try:
            path.write_bytes(exported.body)
        except OSError as error:
            raise CommandError(f"Impossible d'écrire {path} : {error.strerror}.") from None
        self.stdout.write(f"Archive de « {found.title} » écrite dans {path}.")

    def _import(self, file, username):
        actor = None
        if username:
            actor = get_user_model().objects.filter(username=username).first()
            if actor is None:
                raise CommandError(f"Aucun compte « {username} » sur ce serveur.")
        path = Path(file)
        try:
            with path.open("rb") as stream:
                raw = stream.read(MAX_UPLOAD_BYTES + 1)
        except OSError as error:
            raise CommandError(f"Impossible de lire {path} : {error.strerror}.") from None
        try:
            loaded = services.import_archive(raw, actor=actor)
        except services.Refused as refused:
            raise CommandError(refused.message) from None
        workshop = loaded.workshop
        verb = "remplacé" if loaded.replaced else "importé"
        self.stdout.write(f"Atelier « {workshop.title} » {verb} : n° {workshop.pk}.")
        if not workshop.facilitators.exists():
            self.stdout.write(
                "Aucun de ses animateurs n'a de compte ici : ajoutez-en un, ou importez avec --user."
            )
