from django.db import models
from django.utils.translation import gettext_lazy as _

from coprod.core.models import TimeStampedModel
from coprod.proposals.models import TEXT_MAX, Proposal
from coprod.workshops.models import Workshop

LABEL_MAX = 120


class Cluster(TimeStampedModel):
    """A group of close proposals ("rapprocher les phrases proches")."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="clusters", verbose_name=_("atelier")
    )
    label = models.CharField(_("nom du groupe"), max_length=LABEL_MAX, blank=True)
    position = models.PositiveIntegerField(_("ordre"), default=0)
    # « Groupe 3 » stays « Groupe 3 » for the group's life, whatever empties or moves around
    # it: the facilitator says it aloud. A new group takes the next number above every group
    # of the workshop (0 here: `save` picks it).
    number = models.PositiveIntegerField(_("numéro"), default=0)
    proposals = models.ManyToManyField(Proposal, through="Placement", related_name="clusters")

    class Meta:
        verbose_name = _("groupe de propositions")
        verbose_name_plural = _("groupes de propositions")
        ordering = ["position", "id"]

    def __str__(self):
        return self.label or self.name

    def save(self, *args, **kwargs):
        if not self.number:
            self.number = next_number(self.workshop_id)
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        """The group's stable name, « Groupe 3 »."""
        return _("Groupe %(n)d") % {"n": self.number}

    @property
    def frozen(self) -> bool:
        """A synthesis put to the vote, or validated, keeps the proposals it was written from."""
        synthesis = getattr(self, "synthesis", None)
        return synthesis is not None and synthesis.status in Synthesis.FROZEN


def next_number(workshop_id: int) -> int:
    """The number a new group of the workshop takes: above every group it has now."""
    last = Cluster.objects.filter(workshop_id=workshop_id).aggregate(top=models.Max("number"))
    return (last["top"] or 0) + 1


class Placement(models.Model):
    """A proposal's group: each proposal sits in at most one."""

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="placement")
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="placements")

    class Meta:
        verbose_name = _("place d'une proposition")
        verbose_name_plural = _("places des propositions")

    def __str__(self):
        return f"{self.proposal_id} → {self.cluster_id}"


class Synthesis(TimeStampedModel):
    """One sentence summing up a group, drafted from its most central proposal, then edited."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("brouillon")
        VOTING = "voting", _("vote en cours")
        VALIDATED = "validated", _("validée")
        NOT_VALIDATED = "not_validated", _("non validée")

    FROZEN = (Status.VOTING, Status.VALIDATED)

    cluster = models.OneToOneField(
        Cluster, on_delete=models.CASCADE, related_name="synthesis", verbose_name=_("groupe")
    )
    text = models.CharField(_("synthèse"), max_length=TEXT_MAX)
    # Written by the voting app's services when a validation vote opens and closes.
    status = models.CharField(
        _("état"), max_length=15, choices=Status.choices, default=Status.DRAFT
    )
    validated_at = models.DateTimeField(_("validée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("synthèse")
        verbose_name_plural = _("synthèses")
        ordering = ["cluster__position", "cluster_id"]

    def __str__(self):
        return self.text

    @property
    def workshop_id(self) -> int:
        return self.cluster.workshop_id
