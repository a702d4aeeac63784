from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coprod.core.models import TimeStampedModel


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

    class Meta:
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")

    def __str__(self):
        return f"{self.user} ({self.created_at:%Y-%m-%d})"
