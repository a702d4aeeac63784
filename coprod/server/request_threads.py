"""A few threads that run whole synchronous requests for an event loop, the way the threads of a
threaded WSGI server do: each thread takes the next job, runs it, hands the answer back.

Why not `loop.run_in_executor` or asgiref's `sync_to_async`: under load their bookkeeping on the
loop (a concurrent future and its lock, an asyncio future chained to it, a copied context)
weighed a seventh of a cached API read (bench, one process: 312 -> 268 µs per request). Here a
job is a tuple on a queue, and its answer one `call_soon_threadsafe`.

Each thread sets asgiref's private `SyncToAsync.threadlocal` the way asgiref's own threads do
(asgiref is capped below its next minor version; coprod/server/tests/test_library_internals.py
says so loudly when that attribute goes away). Django-free.
"""

import asyncio
import contextlib
import os
import queue
import threading
from collections.abc import Callable

from asgiref.sync import SyncToAsync

_STOP = None


def _settle(future: asyncio.Future, succeeded: bool, outcome) -> None:
    if future.cancelled():  # the request went away; the job has still run to its end
        return
    if succeeded:
        future.set_result(outcome)
    else:
        future.set_exception(outcome)


class RequestThreads:
    def __init__(self, count: int, name: str = "coprod-http") -> None:
        if count < 1:
            raise ValueError("at least one thread")
        self.count, self.name = count, name
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._threads: list[threading.Thread] = []

    def run(self, function: Callable, *args) -> asyncio.Future:
        """`function(*args)` in one of the threads, jobs taken in order: await the returned
        future for its result, or its exception. The threads start with the first job, bound to
        the event loop it comes from."""
        loop = asyncio.get_running_loop()
        if self._loop is None:
            self._start(loop)
        elif loop is not self._loop:
            raise RuntimeError("RequestThreads serve the one event loop they started with")
        future = loop.create_future()
        self._jobs.put((future, function, args))
        return future

    def close(self) -> None:
        """Let each thread finish the jobs queued before, then stop and wait for it."""
        for _ in self._threads:
            self._jobs.put(_STOP)
        for thread in self._threads:
            thread.join()
        self._threads.clear()

    def _start(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        for i in range(self.count):
            thread = threading.Thread(target=self._work, name=f"{self.name}-{i}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def _work(self) -> None:
        loop = self._loop
        # What sync_to_async sets in its own threads: `async_to_sync` called by a job (a view's
        # on_commit publishing an event) then runs on this loop, where the hub and the
        # in-memory channel layer live, instead of on a new loop of its own.
        SyncToAsync.threadlocal.main_event_loop = loop
        SyncToAsync.threadlocal.main_event_loop_pid = os.getpid()
        while (job := self._jobs.get()) is not _STOP:
            future, function, args = job
            try:
                outcome = (True, function(*args))
            except BaseException as error:  # raised again where the job is awaited
                outcome = (False, error)
            with contextlib.suppress(RuntimeError):  # a closed loop: nobody awaits any more
                loop.call_soon_threadsafe(_settle, future, *outcome)
            del job, future, outcome  # nothing of the last request stays alive while waiting
