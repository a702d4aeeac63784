"""Planned and expected times of a running order. Pure computation: no Django import."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class StepClock:
    """What timing needs to know of a step."""

    minutes: int
    status: str  # planned | running | paused | done
    started_at: datetime | None = None
    finished_at: datetime | None = None
    ends_at: datetime | None = None
    remaining_seconds: int | None = None


@dataclass(frozen=True)
class Schedule:
    planned_starts: list[datetime]
    planned_end: datetime
    expected_end: datetime
    drift_seconds: int  # > 0: the workshop will finish late, counted from the real start
    started_at: datetime | None = None  # the real start, once the workshop has begun

    @property
    def start_shift_seconds(self) -> int:
        """How much later (> 0) or earlier than planned the workshop really began."""
        if self.started_at is None or not self.planned_starts:
            return 0
        return int((self.started_at - self.planned_starts[0]).total_seconds())

    @property
    def started_off_plan(self) -> bool:
        """Began at another minute than planned: worth saying beside the drift."""
        return abs(self.start_shift_seconds) >= 60

    @property
    def end_from_real_start(self) -> datetime:
        """When the workshop ends if every step keeps its duration from the real start: what the
        drift is counted against."""
        return self.planned_end + timedelta(seconds=self.start_shift_seconds)

    @property
    def total_minutes(self) -> int:
        return (
            int((self.planned_end - self.planned_starts[0]).total_seconds() // 60)
            if self.planned_starts
            else 0
        )


def planned_starts(start: datetime, minutes: list[int]) -> list[datetime]:
    starts, at = [], start
    for m in minutes:
        starts.append(at)
        at += timedelta(minutes=m)
    return starts


def step_remaining(step: StepClock, now: datetime) -> float:
    """Seconds left on a live step's timer (negative when it overruns)."""
    if step.status == "paused":
        return float(step.remaining_seconds or 0)
    if step.status == "running" and step.ends_at:
        return (step.ends_at - now).total_seconds()
    return step.minutes * 60.0


def schedule(
    start: datetime, steps: list[StepClock], now: datetime, started_at: datetime | None = None
) -> Schedule:
    """Planned start of every step, planned end, and the end expected from what really happened.

    Finished steps count for their real duration, the live step for the time already spent plus
    what is left on its timer (at least zero), later steps for their planned minutes.
    `started_at` is when the workshop really began; without it, its earliest step start (which
    moves when the facilitator goes back to the first step and starts it again).
    """
    starts = planned_starts(start, [s.minutes for s in steps])
    planned_end = start + timedelta(minutes=sum(s.minutes for s in steps))
    if not any(s.status != "planned" for s in steps):
        return Schedule(starts, planned_end, planned_end, 0, started_at)
    first_start = started_at or min((s.started_at for s in steps if s.started_at), default=start)
    expected = max(first_start, start)
    cursor = None
    for s in steps:
        if s.status == "done" and s.started_at and s.finished_at:
            cursor = s.finished_at
        elif s.status in ("running", "paused"):
            cursor = now + timedelta(seconds=max(0.0, step_remaining(s, now)))
        else:
            base = cursor or max(now, expected)
            cursor = base + timedelta(minutes=s.minutes)
    expected_end = cursor or planned_end
    # Drift is measured against the plan shifted to the real start: starting early or late is
    # not drift, only steps that overrun (or finish early) are.
    shifted_end = planned_end + (first_start - start)
    drift = int((expected_end - shifted_end).total_seconds())
    return Schedule(starts, planned_end, expected_end, drift, first_start)
