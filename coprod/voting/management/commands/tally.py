from django.core.management.base import BaseCommand, CommandError

from coprod.voting.cli import INPUT_ERROR, InputError, add_arguments, render, tally_file


class Command(BaseCommand):
    help = "Tally votes from a JSON file (majority judgment, approval or dot voting)."

    def add_arguments(self, parser):
        add_arguments(parser)

    def handle(self, *args, file, method, json, **options):
        try:
            result = tally_file(file, method)
        except InputError as error:
            raise CommandError(str(error), returncode=INPUT_ERROR) from error
        self.stdout.write(render(result, as_json=json))
