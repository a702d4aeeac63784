"""Planned and expected times of a running order (pure computation, no database)."""

from datetime import UTC, datetime, timedelta

from coprod.agenda.timing import StepClock, planned_starts, schedule, step_remaining

START = datetime(2026, 3, 12, 14, 0, tzinfo=UTC)
SEED_MINUTES = [10, 20, 5, 15, 15, 10, 5, 35, 10]


def at(minutes: float) -> datetime:
    return START + timedelta(minutes=minutes)


def planned(*minutes: int) -> list[StepClock]:
    return [StepClock(minutes=m, status="planned") for m in minutes]


def test_planned_start_of_each_step_follows_the_durations():
    """Each step starts when the previous one's planned minutes are over."""
    starts = planned_starts(START, SEED_MINUTES)
    assert [f"{s:%H:%M}" for s in starts] == [
        "14:00", "14:10", "14:30", "14:35", "14:50", "15:05", "15:15", "15:20", "15:55",
    ]  # fmt: skip


def test_seed_running_order_lasts_125_minutes_and_ends_at_1605():
    """Before anything starts the expected end is the planned end and there is no drift."""
    result = schedule(START, planned(*SEED_MINUTES), now=START - timedelta(hours=1))
    assert result.total_minutes == 125
    assert result.planned_end == at(125)
    assert result.expected_end == result.planned_end
    assert result.drift_seconds == 0


def test_empty_agenda_has_no_total():
    """An agenda without steps ends when it starts."""
    result = schedule(START, [], now=START)
    assert result.planned_starts == []
    assert result.total_minutes == 0
    assert result.planned_end == START


def test_running_step_on_time_expects_the_planned_end():
    """A step started on time with time left on its timer keeps the plan."""
    steps = [
        StepClock(minutes=10, status="running", started_at=START, ends_at=at(10)),
        *planned(20, 5),
    ]
    result = schedule(START, steps, now=at(4))
    assert result.expected_end == at(35)
    assert result.drift_seconds == 0


def test_overrunning_step_pushes_the_expected_end_and_shows_the_drift():
    """A 10-minute step still running after 15 minutes makes the workshop 5 minutes late."""
    steps = [
        StepClock(minutes=10, status="running", started_at=START, ends_at=at(10)),
        *planned(20, 5),
    ]
    result = schedule(START, steps, now=at(15))
    assert result.planned_end == at(35)
    assert result.expected_end == at(40)
    assert result.drift_seconds == 5 * 60


def test_finished_steps_count_for_their_real_duration():
    """A step done in 7 minutes instead of 10 brings the expected end 3 minutes earlier."""
    steps = [
        StepClock(minutes=10, status="done", started_at=START, finished_at=at(7)),
        StepClock(minutes=20, status="running", started_at=at(7), ends_at=at(27)),
        *planned(5),
    ]
    result = schedule(START, steps, now=at(8))
    assert result.expected_end == at(32)
    assert result.drift_seconds == -3 * 60


def test_paused_step_counts_its_remaining_seconds_from_now():
    """While paused the timer does not run, so each minute of pause adds a minute of drift."""
    steps = [
        StepClock(minutes=10, status="paused", started_at=START, remaining_seconds=6 * 60),
        *planned(20),
    ]
    result = schedule(START, steps, now=at(10))
    # Paused at 14:04 with 6 minutes left, still paused at 14:10: 6 + 20 minutes from now.
    assert result.expected_end == at(36)
    assert result.drift_seconds == 6 * 60


def test_starting_late_is_not_drift():
    """Starting 10 minutes after the planned start shifts the end but reports no drift."""
    steps = [
        StepClock(minutes=10, status="running", started_at=at(10), ends_at=at(20)),
        *planned(20),
    ]
    result = schedule(START, steps, now=at(12))
    assert result.expected_end == at(40)
    assert result.planned_end == at(30)
    assert result.drift_seconds == 0


def test_step_remaining_seconds_by_status():
    """Running: seconds to its end (negative when over); paused: what was left; planned: all."""
    running = StepClock(minutes=10, status="running", started_at=START, ends_at=at(10))
    assert step_remaining(running, at(7.5)) == 150
    assert step_remaining(running, at(11)) == -60
    paused = StepClock(minutes=10, status="paused", started_at=START, remaining_seconds=42)
    assert step_remaining(paused, at(30)) == 42
    assert step_remaining(StepClock(minutes=5, status="planned"), at(0)) == 300


def test_starting_early_is_not_drift_either():
    """A workshop started the day before its planned date shows no drift while on time."""
    day_before = START - timedelta(days=1)
    steps = [
        StepClock(
            minutes=10,
            status="running",
            started_at=day_before,
            ends_at=day_before + timedelta(minutes=10),
        ),
        *planned(20, 5),
    ]
    result = schedule(START, steps, now=day_before + timedelta(minutes=2))
    assert result.expected_end == day_before + timedelta(minutes=35)
    assert result.drift_seconds == 0


def test_started_20_minutes_late_with_steps_on_time_has_no_drift():
    """The drift counts from the real start: 20 minutes late, each step on time, drift 0; the
    schedule tells how late the start was."""
    steps = [
        StepClock(minutes=10, status="done", started_at=at(20), finished_at=at(30)),
        StepClock(minutes=20, status="running", started_at=at(30), ends_at=at(50)),
        *planned(5),
    ]
    result = schedule(START, steps, now=at(35), started_at=at(20))
    assert result.drift_seconds == 0
    assert result.expected_end == at(55)
    assert result.start_shift_seconds == 20 * 60 and result.started_off_plan


def test_going_back_to_the_first_step_keeps_the_real_start():
    """Started 20 minutes late, then back to the first step at 14:40: its new start is not the
    workshop's, and the 10 minutes spent going back are drift."""
    steps = [
        StepClock(minutes=10, status="running", started_at=at(40), ends_at=at(50)),
        *planned(20),
    ]
    result = schedule(START, steps, now=at(41), started_at=at(20))
    assert result.expected_end == at(70)
    assert result.drift_seconds == 20 * 60  # planned end shifted to the real start: 14:50
    assert result.start_shift_seconds == 20 * 60


def test_on_time_start_says_nothing_about_it():
    steps = [StepClock(minutes=10, status="running", started_at=at(0.5), ends_at=at(10.5))]
    result = schedule(START, steps, now=at(1), started_at=at(0.5))
    assert not result.started_off_plan
    assert not schedule(START, planned(10), now=at(0)).started_off_plan
