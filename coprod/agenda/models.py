from django.db import models
from django.utils.translation import gettext_lazy as _

from coprod.workshops.models import Workshop

from .kinds import StepKind

MAX_STEP_MINUTES = 480


class StepQuerySet(models.QuerySet):
    def live(self):
        return self.filter(status__in=[Step.Status.RUNNING, Step.Status.PAUSED])


class Step(models.Model):
    """A timed step of a workshop's running order, with an explicit live status."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("à venir")
        RUNNING = "running", _("en cours")
        PAUSED = "paused", _("en pause")
        DONE = "done", _("terminée")

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="steps", verbose_name=_("atelier")
    )
    position = models.PositiveIntegerField(_("ordre"))
    kind = models.CharField(_("type"), max_length=20, choices=StepKind.choices)
    title = models.CharField(_("titre"), max_length=200)
    minutes = models.PositiveSmallIntegerField(_("durée (minutes)"))
    # Two texts: what the room reads (board and phones) and what only the facilitator reads.
    instructions = models.TextField(
        _("consignes pour les participants"),
        blank=True,
        max_length=5000,
        help_text=_("Affichées au tableau et sur les téléphones."),
    )
    facilitator_notes = models.TextField(
        _("notes pour l'animateur"),
        blank=True,
        max_length=5000,
        help_text=_("Visibles seulement sur la console de l'animateur."),
    )
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    started_at = models.DateTimeField(_("commencée à"), null=True, blank=True)
    # While running: the absolute end time. While paused: the seconds left.
    ends_at = models.DateTimeField(_("fin prévue"), null=True, blank=True)
    remaining_seconds = models.PositiveIntegerField(_("secondes restantes"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminée à"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)

    # The form's (or API client's) key: the same write sent again gets this row back.
    client_key = models.CharField(max_length=64, blank=True, editable=False)

    objects = StepQuerySet.as_manager()

    class Meta:
        verbose_name = _("séquence")
        verbose_name_plural = _("séquences")
        ordering = ["workshop", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "client_key"],
                condition=~models.Q(client_key=""),
                name="one_step_per_client_key",
            ),
            models.UniqueConstraint(
                fields=["workshop"],
                condition=models.Q(status__in=["running", "paused"]),
                name="one_live_step_per_workshop",
            ),
            models.CheckConstraint(
                condition=models.Q(minutes__gte=1) & models.Q(minutes__lte=MAX_STEP_MINUTES),
                name="step_minutes_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"

    @property
    def is_live(self) -> bool:
        return self.status in (self.Status.RUNNING, self.Status.PAUSED)
