"""The closed table of step kinds and what each one shows on the phones and the board."""

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


# What each kind shows: `panel` names the live panel on the board and on the phones.
# Kinds whose features land in later issues show their instructions only.
STEP_FEATURES: dict[str, dict[str, str | None]] = {
    StepKind.INTRODUCTION: {"panel": "charter"},
    StepKind.ROUND_TABLE: {"panel": "round_table"},
    StepKind.MOOD: {"panel": "mood"},
    StepKind.PROPOSALS: {"panel": "proposals"},
    StepKind.EXISTING_ACTIONS: {"panel": "existing_actions"},
    StepKind.LEVERS: {"panel": "levers"},
    StepKind.ORIENTATION: {"panel": "orientation"},
    StepKind.PROJECTS: {"panel": "projects"},
    StepKind.FINALISATION: {"panel": "finalisation"},
    StepKind.FREE: {"panel": None},
}


def panel_for(kind: str) -> str | None:
    return STEP_FEATURES.get(kind, {}).get("panel")
