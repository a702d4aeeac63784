from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coprod.core.models import TimeStampedModel

# A token forgotten in a script stops working on its own; `coprod token --days` for another span.
TOKEN_DAYS = 90


class User(AbstractUser):
    """A facilitator's, process owner's or colleague's account (participants have none).

    It keeps Django's own table, `auth_user`, so that servers installed before it existed keep
    their accounts (migration 0001 creates the table only on a new database)."""

    # Django's own user table has an int key; every link to it on older servers is an int.
    id = models.AutoField(primary_key=True, verbose_name="ID")
    # The OpenID Connect subject: the one stable identifier a provider gives (an e-mail changes).
    oidc_sub = models.CharField(
        _("identifiant OpenID Connect"), max_length=255, unique=True, null=True, blank=True
    )

    class Meta(AbstractUser.Meta):
        db_table = "auth_user"
        verbose_name = _("compte")
        verbose_name_plural = _("comptes")


def default_expiry():
    return timezone.now() + timedelta(days=TOKEN_DAYS)


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        """Neither revoked nor expired, on an active account."""
        return self.filter(
            revoked_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True
        )


class ApiToken(TimeStampedModel):
    """A facilitator's or process owner's bearer token for the public API."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("compte"),
    )
    key_hash = models.CharField(_("empreinte"), max_length=64, unique=True)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expire le"), default=default_expiry)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")

    def __str__(self):
        return f"{self.user} ({self.created_at:%Y-%m-%d})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
