from django.db import models
from django.utils.translation import gettext_lazy as _

from coprod.workshops.models import Workshop

NAME_MAX = 80
ORGANISATION_MAX = 120
LINK_MAX = 300
MOOD_WORD_MAX = 40


class OrganisationKind(models.TextChoices):
    """Broad types of organisation, for the restitution's participation chart."""

    LOCAL_AUTHORITY = "collectivite", _("Collectivité, élu·e")
    STATE = "etat", _("État, établissement public")
    ASSOCIATION = "association", _("Association")
    SOCIAL = "social", _("Structure sociale ou médico-sociale")
    BUSINESS = "entreprise", _("Entreprise, acteur économique")
    RESIDENT = "habitant", _("Habitant·e, à titre personnel")
    OTHER = "autre", _("Autre")


class ParticipantQuerySet(models.QuerySet):
    def admitted(self):
        return self.filter(admission=Participant.Admission.ADMITTED)

    def pending(self):
        return self.filter(admission=Participant.Admission.PENDING)


class Participant(models.Model):
    """An account-less participant of one workshop, known by a secret token on their phone.

    Only admitted participants take part; a pending one waits for a facilitator's approval
    (registration closed, or more people than expected), a refused or removed one is out."""

    class Admission(models.TextChoices):
        ADMITTED = "admitted", _("admis·e")
        PENDING = "pending", _("en attente d'accord")
        REFUSED = "refused", _("refusé·e")
        REMOVED = "removed", _("retiré·e")

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="participants", verbose_name=_("atelier")
    )
    name = models.CharField(_("nom"), max_length=NAME_MAX)
    organisation = models.CharField(_("structure"), max_length=ORGANISATION_MAX, blank=True)
    link_to_theme = models.CharField(_("lien avec la thématique"), max_length=LINK_MAX, blank=True)
    organisation_kind = models.CharField(
        _("type de structure"), max_length=20, choices=OrganisationKind.choices, blank=True
    )
    # Names leave the facilitators' screens (restitution documents, archives) only with consent.
    name_consent = models.BooleanField(
        _("accepte que son nom figure dans la restitution"), default=False
    )
    charter_accepted_at = models.DateTimeField(_("règles acceptées le"), null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    has_phone = models.BooleanField(_("a un téléphone"), default=True)
    admission = models.CharField(
        _("admission"), max_length=10, choices=Admission.choices, default=Admission.ADMITTED
    )
    joined_at = models.DateTimeField(_("arrivé à"), auto_now_add=True)
    # Presence: set when a phone's live connection opens or closes.
    connected_at = models.DateTimeField(_("connecté à"), null=True, blank=True)
    disconnected_at = models.DateTimeField(_("déconnecté à"), null=True, blank=True)

    # The form's (or API client's) key: the same write sent again gets this row back.
    client_key = models.CharField(max_length=64, blank=True, editable=False)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["joined_at", "id"]
        indexes = [models.Index(fields=["workshop", "joined_at"], name="participant_joined")]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "client_key"],
                condition=~models.Q(client_key=""),
                name="one_participant_per_client_key",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def shown_organisation(self) -> str:
        """Where the person comes from, for the round table and the restitution: the structure
        typed, else what its type says (« Habitant·e » for a resident), else « Sans structure »."""
        if self.organisation.strip():
            return self.organisation.strip()
        if self.organisation_kind == OrganisationKind.RESIDENT:
            return str(_("Habitant·e"))
        if self.organisation_kind and self.organisation_kind != OrganisationKind.OTHER:
            return self.get_organisation_kind_display()
        return str(_("Sans structure"))

    @property
    def is_admitted(self) -> bool:
        return self.admission == self.Admission.ADMITTED

    @property
    def is_connected(self) -> bool:
        if self.connected_at is None:
            return False
        return self.disconnected_at is None or self.disconnected_at < self.connected_at


class MoodVote(models.Model):
    """One participant's answer to "Comment ça va ?": shown only as an anonymous aggregate."""

    class Level(models.IntegerChoices):
        VERY_BAD = 1, _("Pas bien du tout")
        BAD = 2, _("Pas très bien")
        NEUTRAL = 3, _("Comme ci, comme ça")
        GOOD = 4, _("Bien")
        VERY_GOOD = 5, _("Très bien")

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="mood_votes", verbose_name=_("atelier")
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="mood_votes",
        verbose_name=_("participant"),
    )
    value = models.PositiveSmallIntegerField(_("humeur"), choices=Level.choices)
    word = models.CharField(_("un mot"), max_length=MOOD_WORD_MAX, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("humeur")
        verbose_name_plural = _("humeurs")
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "participant"], name="one_mood_per_participant"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=1) & models.Q(value__lte=5), name="mood_value_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.workshop_id}: {self.value}"
