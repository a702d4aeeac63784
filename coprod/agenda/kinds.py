"""The closed list of step kinds, and what participants may write from their phones during each.

What a step shows on the live pages is decided by one table above this layer
(`coprod.live.panels`); what participants may write is declared here, below the apps whose
services check it, so that gating a write needs no import of the live pages. The table's rows
read their `writes` from here: one place says it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StepKind(models.TextChoices):
    INTRODUCTION = "introduction", _("Introduction et règles du jeu")
    ROUND_TABLE = "round_table", _("Tour de table")
    MOOD = "mood", _("Comment ça va ?")
    PROPOSALS = "proposals", _("Propositions et synthèse")
    EXISTING_ACTIONS = "existing_actions", _("Expériences existantes")
    LEVERS = "levers", _("Conjonctures favorables")
    ORIENTATION = "orientation", _("Supports ou nouveau ?")
    PROJECTS = "projects", _("Construction des projets")
    FINALISATION = "finalisation", _("Finalisation et restitution")
    FREE = "free", _("Séquence libre")


# What participants write from their phones during each kind of step (facilitators write at any
# time, for anyone). Not listed because never gated by the step: the participant's own card
# (at any step) and the ballots (while their vote is open, whatever the step).
PARTICIPANT_WRITES: dict[str, frozenset[str]] = {
    StepKind.MOOD: frozenset({"mood"}),
    StepKind.PROPOSALS: frozenset({"proposal"}),
    StepKind.EXISTING_ACTIONS: frozenset({"testimony"}),
    StepKind.LEVERS: frozenset({"lever"}),
    StepKind.PROJECTS: frozenset({"sheet"}),
    StepKind.FINALISATION: frozenset({"sheet"}),
}


def writes_of(kind: str) -> frozenset[str]:
    """What participants may write during a step of this kind (nothing for an unknown kind)."""
    return PARTICIPANT_WRITES.get(kind, frozenset())
