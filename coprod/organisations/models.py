"""The bodies that run participatory processes on a server (a park, a community of communes, a
CCAS…) and the people who work for them. Each organisation's data stays its own: processes,
their workshops and catalogue are reached only through an organisation its users belong to."""

from django.conf import settings
from django.db import models
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
        _("conservation après la restitution (mois)"), default=6
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
