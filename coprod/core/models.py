"""Base model mixins shared by the feature apps; no domain models live here."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        abstract = True


def entered_by_field(verbose_name=None) -> models.ForeignKey:
    """The facilitator who typed something in for someone else (a person without a phone, a
    paper post-it); kept, as empty, when their account goes."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name or _("saisi par"),
    )
