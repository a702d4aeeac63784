from django.core.management.base import BaseCommand, CommandError

from coprod.grouping.cli import INPUT_ERROR, InputError, add_arguments, group_file, render


class Command(BaseCommand):
    help = "Group close proposals from a text file, one proposal per line (- for stdin)."

    def add_arguments(self, parser):
        add_arguments(parser)

    def handle(self, *args, file, k, threshold, backend, json, **options):
        try:
            result = group_file(file, k=k, threshold=threshold, backend=backend)
        except InputError as error:
            raise CommandError(str(error), returncode=INPUT_ERROR) from error
        self.stdout.write(render(result, as_json=json))
