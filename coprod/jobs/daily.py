"""The worker's daily chores: a side thread of `coprod worker` (like its heartbeat) that runs
each command of DAILY once a day, first when the worker starts.

No cron to install: a village-hall laptop runs the worker only while `coprod serve` runs, and
then catches up at once. The chores are idempotent (the retention purge marks what it did), so
several workers on one database each running them is harmless. A chore that fails is logged and
tried again at the next check, the others still run.
"""

import io
import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

log = logging.getLogger(__name__)

# Management commands run once a day: the retention purge (coprod/privacy/purge.py).
DAILY = ("purge",)
EVERY = timedelta(days=1)
CHECK_SECONDS = 3600.0


def is_due(last_run: datetime | None, now: datetime) -> bool:
    """A chore never run by this worker, or last run a day ago or more, is due."""
    return last_run is None or now - last_run >= EVERY


class Chores:
    """When each chore last ran well; `tick(now)` runs those due. Time is an argument, so the
    schedule is tested without waiting."""

    def __init__(self, commands=DAILY, run: Callable[[str], None] | None = None):
        self.commands = tuple(commands)
        self.run = run or _run_command
        self.last_run: dict[str, datetime] = {}

    def tick(self, now: datetime) -> list[str]:
        """Run the chores due at `now`; returns those that ran well."""
        done = []
        for name in self.commands:
            if not is_due(self.last_run.get(name), now):
                continue
            try:
                self.run(name)
            except Exception:
                log.exception("Daily chore %s failed: trying again in an hour", name)
                continue
            self.last_run[name] = now
            done.append(name)
        return done


def _run_command(name: str) -> None:
    out = io.StringIO()
    call_command(name, stdout=out)
    log.info("Daily chore %s: %s", name, " ".join(out.getvalue().split()))


def _check_forever(chores: Chores, stop: threading.Event, every: float) -> None:
    while True:
        try:
            chores.tick(timezone.now())
        finally:
            connection.close()  # this thread's own connection: none held between checks
        if stop.wait(every):
            return


def start(every: float = CHECK_SECONDS, chores: Chores | None = None) -> threading.Event:
    """Check now and every `every` seconds from a daemon thread; set the event to stop it."""
    stop = threading.Event()
    threading.Thread(
        target=_check_forever,
        args=(chores or Chores(), stop, every),
        name="daily-chores",
        daemon=True,
    ).start()
    return stop
