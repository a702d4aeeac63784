"""What a live page shows, read in a few queries and shared by the pages, the pushed regions
and the API, so that a fetch and a push always agree."""

from dataclasses import dataclass, field
from functools import cached_property

from django.utils import timezone

from coprod.agenda import plan
from coprod.agenda.kinds import panel_for
from coprod.agenda.models import Step
from coprod.catalogue.services import live as catalogue_live
from coprod.grouping import services as grouping_services
from coprod.participants import services as participant_services
from coprod.proposals import services as proposal_services
from coprod.voting import services as voting_services
from coprod.workshops.models import Workshop

from . import sheets as live_sheets


@dataclass
class LiveState:
    workshop: Workshop
    steps: list[Step]
    current: Step | None
    now: object
    panel: str | None = None
    participant_count: int = 0
    roster: list = field(default_factory=list)
    mood: dict | None = None
    proposals: list = field(default_factory=list)
    groups: object = None  # grouping_services.Groups once the facilitator has grouped
    # Open votes and polls, whatever the step: the phones show their ballots, the board the
    # aggregates and, for the rest of the workshop, the validated syntheses.
    ballot_key: str = ""
    voting: dict | None = None
    # Existing actions step: the action on the board and its testimonies.
    presentation: object = None
    testimonies: list = field(default_factory=list)
    # Levers step: levers grouped by type (`catalogue_live.levers_by_kind`).
    lever_groups: list = field(default_factory=list)
    # Orientation step: every orientation of the workshop with its aggregates.
    orientations: list = field(default_factory=list)
    # Projects and finalisation steps: every sheet (`live.sheets.rows_of`) and the referents.
    sheet_rows: list = field(default_factory=list)
    referents: list = field(default_factory=list)
    # The workshop version this state was read at (live.state_cache), when read through it.
    version: str = ""

    @property
    def personal_key(self) -> str:
        """What a phone's personal region depends on besides the step: a new value brings a
        fresh region (the action on screen), the same value keeps what is being typed."""
        if self.panel == "existing_actions" and self.presentation is not None:
            return f"a{self.presentation.pk}"
        return ""

    @cached_property
    def room(self) -> dict:
        """Who is in the room, for the console: admitted, waiting for approval, and refused or
        removed (read when the console asks, never for the board or the phones)."""
        return participant_services.room_of(self.workshop)

    @property
    def sheets_panel(self) -> bool:
        return self.panel in live_sheets.SHEET_PANELS

    @property
    def position(self) -> int | None:
        return self.steps.index(self.current) + 1 if self.current else None

    @property
    def remaining_seconds(self) -> int | None:
        if self.current is None:
            return None
        return plan.remaining_seconds(self.current, self.now)

    def timer_json(self) -> dict | None:
        """The timer as the API gives it: an absolute end time, or seconds left when paused."""
        step = self.current
        if step is None:
            return None
        if step.status == Step.Status.PAUSED:
            return {
                "status": "paused",
                "ends_at": None,
                "remaining_seconds": step.remaining_seconds,
            }
        return {"status": "running", "ends_at": step.ends_at.isoformat(), "remaining_seconds": None}

    def schedule(self):
        return plan.schedule(self.workshop, self.steps, self.now)

    def planned_rows(self) -> list[tuple[Step, object]]:
        sched = self.schedule()
        return list(zip(self.steps, sched.planned_starts, strict=True)) if sched else []


def load(workshop_id: int, *, with_panels: bool = True) -> LiveState:
    workshop = Workshop.objects.select_related("process").get(pk=workshop_id)
    steps = list(workshop.steps.order_by("position"))
    current = next((s for s in steps if s.is_live), None)
    state = LiveState(workshop=workshop, steps=steps, current=current, now=timezone.now())
    state.panel = panel_for(current.kind) if current else None
    state.participant_count = workshop.participants.admitted().count()
    if with_panels:
        if state.panel == "round_table":
            state.roster = participant_services.roster_by_organisation(workshop)
        if state.panel == "mood":
            state.mood = participant_services.mood_summary(workshop)
        if state.panel == "proposals":
            state.groups = grouping_services.groups_of(workshop)
            if not state.groups:
                state.proposals = proposal_services.by_item(workshop)
        if state.panel == "existing_actions":
            load_presentation(state)
            if state.presentation is not None:
                state.testimonies = catalogue_live.testimonies(
                    workshop, [state.presentation.action_id]
                )
        if state.panel == "levers":
            state.lever_groups = catalogue_live.levers_by_kind(catalogue_live.levers_of(workshop))
        if state.panel == "orientation":
            state.orientations = voting_services.orientation_results(
                voting_services.orientations_of(workshop)
            )
        if state.sheets_panel:
            load_sheets(state)
        state.voting = voting_services.board_summary(
            workshop, orientation_rows=state.orientations if state.panel == "orientation" else None
        )
        state.ballot_key = voting_services.phone_key_of(state.voting)
    return state


def load_presentation(state: LiveState) -> None:
    """The action on the board (phones need it too, to offer to testify on it)."""
    state.presentation = catalogue_live.current_presentation(state.workshop)


def load_sheets(state: LiveState) -> None:
    """The sheets of the projects and finalisation steps (and, at the end, the referents)."""
    state.sheet_rows = live_sheets.rows_of(state.workshop)
    if state.panel == "finalisation":
        state.referents = live_sheets.sheet_services.referents_of(state.workshop)


def as_json(state: LiveState) -> dict:
    """The workshop's live state as the API and JSON sockets give it."""
    return {
        "id": state.workshop.pk,
        "title": state.workshop.title,
        "question": state.workshop.question,
        "status": state.workshop.status,
        "steps": [
            {
                "id": s.pk,
                "position": s.position,
                "type": s.kind,
                "title": s.title,
                "minutes": s.minutes,
                "status": s.status,
            }
            for s in state.steps
        ],
        "current_step": state.current.pk if state.current else None,
        "timer": state.timer_json(),
        "participants": state.participant_count,
    }
