"""The bodies that run participatory processes on a server (a park, a community of communes, a
CCAS…) and the people who work for them. Each organisation's data stays its own: processes,
their workshops and catalogue are reached only through an organisation its users belong to."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coprod.core.models import TimeStampedModel

NAME_MAX = 200
CONTACT_MAX = 300
NOTICE_MAX = 5000


class Organisation(TimeStampedModel):
    class Kind(models.TextChoices):
        PARK = "park", _("parc naturel régional")
        INTERCOMMUNALITY = "intercommunality", _("communauté de communes ou d'agglomération")
        MUNICIPALITY = "municipality", _("commune")
        SOCIAL_ACTION = "social_action", _("CCAS ou réseau d'action sociale")
        ASSOCIATION = "association", _("association")
        OTHER = "other", _("autre")

    name = models.CharField(_("nom"), max_length=NAME_MAX)
    slug = models.SlugField(_("identifiant court"), unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    # The data controller's side of the information notice shown at join (GDPR art. 13).
    privacy_contact = models.CharField(
        _("contact pour exercer ses droits"),
        max_length=CONTACT_MAX,
        blank=True,
        help_text=_("Une adresse électronique ou postale."),
    )
    dpo_contact = models.CharField(
        _("délégué à la protection des données"), max_length=CONTACT_MAX, blank=True
    )
    privacy_notice = models.TextField(
        _("notice d'information"),
        max_length=NOTICE_MAX,
        blank=True,
        help_text=_("Laissez vide pour le texte par défaut de coprod."),
    )
    retention_months = models.PositiveSmallIntegerField(
        _("conservation après la restitution (mois)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class MembershipQuerySet(models.QuerySet):
    def managing(self):
        return self.filter(role=Membership.Role.ADMIN)

    def creating_processes(self):
        return self.filter(role__in=Membership.PROCESS_CREATORS)


class Membership(TimeStampedModel):
    """A user's role in an organisation; the roles in one workshop are workshops.Teammate."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("administrateur de l'organisation")
        PROCESS_OWNER = "process_owner", _("chargé de mission")
        FACILITATOR = "facilitator", _("animateur")

    PROCESS_CREATORS = (Role.ADMIN, Role.PROCESS_OWNER)

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("compte"),
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membre")
        verbose_name_plural = _("membres")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_role_per_member")
        ]

    def __str__(self):
        return f"{self.user} · {self.organisation} ({self.get_role_display()})"


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        """Neither accepted nor cancelled (an expired one is pending too: it can be resent)."""
        return self.filter(accepted_at__isnull=True, cancelled_at__isnull=True)


class Invitation(TimeStampedModel):
    """A colleague invited by e-mail to the organisation, or to one of its workshops, with a
    role. The link carries a random token of which only the hash is kept: it expires, works
    once, and a resent invitation gets a new one (the old link stops working)."""

    class Role(models.TextChoices):
        # The organisation's roles (Membership.Role)…
        ADMIN = "admin", _("administrateur de l'organisation")
        PROCESS_OWNER = "process_owner", _("chargé de mission")
        FACILITATOR = "facilitator", _("animateur")
        # …and a workshop's (workshops.Teammate.Role, beside its animateurs).
        CO_FACILITATOR = "co_facilitator", _("co-animateur")
        OBSERVER = "observer", _("observateur")
        SCRIBE = "scribe", _("scribe")

    ORGANISATION_ROLES = (Role.ADMIN, Role.PROCESS_OWNER, Role.FACILITATOR)
    WORKSHOP_ROLES = (Role.FACILITATOR, Role.CO_FACILITATOR, Role.OBSERVER, Role.SCRIBE)

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    # A string reference: workshops depend on organisations, not the other way round.
    workshop = models.ForeignKey(
        "workshops.Workshop",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("atelier"),
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    email = models.EmailField(_("adresse électronique"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invité par"),
    )
    token_hash = models.CharField(_("empreinte du lien"), max_length=64, unique=True)
    expires_at = models.DateTimeField(_("expire le"))
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    send_failed_at = models.DateTimeField(_("envoi échoué le"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acceptée par"),
    )
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} · {self.get_role_display()}"

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def mail_failed(self) -> bool:
        """The last try to send it failed (and none succeeded since)."""
        return self.send_failed_at is not None and (
            self.sent_at is None or self.sent_at < self.send_failed_at
        )
