"""`coprod report WORKSHOP --format pdf|odt|docx|md --output FILE [--public]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coprod.workshops.models import Workshop

from ... import assembly, formats


class Command(BaseCommand):
    help = "Écrit la restitution d'un atelier dans un fichier (PDF, ODT, DOCX ou Markdown)."

    def add_arguments(self, parser):
        parser.add_argument("workshop", help="numéro de l'atelier")
        parser.add_argument("--format", dest="fmt", required=True, help="pdf, odt, docx ou md")
        parser.add_argument("--output", required=True, help="fichier à écrire")
        parser.add_argument(
            "--public", action="store_true", help="version publique : aucun nom de participant"
        )

    def handle(self, *args, workshop, fmt, output, public, **options):
        if fmt not in formats.FORMATS:
            raise CommandError(
                f"Format inconnu : « {fmt} ». Choisissez parmi : {', '.join(formats.FORMATS)}."
            )
        found = Workshop.objects.filter(pk=int(workshop) if workshop.isdigit() else None).first()
        if found is None:
            raise CommandError(f"Aucun atelier n° {workshop}.")
        document = assembly.build(found, public=public)
        body = formats.render(document, fmt)
        path = Path(output)
        try:
            path.write_bytes(body)
        except OSError as error:
            raise CommandError(f"Impossible d'écrire {path} : {error.strerror}.") from None
        self.stdout.write(f"Restitution écrite dans {path} ({len(body)} octets).")
