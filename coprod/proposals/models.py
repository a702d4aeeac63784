from django.db import models
from django.utils.translation import gettext_lazy as _

from coprod.core.models import TimeStampedModel, entered_by_field
from coprod.participants.models import Participant
from coprod.processes.models import PriorityItem
from coprod.workshops.models import Workshop

TEXT_MAX = 500


class ProposalQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(hidden=False)


class Proposal(TimeStampedModel):
    """A sentence to improve the situation, linked to one of the workshop's priority items."""

    class Source(models.TextChoices):
        PHONE = "phone", _("téléphone")
        PAPER = "paper", _("post-it saisi par l'animateur")
        IMPORT = "import", _("import")

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("atelier")
    )
    text = models.CharField(_("proposition"), max_length=TEXT_MAX)
    # Case, spacing and punctuation folded (text.normalize): how duplicates are recognised.
    normalized = models.CharField(max_length=TEXT_MAX, editable=False)
    priority_item = models.ForeignKey(
        PriorityItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("item plébiscité"),
    )
    off_topic = models.BooleanField(
        _("hors sujet ?"),
        default=False,
        help_text=_("Proche d'aucun item plébiscité : à l'animateur de décider."),
    )
    hidden = models.BooleanField(_("masquée"), default=False)
    source = models.CharField(
        _("origine"), max_length=10, choices=Source.choices, default=Source.PHONE
    )
    author = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("auteur"),
    )
    entered_by = entered_by_field(_("saisie par"))
    # Set by the form (phone or facilitator) for each new proposal: a double tap or a retry
    # after a dropped connection sends the same key again and gets the same proposal back.
    client_key = models.CharField(max_length=64, blank=True, editable=False)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposition")
        verbose_name_plural = _("propositions")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "normalized"], name="one_proposal_per_text_per_workshop"
            ),
            models.UniqueConstraint(
                fields=["workshop", "client_key"],
                condition=~models.Q(client_key=""),
                name="one_proposal_per_client_key",
            ),
        ]

    def __str__(self):
        return self.text


class Support(models.Model):
    """A participant backs an existing proposal instead of writing a duplicate."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="supports", verbose_name=_("proposition")
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="supports",
        verbose_name=_("participant"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("soutien")
        verbose_name_plural = _("soutiens")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "participant"], name="one_support_each")
        ]

    def __str__(self):
        return f"{self.participant} → {self.proposal_id}"
