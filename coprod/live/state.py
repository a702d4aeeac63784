"""What a live page shows, read in a few queries and shared by the pages, the pushed regions
and the API, so that a fetch and a push always agree."""

from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone

from coprod.agenda import plan
from coprod.agenda.models import Step
from coprod.participants import services as participant_services
from coprod.voting import live as voting_live
from coprod.workshops.models import Workshop

from . import panels


@dataclass
class LiveState:
    workshop: Workshop
    steps: list[Step]
    current: Step | None
    now: object
    participant_count: int = 0
    # Open votes and polls, whatever the step: the phones show their ballots, the board the
    # aggregates and, for the rest of the workshop, the validated syntheses.
    ballot_key: str = ""
    voting: dict | None = None
    # What the current step's panel shows, as its row's loader read it (None: not read).
    data: object = None
    # The workshop version this state was read at (live.state_cache), when read through it.
    version: str = ""

    @property
    def panel(self) -> panels.Panel:
        """The current step's row of the step-kind table (`live.panels`)."""
        return panels.of_step(self.current)

    @property
    def personal_key(self) -> str:
        """What a phone's personal region depends on besides the step: a new value brings a
        fresh region (the action on screen), the same value keeps what is being typed."""
        key = self.panel.personal_key
        return key(self) if key else ""

    @property
    def personal_id(self) -> str:
        """The id of the phone's personal region, after `phone-personal-`."""
        panel = self.panel
        if panel.personal_region:
            parts = [panel.personal_region]
        else:
            parts = [f"{self.current.pk if self.current else ''}-{panel.name}"]
        ballot = "" if panel.ballot_beside else self.ballot_key
        parts += [k for k in (self.personal_key, ballot) if k]
        return "-".join(parts)

    @cached_property
    def room(self) -> dict:
        """Who is in the room, for the console: admitted, waiting for approval, and refused or
        removed (read when the console asks, never for the board or the phones)."""
        return participant_services.room_of(self.workshop)

    @cached_property
    def console_votes(self) -> dict:
        """The votes under way as the console shows them (`voting.live.console`): read when the
        console asks, once for its votes region and its « prochaine action »."""
        return voting_live.console(self)

    @property
    def sheets_panel(self) -> bool:
        """Whether the step's sheets region is pushed alone on sheet events (live/regions.py)."""
        return self.panel.sheets_region

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
    state.participant_count = workshop.participants.admitted().count()
    if with_panels:
        load_panel(state)
        orientations = state.data if state.panel.own_orientations else None
        state.voting = voting_live.summary(state, orientation_rows=orientations)
        state.ballot_key = voting_live.phone_key_of(state.voting)
    return state


def load_panel(state: LiveState) -> None:
    """What the current step's panel shows, read by its row's loader."""
    loader = state.panel.load
    state.data = loader(state) if loader else None


def load_sheets(state: LiveState) -> None:
    """The sheets alone, for the sheets-only push (live/regions.py): the panel of a sheets step
    is its sheets."""
    load_panel(state)


def load_for_phones(state: LiveState) -> None:
    """What the phones' shared region reads per request, when the row needs any."""
    loader = state.panel.phone_load
    if loader:
        state.data = loader(state)


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
                # The participants' text only: the facilitator's notes never reach the room.
                "instructions": s.instructions,
            }
            for s in state.steps
        ],
        "current_step": state.current.pk if state.current else None,
        "timer": state.timer_json(),
        "participants": state.participant_count,
    }
