from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from coprod.accounts.services import create_api_token


class Command(BaseCommand):
    help = "Print a new API bearer token for an account."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active account named {username!r}.")
        self.stdout.write(create_api_token(user))
