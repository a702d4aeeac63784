from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coprod.core.models import TimeStampedModel

# A token forgotten in a script stops working on its own; `coprod token --days` for another span.
TOKEN_DAYS = 90


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
