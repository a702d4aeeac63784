"""Timing of a workshop's steps as stored: the bridge between Step rows and `timing`."""

from . import timing
from .models import Step


def clock(step: Step) -> timing.StepClock:
    return timing.StepClock(
        minutes=step.minutes,
        status=step.status,
        started_at=step.started_at,
        finished_at=step.finished_at,
        ends_at=step.ends_at,
        remaining_seconds=step.remaining_seconds,
    )


def schedule(workshop, steps: list[Step], now) -> timing.Schedule | None:
    """Planned times from the planned start (or the real one, or now), and the drift counted
    from the real start: a workshop that began 20 minutes late with every step on time has no
    drift."""
    if not steps:
        return None
    start = workshop.starts_at or workshop.started_at or now
    return timing.schedule(start, [clock(s) for s in steps], now, started_at=workshop.started_at)


def remaining_seconds(step: Step, now) -> int:
    return round(timing.step_remaining(clock(step), now))
