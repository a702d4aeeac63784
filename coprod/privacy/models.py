"""Personal data handled by default (GDPR): the audit log of who exported or erased what."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coprod.organisations.models import Organisation


class AuditEntry(models.Model):
    """One act on personal data, kept so the controller can answer for it (GDPR art. 5.2)."""

    class Action(models.TextChoices):
        EXPORT = "export", _("export des données d'une personne")
        ERASE_NAME = "erase_name", _("effacement d'un nom")
        ERASE_TEXTS = "erase_texts", _("effacement de textes")
        PURGE = "purge", _("purge à l'échéance de conservation")
        RECORD = "record", _("registre des traitements téléchargé")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="audit_entries",
        verbose_name=_("organisation"),
    )
    at = models.DateTimeField(_("le"), auto_now_add=True)
    # Kept as text too: the log outlives the account that acted (None: a scheduled task).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    actor_name = models.CharField(_("par (nom)"), max_length=150, blank=True)
    action = models.CharField(_("acte"), max_length=20, choices=Action.choices)
    # What was acted on, without the personal data itself (« atelier 12, participant 34 »).
    target = models.CharField(_("objet"), max_length=300)
    details = models.JSONField(_("détails"), default=dict, blank=True)

    class Meta:
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("journal des données personnelles")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} · {self.target}"
