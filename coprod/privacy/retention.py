"""How long a process keeps its participants' personal data: pure date arithmetic, no Django.

The clock starts at the process's **restitution date**: the last day anything of the process
happened, i.e. the latest of the process's planned end (`Process.ends_on`) and each workshop's
end (when it ended, else when it was to start). The data is kept `months` months after that
day and pseudonymised from the next day on (« jusqu'à la restitution + 6 mois »).
"""

import calendar
from collections.abc import Iterable
from datetime import date, datetime, timedelta


def restitution_date(ends_on: date | None, workshop_ends: Iterable[date | None]) -> date | None:
    """The latest of the process's end and its workshops' ends; None when nothing is dated
    (an undated process never expires: there is no day to count from)."""
    days = [d for d in (ends_on, *workshop_ends) if d is not None]
    return max(days, default=None)


def workshop_end(ended_at: datetime | None, starts_at: datetime | None) -> date | None:
    """The day a workshop ended, else the day it was planned (dates in the caller's zone)."""
    moment = ended_at or starts_at
    return moment.date() if moment is not None else None


def add_months(day: date, months: int) -> date:
    """`day` plus `months` calendar months, on the month's last day when it is shorter
    (31 August + 6 months = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_date(restitution: date | None, months: int) -> date | None:
    """The first day the data is no longer kept: the day after restitution + `months`."""
    if restitution is None:
        return None
    return add_months(restitution, months) + timedelta(days=1)


def is_due(due: date | None, today: date) -> bool:
    return due is not None and today >= due
