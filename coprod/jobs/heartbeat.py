"""The worker's heartbeat: a side thread of `coprod worker` that writes its `WorkerBeat` row
every BEAT_SECONDS, so /healthz can tell a live worker from a stopped one.

A thread rather than a hook in the task loop: django-tasks' worker loop offers no public hook
between two looks for tasks, and a thread also beats while a long task (a restitution PDF) runs,
which is a worker at work, not a stopped one. It has its own database connection, closed after
each beat, and never stops the worker: a beat that fails (the database restarting, SQLite busy
with a long import) is simply tried again at the next one.
"""

import logging
import os
import socket
import threading
from datetime import timedelta

from django.db import DatabaseError, connection
from django.utils import timezone

from .models import WorkerBeat

log = logging.getLogger(__name__)

BEAT_SECONDS = 10.0
# Rows of workers gone for good (a renamed host) are dropped after this long.
FORGET_AFTER = timedelta(days=7)


def beat(worker_id: str, started_at) -> None:
    """Write that `worker_id` (this process) is alive now."""
    now = timezone.now()
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "beat_at": now,
        },
    )


def forget_departed() -> int:
    """Drop the rows of workers silent for a week; returns how many."""
    cutoff = timezone.now() - FORGET_AFTER
    return WorkerBeat.objects.filter(beat_at__lt=cutoff).delete()[0]


def _beat_forever(worker_id: str, stop: threading.Event, every: float) -> None:
    started_at = timezone.now()
    failing = False
    while True:
        try:
            beat(worker_id, started_at)
            failing = False
        except DatabaseError:
            if not failing:
                log.warning("Worker heartbeat not written: trying again in %.0f s", every)
            failing = True
        finally:
            connection.close()  # this thread's own connection: none held between beats
        if stop.wait(every):
            return


def start(worker_id: str, every: float = BEAT_SECONDS) -> threading.Event:
    """Beat now and every `every` seconds from a daemon thread (it ends with the worker's
    process); set the returned event to stop it sooner."""
    forget_departed()
    stop = threading.Event()
    threading.Thread(
        target=_beat_forever, args=(worker_id, stop, every), name="heartbeat", daemon=True
    ).start()
    return stop
