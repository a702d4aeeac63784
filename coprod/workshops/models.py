import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coprod.core.models import TimeStampedModel
from coprod.organisations.models import Membership
from coprod.processes.models import PriorityItem, Process


def new_board_key() -> str:
    return secrets.token_urlsafe(16)


class WorkshopQuerySet(models.QuerySet):
    def for_facilitator(self, user):
        """The workshops `user` has a role in, owns the process of, or whose organisation they
        administer (every one: the server's superusers)."""
        if user.is_superuser:
            return self
        managed = Membership.objects.managing().filter(user=user).values("organisation")
        return self.filter(
            models.Q(facilitators=user)
            | models.Q(teammates__user=user)
            | models.Q(process__owners=user)
            | models.Q(process__organisation__in=managed)
        ).distinct()


class Workshop(TimeStampedModel):
    """One live session with its question, agenda and participants."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("en préparation")
        LIVE = "live", _("en cours")
        ENDED = "ended", _("terminé")

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="workshops", verbose_name=_("démarche")
    )
    title = models.CharField(_("titre"), max_length=200)
    question = models.TextField(_("question de l'atelier"), max_length=1000)
    mission = models.TextField(_("mission et rôle de l'atelier"), blank=True, max_length=3000)
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("début prévu"), null=True, blank=True)
    charter = models.TextField(
        _("règles du jeu"), blank=True, max_length=5000, help_text=_("Une règle par ligne.")
    )
    join_code = models.CharField(_("code de participation"), max_length=6, unique=True)
    board_key = models.CharField(max_length=32, unique=True, default=new_board_key, editable=False)
    # The same workshop on every server: an archive re-imported replaces it (coprod.archives).
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # Who gets in: past the expected head count, or once registration is closed, each new
    # arrival waits for a facilitator's approval (coprod.participants.services.join).
    registration_open = models.BooleanField(_("inscriptions ouvertes"), default=True)
    expected_participants = models.PositiveIntegerField(
        _("participants attendus"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(5000)],
        help_text=_("Au-delà, chaque nouvelle arrivée attend votre accord."),
    )
    # Set when joins came faster than a room can: the console warns until it is dismissed.
    join_surge_at = models.DateTimeField(_("afflux d'arrivées à"), null=True, blank=True)
    join_surge_count = models.PositiveIntegerField(_("arrivées de l'afflux"), default=0)
    started_at = models.DateTimeField(_("commencé à"), null=True, blank=True)
    ended_at = models.DateTimeField(_("terminé à"), null=True, blank=True)
    # Set by the retention purge (coprod.privacy.purge): its participants are pseudonyms now.
    purged_at = models.DateTimeField(
        _("données personnelles pseudonymisées le"), null=True, blank=True, editable=False
    )
    priority_items = models.ManyToManyField(
        PriorityItem, blank=True, related_name="workshops", verbose_name=_("items plébiscités")
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="facilitated_workshops",
        verbose_name=_("animateurs"),
    )

    # The form's (or API client's) key: the same write sent again gets this row back.
    client_key = models.CharField(max_length=64, blank=True, editable=False)

    objects = WorkshopQuerySet.as_manager()

    class Meta:
        verbose_name = _("atelier")
        verbose_name_plural = _("ateliers")
        ordering = ["-starts_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["client_key"],
                condition=~models.Q(client_key=""),
                name="one_workshop_per_client_key",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workshops:detail", args=[self.pk])

    @property
    def charter_rules(self) -> list[str]:
        return [line.strip() for line in self.charter.splitlines() if line.strip()]

    @property
    def is_open_to_join(self) -> bool:
        return self.status != self.Status.ENDED


class Teammate(TimeStampedModel):
    """Someone beside the workshop's animateurs (`Workshop.facilitators`), with a narrower role."""

    class Role(models.TextChoices):
        CO_FACILITATOR = "co_facilitator", _("co-animateur")
        OBSERVER = "observer", _("observateur")
        SCRIBE = "scribe", _("scribe")

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="teammates", verbose_name=_("atelier")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="workshop_roles",
        verbose_name=_("compte"),
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("équipier")
        verbose_name_plural = _("équipiers")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "user"], name="one_role_per_teammate")
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}"
