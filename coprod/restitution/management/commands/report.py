"""`coprod report WORKSHOP --format pdf|odt|docx|md --output FILE [--public]`, or
`coprod report --process PROCESS …` for the whole process (every workshop in one document)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coprod.processes.models import Process
from coprod.workshops.models import Workshop

from ... import assembly, formats
from ... import process as process_document


def _number(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


class Command(BaseCommand):
    help = (
        "Écrit la restitution d'un atelier, ou de toute une démarche avec --process, dans un "
        "fichier (PDF, ODT, DOCX ou Markdown)."
    )

    def add_arguments(self, parser):
        parser.add_argument("workshop", nargs="?", help="numéro de l'atelier")
        parser.add_argument(
            "--process", help="numéro de la démarche : tous ses ateliers dans un document"
        )
        parser.add_argument("--format", dest="fmt", required=True, help="pdf, odt, docx ou md")
        parser.add_argument("--output", required=True, help="fichier à écrire")
        parser.add_argument(
            "--public", action="store_true", help="version publique : aucun nom de participant"
        )

    def handle(self, *args, workshop, process, fmt, output, public, **options):
        if fmt not in formats.FORMATS:
            raise CommandError(
                f"Format inconnu : « {fmt} ». Choisissez parmi : {', '.join(formats.FORMATS)}."
            )
        if (workshop is None) == (process is None):
            raise CommandError("Donnez soit un numéro d'atelier, soit --process et une démarche.")
        if process is not None:
            found = Process.objects.filter(pk=_number(process)).first()
            if found is None:
                raise CommandError(f"Aucune démarche n° {process}.")
            document = process_document.build(found, public=public)
            what = " de la démarche"
        else:
            found = Workshop.objects.filter(pk=_number(workshop)).first()
            if found is None:
                raise CommandError(f"Aucun atelier n° {workshop}.")
            document = assembly.build(found, public=public)
            what = ""
        body = formats.render(document, fmt)
        path = Path(output)
        try:
            path.write_bytes(body)
        except OSError as error:
            raise CommandError(f"Impossible d'écrire {path} : {error.strerror}.") from None
        self.stdout.write(f"Restitution{what} écrite dans {path} ({len(body)} octets).")
