"""`coprod token USER`: a bearer token for the public API; `--list`, `--revoke`, `--revoke-all`."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coprod.accounts import services
from coprod.accounts.models import TOKEN_DAYS


def _date(value) -> str:
    if value is None:
        return "—"
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def _state(token) -> str:
    if token.revoked_at is not None:
        return _("révoqué le %(date)s") % {"date": _date(token.revoked_at)}
    if token.is_expired:
        return _("expiré")
    return _("valide")


class Command(BaseCommand):
    help = "Print a new API bearer token for an account, or list or revoke its tokens."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--days", type=int, default=TOKEN_DAYS, help=f"validity (default {TOKEN_DAYS})"
        )
        action = parser.add_mutually_exclusive_group()
        action.add_argument(
            "--list", action="store_true", dest="listing", help="list the account's tokens"
        )
        action.add_argument("--revoke", type=int, metavar="ID", help="revoke one token")
        action.add_argument("--revoke-all", action="store_true", help="revoke every token")

    def handle(self, *args, username, days, listing, revoke, revoke_all, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("Aucun compte « %(name)s » sur ce serveur.") % {"name": username})
        if listing:
            return self._list(user)
        if revoke is not None:
            if not services.revoke_api_token(user, revoke):
                raise CommandError(
                    _("« %(name)s » n'a pas de jeton n° %(id)s non révoqué.")
                    % {"name": username, "id": revoke}
                )
            self.stdout.write(_("Jeton n° %(id)s révoqué.") % {"id": revoke})
            return None
        if revoke_all:
            count = services.revoke_all_api_tokens(user)
            self.stdout.write(
                ngettext("%(count)d jeton révoqué.", "%(count)d jetons révoqués.", count)
                % {"count": count}
            )
            return None
        if not user.is_active:
            raise CommandError(_("Le compte « %(name)s » est désactivé.") % {"name": username})
        try:
            secret = services.create_api_token(user, days=days)
        except ValueError as error:
            raise CommandError(str(error)) from None
        token = user.api_tokens.latest("pk")
        # The secret alone on stdout, for scripts; what it is on stderr.
        self.stderr.write(
            _("Jeton n° %(id)s, valable jusqu'au %(date)s.")
            % {"id": token.pk, "date": _date(token.expires_at)}
        )
        self.stdout.write(secret)
        return None

    def _list(self, user) -> None:
        tokens = user.api_tokens.order_by("pk")
        if not tokens:
            self.stdout.write(_("Aucun jeton."))
            return
        self.stdout.write(
            "\t".join([_("n°"), _("créé le"), _("expire le"), _("dernière utilisation"), _("état")])
        )
        for token in tokens:
            row = [str(token.pk), _date(token.created_at), _date(token.expires_at)]
            self.stdout.write("\t".join([*row, _date(token.last_used_at), _state(token)]))
