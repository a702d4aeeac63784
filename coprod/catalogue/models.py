"""What already exists on the territory: actions (kept across workshops and years), the
testimonies of their witnesses, and the favourable levers ("conjonctures favorables").

The actions are the organisation's catalogue, not one process's: a new process of the same
organisation finds last year's actions and their testimonies; another organisation never does.
Levers stay with their process: a funding call or an event is a circumstance of one process,
dated and soon past, which a later process finds again only if someone names it again."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coprod.core.models import TimeStampedModel, entered_by_field
from coprod.organisations.models import Organisation
from coprod.participants.models import Participant
from coprod.processes.models import PriorityItem, Process, TargetPublic
from coprod.workshops.models import Workshop

TITLE_MAX = 200
TEXT_MAX = 5000
FIELD_MAX = 1000


class ActionQuerySet(models.QuerySet):
    def of_process(self, process):
        """The catalogue seen from `process` (an instance or an id): its organisation's."""
        return self.filter(owner__processes=process)

    def of_workshop(self, workshop):
        return self.of_process(workshop.process_id)


class Action(TimeStampedModel):
    """An action that exists on the territory, in its organisation's catalogue.

    `owner` is the organisation whose catalogue holds it; `organisation` is the name of the
    structure that carries the action on the ground (« structure porteuse »), a text that is
    part of its identity, as it was before catalogues belonged to organisations."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("en projet")
        RUNNING = "running", pgettext_lazy("action status", "en cours")
        ENDED = "ended", pgettext_lazy("action status", "terminée")

    class Scope(models.TextChoices):
        COMMUNES = "communes", _("une ou plusieurs communes")
        INTERCOMMUNALITY = "intercommunality", _("communauté de communes")
        PARK = "park", _("tout le parc")

    owner = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="actions",
        verbose_name=_("organisation"),
    )
    # Where the action entered the catalogue, shown as its history; deleting that process
    # keeps the action, which is the organisation's.
    origin_process = models.ForeignKey(
        Process,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions_created",
        verbose_name=_("démarche d'origine"),
    )
    title = models.CharField(_("titre"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), max_length=TEXT_MAX, blank=True)
    organisation = models.CharField(_("structure porteuse"), max_length=TITLE_MAX, blank=True)
    partners = models.TextField(_("partenaires"), max_length=FIELD_MAX, blank=True)
    publics = models.ManyToManyField(
        TargetPublic, blank=True, related_name="actions", verbose_name=_("publics cibles")
    )
    scope = models.CharField(
        _("territoire"), max_length=20, choices=Scope.choices, default=Scope.COMMUNES
    )
    places = models.CharField(
        _("communes concernées"),
        max_length=500,
        blank=True,
        help_text=_("Séparées par des virgules."),
    )
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    started_on = models.DateField(_("début"), null=True, blank=True)
    ended_on = models.DateField(_("fin"), null=True, blank=True)
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    links = models.TextField(
        _("liens"), max_length=2000, blank=True, help_text=_("Une adresse web par ligne.")
    )
    priority_items = models.ManyToManyField(
        PriorityItem, blank=True, related_name="actions", verbose_name=_("items plébiscités servis")
    )
    is_example = models.BooleanField(
        _("exemple"), default=False, help_text=_("Action d'exemple livrée avec la démonstration.")
    )
    # Folded (case, accents, spacing) title + organisation: how a repeated action is recognised.
    key = models.CharField(max_length=2 * TITLE_MAX + 1, editable=False)
    # Folded text of every searchable field, so « epicerie » finds « Épicerie ».
    search_text = models.TextField(editable=False, blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action existante")
        verbose_name_plural = _("actions existantes")
        ordering = ["title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "key"], name="one_action_per_title_and_structure"
            )
        ]

    def __str__(self):
        return self.title


class Presentation(models.Model):
    """An action the facilitator picked to present in a workshop; the board shows one at a time."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="presentations", verbose_name=_("atelier")
    )
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="presentations", verbose_name=_("action")
    )
    position = models.PositiveIntegerField(_("ordre"), default=0)
    is_current = models.BooleanField(_("à l'écran"), default=False)

    class Meta:
        verbose_name = _("action présentée")
        verbose_name_plural = _("actions présentées")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "action"], name="present_an_action_once"),
            models.UniqueConstraint(
                fields=["workshop"],
                condition=models.Q(is_current=True),
                name="one_action_on_screen",
            ),
        ]

    def __str__(self):
        return f"{self.workshop_id} · {self.action}"


class Testimony(TimeStampedModel):
    """A witness's structured account of an action, kept with it for future workshops."""

    MAX_WITNESSES = 2

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="testimonies", verbose_name=_("action")
    )
    workshop = models.ForeignKey(
        Workshop,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="testimonies",
        verbose_name=_("atelier"),
    )
    witness = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="testimonies",
        verbose_name=_("témoin"),
    )
    # Kept as written: the testimony outlives the workshop's participant list.
    witness_name = models.CharField(_("nom du témoin"), max_length=120)
    witness_organisation = models.CharField(_("structure du témoin"), max_length=120, blank=True)
    partners = models.TextField(_("partenaires"), max_length=FIELD_MAX, blank=True)
    implementation = models.TextField(_("mise en œuvre"), max_length=FIELD_MAX, blank=True)
    content = models.TextField(_("contenu"), max_length=FIELD_MAX, blank=True)
    link_to_problem = models.TextField(
        _("lien avec la problématique"), max_length=FIELD_MAX, blank=True
    )
    entered_by = entered_by_field()

    class Meta:
        verbose_name = _("témoignage")
        verbose_name_plural = _("témoignages")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "workshop", "witness"],
                condition=models.Q(witness__isnull=False),
                name="one_testimony_per_witness",
            )
        ]

    def __str__(self):
        return f"{self.witness_name} · {self.action}"

    def name_seen_from(self, workshop_id) -> str:
        """The witness's name as someone of `workshop_id` may see it: in the workshop where
        they testified, where the room heard them, or anywhere once they agreed to be named in
        the restitution (`Participant.name_consent`, as the restitution does); otherwise "",
        and the organisation alone says who spoke. Select `witness` with the testimony."""
        here = workshop_id is not None and self.workshop_id == workshop_id
        if here or (self.witness and self.witness.name_consent):
            return self.witness_name
        return ""


class Lever(TimeStampedModel):
    """A favourable circumstance of the territory: a funding call, a policy, a partner…"""

    class Kind(models.TextChoices):
        FUNDING = "funding", _("appel à projets ou financement")
        POLICY = "policy", _("politique publique ou plan")
        PARTNER = "partner", _("partenaire")
        EVENT = "event", _("événement")
        INFRASTRUCTURE = "infrastructure", _("équipement ou infrastructure")
        OTHER = "other", _("autre")

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="levers", verbose_name=_("démarche")
    )
    workshop = models.ForeignKey(
        Workshop,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="levers",
        verbose_name=_("atelier"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("levier"), max_length=TITLE_MAX)
    description = models.TextField(_("précisions"), max_length=FIELD_MAX, blank=True)
    due_on = models.DateField(_("date ou échéance"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    priority_items = models.ManyToManyField(
        PriorityItem, blank=True, related_name="levers", verbose_name=_("items plébiscités")
    )
    actions = models.ManyToManyField(
        Action, blank=True, related_name="levers", verbose_name=_("actions existantes")
    )
    author = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="levers",
        verbose_name=_("proposé par"),
    )
    entered_by = entered_by_field()
    # A double tap or a retry sends the same key again and gets the same lever back.
    client_key = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("levier")
        verbose_name_plural = _("leviers")
        ordering = [models.F("due_on").asc(nulls_last=True), "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "client_key"],
                condition=~models.Q(client_key=""),
                name="one_lever_per_client_key",
            )
        ]

    def __str__(self):
        return self.title
