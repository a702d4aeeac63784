"""`collectstatic`, skipped while STATIC_ROOT holds the current sources (`coprod serve` runs it)."""

from django.core.management.base import BaseCommand

from coprod.core.storage import collect_static_if_changed


class Command(BaseCommand):
    help = (
        "Collect the static files (hashed names, gzip and Brotli) unless their sources are "
        "unchanged since the last collect."
    )

    def handle(self, *args, verbosity, **options):
        collect_static_if_changed(verbosity=verbosity, stdout=self.stdout)
