"""What a workshop archive holds, declared once: the tables of a workshop, how their rows are
found, and the shared tables whose rows are matched by identity on import.

Rows travel with all their concrete fields (read from `_meta`), so a field added to one of
these models travels without touching this app; a new model that belongs to a workshop must be
listed here (tests/test_schema.py fails until it is).
"""

import json

from django.conf import settings
from django.db import models

from coprod.action_sheets.fields import BY_NAME as SHEET_FIELDS
from coprod.action_sheets.models import Comment, FieldValue, Referent, Revision, Seat, Sheet
from coprod.agenda.models import Step
from coprod.catalogue.models import Action, Lever, Presentation, Testimony
from coprod.grouping.models import Cluster, Placement, Synthesis
from coprod.jobs.models import Job
from coprod.organisations.models import Invitation
from coprod.participants.models import MoodVote, Participant
from coprod.processes.models import PriorityItem, Process, TargetPublic
from coprod.proposals.models import Proposal, Support
from coprod.restitution.models import Publication
from coprod.voting.models import (
    ConsentBallot,
    DotBallot,
    GradeBallot,
    Orientation,
    OrientationBallot,
    Poll,
    PollOption,
    ValidationVote,
)
from coprod.workshops.models import Teammate, Workshop

# The workshop's own rows and the lookup that finds them from the workshop. An import creates
# them anew (a re-import deletes the previous ones first); they are never shared.
OWNED: dict[type[models.Model], str] = {
    Step: "workshop",
    Participant: "workshop",
    MoodVote: "workshop",
    Proposal: "workshop",
    Support: "proposal__workshop",
    Cluster: "workshop",
    Placement: "cluster__workshop",
    Synthesis: "cluster__workshop",
    ValidationVote: "workshop",
    ConsentBallot: "vote__workshop",
    Poll: "workshop",
    PollOption: "poll__workshop",
    GradeBallot: "option__poll__workshop",
    DotBallot: "option__poll__workshop",
    Orientation: "workshop",
    OrientationBallot: "orientation__workshop",
    Presentation: "workshop",
    Testimony: "workshop",
    Sheet: "workshop",
    FieldValue: "sheet__workshop",
    Revision: "sheet__workshop",
    Seat: "workshop",
    Comment: "sheet__workshop",
    Referent: "workshop",
    Publication: "workshop",
}

# Shared rows: the archive carries those the workshop uses; an import reuses the row of the
# same identity (see `identity`) and creates the others.
SHARED = (Process, PriorityItem, TargetPublic, Action, Lever)

ROOT = Workshop

# Rows of this server alone, which never travel: its background jobs (documents, imports), and
# the workshop's teammates (observers, scribes…) and invitations, each server's organisation's.
LOCAL = (Job, Teammate, Invitation)

# Fields that must not travel: secrets of this server (a phone's token, the board's and the
# public restitution's addresses, the join code) and live presence. The importing server
# draws its own.
NOT_EXPORTED: dict[type[models.Model], frozenset[str]] = {
    # Each server has its own organisations: an imported process joins the importer's, and
    # the actions of its catalogue join that organisation's catalogue.
    Process: frozenset({"organisation"}),
    Action: frozenset({"owner"}),
    Workshop: frozenset({"join_code", "board_key"}),
    Participant: frozenset({"token_hash", "connected_at", "disconnected_at"}),
    Publication: frozenset({"key"}),
}

# Copies of a participant's name kept beside the link to them: (name field, participant field).
# Without the participant's consent these travel as their pseudonym.
PERSON_NAMES: dict[type[models.Model], tuple[str, str | None]] = {
    Participant: ("name", None),
    Revision: ("author_name", "author"),
    Comment: ("author_name", "author"),
    Testimony: ("witness_name", "witness"),
}

# Sheet fields whose value is a JSON list of ids of a shared table.
LIST_TARGETS = {"publics": TargetPublic, "actions": Action, "levers": Lever}
SHEET_VALUE_MODELS = (FieldValue, Revision)


def list_target(row_name: str) -> type[models.Model] | None:
    """The table a sheet field's list of ids points to, or None for a text field."""
    field = SHEET_FIELDS.get(row_name)
    return LIST_TARGETS.get(field.kind) if field is not None else None


def parse_ids(value: str) -> list[int]:
    try:
        ids = json.loads(value or "[]")
    except ValueError:
        return []
    if not isinstance(ids, list):
        return []
    return [i for i in ids if isinstance(i, int) and not isinstance(i, bool)]


def all_models() -> list[type[models.Model]]:
    """Every table of an archive, each after the tables it points to (self links aside)."""
    pending = [*SHARED, ROOT, *OWNED]
    ordered: list[type[models.Model]] = []
    while pending:
        for model in pending:
            parents = {
                f.related_model
                for f in model._meta.concrete_fields
                if f.is_relation and f.related_model is not model
            }
            if not (parents & set(pending)):
                ordered.append(model)
                pending.remove(model)
                break
        else:  # pragma: no cover - a cycle of required links would be a modelling error
            raise RuntimeError(f"cycle between {pending}")
    return ordered


def label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def is_user(model) -> bool:
    """Links to accounts travel as usernames."""
    return model is not None and model._meta.label == settings.AUTH_USER_MODEL


def many_to_many(model) -> list:
    """The plain many-to-many fields (a link table of its own, like Placement, is a table)."""
    return [f for f in model._meta.many_to_many if f.remote_field.through._meta.auto_created]
