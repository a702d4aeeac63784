import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from coprod.core.models import TimeStampedModel


class Process(TimeStampedModel):
    """A participatory process ("démarche de progrès") holding several workshops."""

    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    # The same process on every server: workshop archives find it by this (coprod.archives).
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="owned_processes",
        verbose_name=_("chargés de mission"),
    )
    # What a new workshop of the process expects by default (Workshop.expected_participants).
    expected_participants = models.PositiveIntegerField(
        _("participants attendus par atelier"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(5000)],
    )

    class Meta:
        verbose_name = _("démarche")
        verbose_name_plural = _("démarches")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title


class PriorityItem(models.Model):
    """A most-voted item of an earlier consultation; proposals must stay linked to one."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="priority_items", verbose_name=_("démarche")
    )
    text = models.CharField(_("intitulé"), max_length=300)
    position = models.PositiveIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("item plébiscité")
        verbose_name_plural = _("items plébiscités")
        ordering = ["position", "id"]

    def __str__(self):
        return self.text


class TargetPublic(models.Model):
    """A public the process pays specific attention to (people without transport, …)."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="target_publics", verbose_name=_("démarche")
    )
    name = models.CharField(_("nom"), max_length=120)

    class Meta:
        verbose_name = _("public cible")
        verbose_name_plural = _("publics cibles")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["process", "name"], name="unique_public_per_process")
        ]

    def __str__(self):
        return self.name
