"""The retention's dates: counted from the restitution, in calendar months."""

from datetime import UTC, date, datetime

from coprod.privacy import retention


def test_the_restitution_is_the_latest_end_of_the_process_and_its_workshops():
    """A workshop held after the process's planned end pushes the restitution back."""
    assert retention.restitution_date(date(2027, 3, 1), [date(2027, 1, 5), None]) == date(
        2027, 3, 1
    )
    assert retention.restitution_date(date(2027, 3, 1), [date(2027, 4, 2)]) == date(2027, 4, 2)
    assert retention.restitution_date(None, [date(2027, 1, 5), date(2026, 12, 1)]) == date(
        2027, 1, 5
    )


def test_an_undated_process_never_expires():
    assert retention.restitution_date(None, [None, None]) is None
    assert retention.due_date(None, 6) is None
    assert not retention.is_due(None, date(2100, 1, 1))


def test_a_workshop_ends_when_it_ended_else_when_it_was_planned():
    planned = datetime(2027, 1, 10, 17, tzinfo=UTC)
    ended = datetime(2027, 1, 11, 9, tzinfo=UTC)
    assert retention.workshop_end(ended, planned) == date(2027, 1, 11)
    assert retention.workshop_end(None, planned) == date(2027, 1, 10)
    assert retention.workshop_end(None, None) is None


def test_months_are_calendar_months_ending_on_the_last_day_of_a_short_month():
    assert retention.add_months(date(2027, 1, 15), 6) == date(2027, 7, 15)
    assert retention.add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert retention.add_months(date(2027, 8, 31), 1) == date(2027, 9, 30)
    assert retention.add_months(date(2027, 11, 30), 14) == date(2029, 1, 30)


def test_data_is_kept_through_the_last_day_and_purged_the_day_after():
    """« Jusqu'à la restitution + 6 mois » includes that day."""
    due = retention.due_date(date(2027, 1, 15), 6)
    assert due == date(2027, 7, 16)
    assert not retention.is_due(due, date(2027, 7, 15))
    assert retention.is_due(due, date(2027, 7, 16))
    assert retention.is_due(due, date(2028, 1, 1))
