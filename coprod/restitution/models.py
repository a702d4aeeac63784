"""Whether a workshop's restitution is published, and under which unguessable address."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from coprod.workshops.models import Workshop


def new_key() -> str:
    return secrets.token_urlsafe(16)


class Publication(models.Model):
    """The public (nameless) restitution at `restitution/<key>/`, visible only while published.

    The key stays the same across unpublish / publish, so links shared earlier work again.
    """

    workshop = models.OneToOneField(
        Workshop, on_delete=models.CASCADE, related_name="publication", verbose_name=_("atelier")
    )
    published = models.BooleanField(_("publiée"), default=False)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    key = models.CharField(max_length=32, unique=True, default=new_key, editable=False)

    class Meta:
        verbose_name = _("publication de la restitution")
        verbose_name_plural = _("publications des restitutions")

    def __str__(self) -> str:
        return f"{self.workshop} ({'publiée' if self.published else 'non publiée'})"
