"""Keep each server process on a core of its own.

A `coprod serve` process runs Python on one core at a time (the GIL), yet its threads hand the
interpreter to each other for every request: the event loop reads it, a request thread runs
Django, the loop writes the answer. Spread by the kernel over several cores, each handoff moves
the interpreter's working set from one core's caches to another's. On the bench's two-core machine
the phone page cost 1,040-1,070 µs of server CPU unpinned and 900-920 µs pinned (bench/README.md).

So with COPROD_PIN_CORE=1 (tuned mode only; off by default) each process claims a core that no
other process of the same instance holds, through a lock file per core in the data folder
(`cores/`), and stays there; the kernel moves other programs off it when it is busy. The lock
goes with the process. When every core is claimed, the lock folder cannot be written or the
system cannot pin (not Linux), the process runs wherever the kernel puts it. Two instances on
one machine (two data folders) do not see each other's locks: leave pinning off there, or give
each its own cores (systemd's CPUAffinity=, a container's cpuset).

Django-free.
"""

import contextlib
import fcntl
import os
from pathlib import Path

# The open lock files: a lock lasts as long as its descriptor, so as long as the process.
_held: list[int] = []


def claim_core(lock_dir: Path) -> int | None:
    """Pin this process (every thread it has and will have) to a free core; return the core, or
    None when none is free or pinning is not possible here."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    try:
        lock_dir.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return None
    # From the highest number down: core 0 usually takes more of the system's own work.
    for core in sorted(os.sched_getaffinity(0), reverse=True):
        try:
            fd = os.open(lock_dir / f"{core}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:  # a folder this user cannot write to
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        _held.append(fd)
        _pin_threads(core)
        return core
    return None


def _pin_threads(core: int) -> None:
    # sched_setaffinity(0) only moves the calling thread; threads started later inherit it.
    for tid in os.listdir("/proc/self/task"):
        with contextlib.suppress(ProcessLookupError):  # the thread ended meanwhile
            os.sched_setaffinity(int(tid), {core})
