"""`coprod organisation`: the server's organisations, listed or created with their first
administrator (who then invites the others from « Équipe »)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from coprod.core.forms import refusal_text
from coprod.organisations import services
from coprod.organisations.models import Organisation


class Command(BaseCommand):
    help = "List the organisations, or create one with its first administrator."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="the new organisation's name")
        parser.add_argument("--slug", default="", help="its short name in addresses")
        parser.add_argument(
            "--kind", default=Organisation.Kind.OTHER, choices=Organisation.Kind.values
        )
        parser.add_argument("--admin", metavar="USERNAME", help="its first administrator")

    def handle(self, *args, name, slug, kind, admin, **options):
        if not name:
            for organisation in Organisation.objects.order_by("name"):
                count = organisation.memberships.count()
                self.stdout.write(f"{organisation.slug}\t{organisation.name}\t{count}")
            return
        user = None
        if admin:
            user = get_user_model().objects.filter(username=admin).first()
            if user is None:
                raise CommandError(_("Aucun compte « %(name)s » sur ce serveur.") % {"name": admin})
        if slug and Organisation.objects.filter(slug=slug).exists():
            raise CommandError(_("L'identifiant « %(slug)s » est déjà pris.") % {"slug": slug})
        try:
            organisation = services.create_organisation(name=name, admin=user, slug=slug, kind=kind)
        except ValidationError as error:
            raise CommandError(refusal_text(error)) from None
        self.stdout.write(
            _("Organisation « %(name)s » créée (%(slug)s).")
            % {"name": organisation.name, "slug": organisation.slug}
        )
