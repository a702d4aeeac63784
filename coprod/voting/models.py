"""Votes of a workshop: validation of a synthesis by consent, and prioritisation polls.

Ballots are secret: pages and the API only ever show them as aggregates, except objections,
whose reason and suggestion (never their author) the facilitator reads to answer them.
"""

from fractions import Fraction

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coprod.catalogue.models import Action
from coprod.core.models import entered_by_field
from coprod.grouping.models import Synthesis
from coprod.participants.models import Participant
from coprod.processes.models import PriorityItem
from coprod.workshops.models import Workshop

from . import methods

REASON_MAX = 300
ANSWER_MAX = 500
POLL_TITLE_MAX = 200
OPTION_LABEL_MAX = 500


def voter_field():
    """A poll ballot's anonymous voter number, set when the retention purge unlinks the ballots
    of a closed poll from their participant: it keeps one voter's grades or dots together, so
    the tally stays the same without saying whose they were."""
    return models.PositiveIntegerField(_("votant anonyme"), null=True, blank=True, editable=False)


class ValidationVote(models.Model):
    """One round of consent on a synthesis; a new round is a new row, the latest is current."""

    class Status(models.TextChoices):
        OPEN = "open", _("ouvert")
        CLOSED = "closed", _("clos")

    class Share(models.TextChoices):
        """The least share of voters who agree or can live with it (« pour » + « vivre avec »)."""

        HALF = "1/2", _("la majorité")
        TWO_THIRDS = "2/3", _("les deux tiers")
        THREE_QUARTERS = "3/4", _("les trois quarts")
        ALL = "1", _("la totalité")

    workshop = models.ForeignKey(
        Workshop,
        on_delete=models.CASCADE,
        related_name="validation_votes",
        verbose_name=_("atelier"),
    )
    synthesis = models.ForeignKey(
        Synthesis,
        on_delete=models.CASCADE,
        related_name="validation_votes",
        verbose_name=_("synthèse"),
    )
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.OPEN)
    # The seed's « validée par une grande partie du groupe »: two thirds unless decided otherwise.
    min_share = models.CharField(
        _("validée quand au moins"),
        max_length=3,
        choices=Share.choices,
        default=Share.TWO_THIRDS,
    )
    allow_open_objections = models.BooleanField(
        _("accepter des objections sans réponse"), default=False
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ouvert par"),
    )
    opened_at = models.DateTimeField(_("ouvert à"), default=timezone.now)
    closed_at = models.DateTimeField(_("clos à"), null=True, blank=True)
    validated = models.BooleanField(_("synthèse validée"), null=True, blank=True)
    # Ballots of people the facilitator removed from the workshop while this was open: the
    # tallies no longer count them, and say how many they were.
    withdrawn = models.PositiveIntegerField(_("votes retirés"), default=0)

    class Meta:
        verbose_name = _("vote de validation")
        verbose_name_plural = _("votes de validation")
        ordering = ["opened_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["synthesis"],
                condition=models.Q(status="open"),
                name="one_open_validation_vote_per_synthesis",
            )
        ]

    def __str__(self):
        return f"{self.synthesis_id} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def rule(self) -> methods.ConsentRule:
        return methods.ConsentRule(
            min_share=Fraction(self.min_share),
            allow_open_objections=self.allow_open_objections,
        )


class ConsentBallot(models.Model):
    """A participant's answer to a validation vote; they may change it until the vote closes."""

    class Choice(models.TextChoices):
        FOR = "for", _("pour")
        LIVE_WITH = "live_with", _("je peux vivre avec")
        OBJECTION = "objection", _("objection")

    vote = models.ForeignKey(
        ValidationVote, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("vote")
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        null=True,  # None: unlinked by the retention purge once the vote closed
        related_name="consent_ballots",
        verbose_name=_("participant"),
    )
    choice = models.CharField(_("réponse"), max_length=10, choices=Choice.choices)
    # The charter: a criticism is only accepted with a suggestion. Both are required for an
    # objection and empty otherwise.
    reason = models.CharField(_("raison de l'objection"), max_length=REASON_MAX, blank=True)
    suggestion = models.CharField(_("suggestion"), max_length=REASON_MAX, blank=True)
    answer = models.CharField(_("réponse de l'animateur"), max_length=ANSWER_MAX, blank=True)
    answered_at = models.DateTimeField(_("répondue le"), null=True, blank=True)
    entered_by = entered_by_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("réponse au vote de validation")
        verbose_name_plural = _("réponses aux votes de validation")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "participant"], name="one_consent_ballot_per_participant"
            )
        ]

    def __str__(self):
        return f"{self.vote_id}: {self.choice}"

    @property
    def is_open_objection(self) -> bool:
        return self.choice == self.Choice.OBJECTION and not self.answer


class Grade(models.IntegerChoices):
    """Majority-judgment grades, worst first: the index is `methods.GRADES`' index."""

    REJECT = 0, _("À rejeter")
    INSUFFICIENT = 1, _("Insuffisant")
    PASSABLE = 2, _("Passable")
    FAIRLY_GOOD = 3, _("Assez bien")
    GOOD = 4, pgettext_lazy("grade", "Bien")
    VERY_GOOD = 5, pgettext_lazy("grade", "Très bien")
    EXCELLENT = 6, _("Excellent")


class Poll(models.Model):
    """A prioritisation vote over several options (by default, the validated syntheses)."""

    class Method(models.TextChoices):
        MAJORITY_JUDGMENT = "majority_judgment", _("jugement majoritaire")
        DOTS = "dots", _("gommettes")

    class Status(models.TextChoices):
        DRAFT = "draft", _("en préparation")
        OPEN = "open", _("ouvert")
        CLOSED = "closed", _("clos")

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="polls", verbose_name=_("atelier")
    )
    title = models.CharField(_("titre"), max_length=POLL_TITLE_MAX)
    method = models.CharField(
        _("méthode"), max_length=20, choices=Method.choices, default=Method.MAJORITY_JUDGMENT
    )
    dots = models.PositiveSmallIntegerField(_("gommettes par personne"), default=3)
    max_per_item = models.PositiveSmallIntegerField(_("gommettes au plus par option"), default=2)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(_("ouvert à"), null=True, blank=True)
    closed_at = models.DateTimeField(_("clos à"), null=True, blank=True)
    # Ballots of people the facilitator removed from the workshop while this was open: the
    # tallies no longer count them, and say how many they were.
    withdrawn = models.PositiveIntegerField(_("votes retirés"), default=0)

    # The form's (or API client's) key: the same write sent again gets this row back.
    client_key = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("vote de priorités")
        verbose_name_plural = _("votes de priorités")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "client_key"],
                condition=~models.Q(client_key=""),
                name="one_poll_per_client_key",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def uses_dots(self) -> bool:
        return self.method == self.Method.DOTS


class PollOption(models.Model):
    poll = models.ForeignKey(
        Poll, on_delete=models.CASCADE, related_name="options", verbose_name=_("vote")
    )
    synthesis = models.ForeignKey(
        Synthesis,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="poll_options",
        verbose_name=_("synthèse"),
    )
    label = models.CharField(_("option"), max_length=OPTION_LABEL_MAX)
    position = models.PositiveIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["position", "id"]

    def __str__(self):
        return self.label


class GradeBallot(models.Model):
    """One participant's grade for one option (majority judgment)."""

    option = models.ForeignKey(
        PollOption, on_delete=models.CASCADE, related_name="grades", verbose_name=_("option")
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        null=True,  # None: unlinked by the retention purge once the poll closed
        related_name="grades",
        verbose_name=_("participant"),
    )
    voter = voter_field()
    grade = models.PositiveSmallIntegerField(_("mention"), choices=Grade.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [
            models.UniqueConstraint(
                fields=["option", "participant"], name="one_grade_per_option_per_participant"
            ),
            models.CheckConstraint(condition=models.Q(grade__lte=6), name="grade_0_to_6"),
        ]

    def __str__(self):
        return f"{self.option_id}: {self.grade}"


class DotBallot(models.Model):
    """The dots one participant put on one option."""

    option = models.ForeignKey(
        PollOption, on_delete=models.CASCADE, related_name="dots", verbose_name=_("option")
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        null=True,  # None: unlinked by the retention purge once the vote closed
        related_name="dot_ballots",
        verbose_name=_("participant"),
    )
    count = models.PositiveSmallIntegerField(_("gommettes"))
    voter = voter_field()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("gommettes")
        verbose_name_plural = _("gommettes")
        constraints = [
            models.UniqueConstraint(
                fields=["option", "participant"], name="one_dot_ballot_per_option_per_participant"
            )
        ]

    def __str__(self):
        return f"{self.option_id}: {self.count}"


class Orientation(models.Model):
    """« Supports ou nouveau ? » for one validated synthesis (or, without any, one priority
    item): does the group build on existing actions or develop something new?

    The group votes (`OrientationBallot`); the facilitator then confirms the decision, which may
    differ from the majority, and the actions it builds on. The projects step reads it.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("ouvert")
        CLOSED = "closed", _("clos")

    class Decision(models.TextChoices):
        NONE = "", _("pas encore décidé")
        BUILD_ON = "build_on", _("s'appuyer sur des actions existantes")
        NEW = "new", _("développer quelque chose de nouveau")

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="orientations", verbose_name=_("atelier")
    )
    synthesis = models.ForeignKey(
        Synthesis,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="orientations",
        verbose_name=_("synthèse"),
    )
    priority_item = models.ForeignKey(
        PriorityItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="orientations",
        verbose_name=_("item plébiscité"),
    )
    position = models.PositiveIntegerField(_("ordre"), default=0)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.OPEN)
    decision = models.CharField(
        _("décision"), max_length=10, choices=Decision.choices, default="", blank=True
    )
    actions = models.ManyToManyField(
        Action, blank=True, related_name="orientations", verbose_name=_("actions retenues")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décidé par"),
    )
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)
    # Ballots of people the facilitator removed from the workshop while this was open: the
    # tallies no longer count them, and say how many they were.
    withdrawn = models.PositiveIntegerField(_("votes retirés"), default=0)
    opened_at = models.DateTimeField(_("ouvert à"), default=timezone.now)
    closed_at = models.DateTimeField(_("clos à"), null=True, blank=True)

    class Meta:
        verbose_name = _("orientation")
        verbose_name_plural = _("orientations")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "synthesis"],
                condition=models.Q(synthesis__isnull=False),
                name="one_orientation_per_synthesis",
            ),
            models.UniqueConstraint(
                fields=["workshop", "priority_item"],
                condition=models.Q(priority_item__isnull=False),
                name="one_orientation_per_priority_item",
            ),
        ]

    def __str__(self):
        return self.subject

    @property
    def subject(self) -> str:
        """What the group orients: the synthesis, or the priority item."""
        if self.synthesis_id:
            return self.synthesis.text
        return self.priority_item.text if self.priority_item_id else ""

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class OrientationBallot(models.Model):
    """A participant's answer to an orientation; changeable until it closes."""

    class Choice(models.TextChoices):
        BUILD_ON = "build_on", _("s'appuyer sur l'existant")
        NEW = "new", _("développer du nouveau")

    orientation = models.ForeignKey(
        Orientation, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("orientation")
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        null=True,  # None: unlinked by the retention purge once the vote closed
        related_name="orientation_ballots",
        verbose_name=_("participant"),
    )
    choice = models.CharField(_("réponse"), max_length=10, choices=Choice.choices)
    actions = models.ManyToManyField(
        Action, blank=True, related_name="+", verbose_name=_("actions sur lesquelles s'appuyer")
    )
    entered_by = entered_by_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("réponse sur l'orientation")
        verbose_name_plural = _("réponses sur l'orientation")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["orientation", "participant"], name="one_orientation_ballot_per_participant"
            )
        ]

    def __str__(self):
        return f"{self.orientation_id}: {self.choice}"
