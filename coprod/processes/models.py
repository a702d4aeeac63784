import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coprod.core.models import TimeStampedModel
from coprod.organisations.models import Membership, Organisation
from coprod.privacy import retention

TITLE_MAX = 200
DESCRIPTION_MAX = 5000
TERRITORY_MAX = 200
ITEM_MAX = 300
PUBLIC_MAX = 120
RETENTION_MAX = 120  # ten years: beyond, a retention is no longer a limit


class ProcessQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The processes `user` owns, has a role in a workshop of, or whose organisation they
        administer (all of them: the server's superusers). Never another organisation's."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        managed = Membership.objects.managing().filter(user=user).values("organisation")
        return self.filter(
            models.Q(owners=user)
            | models.Q(workshops__facilitators=user)
            | models.Q(workshops__teammates__user=user)
            | models.Q(organisation__in=managed)
        ).distinct()


class Process(TimeStampedModel):
    """A participatory process ("démarche de progrès") holding several workshops."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="processes",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("titre"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), blank=True, max_length=DESCRIPTION_MAX)
    territory = models.CharField(
        _("territoire"),
        max_length=TERRITORY_MAX,
        blank=True,
        help_text=_("Par exemple : Parc naturel régional du Vexin français."),
    )
    starts_on = models.DateField(_("début"), null=True, blank=True)
    ends_on = models.DateField(_("fin"), null=True, blank=True)
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
    # Months the participants' personal data is kept after the restitution (coprod.privacy.
    # retention); None: the organisation's default.
    retention_months = models.PositiveSmallIntegerField(
        _("conservation des données personnelles (mois)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(RETENTION_MAX)],
        help_text=_(
            "Jusqu'à la restitution plus ce nombre de mois ; ensuite, les participants sont "
            "pseudonymisés (« Participant 12 »). Vide : la durée par défaut de l'organisation."
        ),
    )

    objects = ProcessQuerySet.as_manager()

    class Meta:
        verbose_name = _("démarche")
        verbose_name_plural = _("démarches")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("processes:detail", args=[self.pk])

    @property
    def kept_months(self) -> int:
        """How many months after the restitution its personal data is kept."""
        if self.retention_months is not None:
            return self.retention_months
        return self.organisation.retention_months

    def restitution_date(self) -> date | None:
        """The day the retention counts from (coprod.privacy.retention.restitution_date)."""
        ends = [
            retention.workshop_end(
                w.ended_at and timezone.localtime(w.ended_at),
                w.starts_at and timezone.localtime(w.starts_at),
            )
            for w in self.workshops.all()
        ]
        return retention.restitution_date(self.ends_on, ends)

    def retention_due(self) -> date | None:
        """The first day its participants' personal data is no longer kept (None: undated)."""
        return retention.due_date(self.restitution_date(), self.kept_months)

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("La fin de la démarche ne peut pas précéder son début.")}
            )


class PriorityItem(models.Model):
    """A most-voted item of an earlier consultation; proposals must stay linked to one."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="priority_items", verbose_name=_("démarche")
    )
    text = models.CharField(_("intitulé"), max_length=ITEM_MAX)
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
    name = models.CharField(_("nom"), max_length=PUBLIC_MAX)

    class Meta:
        verbose_name = _("public cible")
        verbose_name_plural = _("publics cibles")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["process", "name"], name="unique_public_per_process")
        ]

    def __str__(self):
        return self.name
