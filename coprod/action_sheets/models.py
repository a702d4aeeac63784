"""Action sheets ("fiches action") built together at tables, field by field, with their history,
comments (a critique always comes with a suggestion) and the workshop's duo of referents."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from coprod.core.models import TimeStampedModel, entered_by_field
from coprod.grouping.models import Synthesis
from coprod.participants.models import Participant
from coprod.voting.models import Orientation
from coprod.workshops.models import Workshop

from .fields import FIELDS, NAME_MAX

FIELD_CHOICES = [(f.name, f.label) for f in FIELDS]
COMMENT_MAX = 1000
AUTHOR_MAX = 120


class Sheet(TimeStampedModel):
    """One project of the workshop, written by one table."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="sheets", verbose_name=_("atelier")
    )
    number = models.PositiveIntegerField(_("table"))
    synthesis = models.ForeignKey(
        Synthesis,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("synthèse de départ"),
    )
    orientation = models.ForeignKey(
        Orientation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("orientation de départ"),
    )

    # The form's (or API client's) key: the same write sent again gets this row back.
    client_key = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("fiche action")
        verbose_name_plural = _("fiches action")
        ordering = ["number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "client_key"],
                condition=~models.Q(client_key=""),
                name="one_sheet_per_client_key",
            ),
            models.UniqueConstraint(fields=["workshop", "number"], name="one_sheet_per_table"),
        ]

    def __str__(self):
        return _("Fiche %(n)d") % {"n": self.number}


class FieldValue(models.Model):
    """The current value of one field, with its version.

    An edit names the version it started from; if the field moved on meanwhile, the edit is a
    conflict shown to its author with both versions, never applied blindly.
    """

    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="values")
    name = models.CharField(_("champ"), max_length=NAME_MAX, choices=FIELD_CHOICES)
    # Text, or for list fields (publics, actions, levers) a JSON list of ids.
    value = models.TextField(_("valeur"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("champ de fiche")
        verbose_name_plural = _("champs de fiche")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "name"], name="one_value_per_sheet_field")
        ]

    def __str__(self):
        return f"{self.sheet_id}.{self.name} v{self.version}"


class Revision(models.Model):
    """Every change of a field, kept: who, when, what. Restoring one writes a new revision."""

    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="revisions")
    name = models.CharField(_("champ"), max_length=NAME_MAX, choices=FIELD_CHOICES)
    value = models.TextField(_("valeur"), blank=True)
    version = models.PositiveIntegerField(_("version"))
    author = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    entered_by = entered_by_field()
    # Kept as written: the history outlives the participant list.
    author_name = models.CharField(_("auteur"), max_length=AUTHOR_MAX, blank=True)
    restored_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("version restaurée"),
    )
    created_at = models.DateTimeField(_("enregistré le"), auto_now_add=True)

    class Meta:
        verbose_name = _("modification de fiche")
        verbose_name_plural = _("modifications de fiche")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "name", "version"], name="one_revision_per_version"
            )
        ]

    def __str__(self):
        return f"{self.sheet_id}.{self.name} v{self.version}"


class Seat(models.Model):
    """Who sits at which table: one table per participant, who may move."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="+")
    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="seats")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="seats")

    class Meta:
        verbose_name = _("place à une table")
        verbose_name_plural = _("places aux tables")
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "participant"], name="one_table_per_participant"
            )
        ]

    def __str__(self):
        return f"{self.participant} → {self.sheet}"


class Comment(TimeStampedModel):
    """A comment on a sheet or one of its fields; a critique always carries a suggestion."""

    sheet = models.ForeignKey(
        Sheet, on_delete=models.CASCADE, related_name="comments", verbose_name=_("fiche")
    )
    field = models.CharField(
        _("champ"), max_length=NAME_MAX, choices=FIELD_CHOICES, blank=True
    )  # empty: the whole sheet
    text = models.TextField(_("commentaire"), max_length=COMMENT_MAX)
    is_critique = models.BooleanField(_("critique"), default=False)
    suggestion = models.TextField(_("suggestion"), max_length=COMMENT_MAX, blank=True)
    author = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    entered_by = entered_by_field()
    author_name = models.CharField(_("auteur"), max_length=AUTHOR_MAX, blank=True)

    # The form's (or API client's) key: the same write sent again gets this row back.
    client_key = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "client_key"],
                condition=~models.Q(client_key=""),
                name="one_comment_per_client_key",
            ),
            models.CheckConstraint(
                condition=~models.Q(is_critique=True, suggestion=""),
                name="critique_has_suggestion",
            ),
        ]

    def __str__(self):
        return self.text[:60]


class Referent(models.Model):
    """One of the duo who will present the workshop at the restitution session."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="referents", verbose_name=_("atelier")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="+", verbose_name=_("référent")
    )
    position = models.PositiveSmallIntegerField(_("place"), choices=[(1, "1"), (2, "2")])

    class Meta:
        verbose_name = _("référent")
        verbose_name_plural = _("référents")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "position"], name="two_referent_places"),
            models.UniqueConstraint(
                fields=["workshop", "participant"], name="one_referent_place_each"
            ),
        ]

    def __str__(self):
        return str(self.participant)
