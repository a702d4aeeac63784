"""The threads that run `coprod serve`'s HTTP requests (coprod.server.request_threads): answers and
errors come back to the request, a view's event reaches the serving loop, a request that went away
stops nothing."""

import asyncio
import threading
import time

import pytest
from asgiref.sync import async_to_sync

from coprod.server.request_threads import RequestThreads


@pytest.fixture
def threads():
    made = []

    def make(count=2):
        made.append(RequestThreads(count, name="test-http"))
        return made[-1]

    yield make
    for request_threads in made:
        request_threads.close()


@pytest.mark.asyncio
async def test_a_job_runs_in_a_request_thread_and_its_answer_comes_back(threads):
    pool = threads()

    def job(a, b):
        return a + b, threading.current_thread().name

    total, name = await pool.run(job, 2, 3)
    assert total == 5
    assert name.startswith("test-http-")
    assert name != threading.current_thread().name


@pytest.mark.asyncio
async def test_an_error_in_a_job_is_raised_where_the_request_awaits_it(threads):
    pool = threads()

    def broken():
        raise LookupError("pas de séquence en cours")

    with pytest.raises(LookupError, match="pas de séquence en cours"):
        await pool.run(broken)
    assert await pool.run(lambda: "toujours là") == "toujours là"


@pytest.mark.asyncio
async def test_async_to_sync_in_a_job_runs_on_the_serving_loop(threads):
    """What a view's on_commit does to publish an event: the in-memory channel layer and the hub
    live on the serving loop, so the event must be sent from there."""
    pool = threads()

    async def publish():
        return asyncio.get_running_loop()

    used = await pool.run(async_to_sync(publish))
    assert used is asyncio.get_running_loop()


@pytest.mark.asyncio
async def test_jobs_run_at_most_as_many_at_once_as_threads_on_the_same_threads(threads):
    pool = threads(2)
    lock, running, most, seen = threading.Lock(), [0], [0], set()

    def job():
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
            seen.add(threading.get_ident())
        time.sleep(0.02)
        with lock:
            running[0] -= 1

    await asyncio.gather(*(pool.run(job) for _ in range(10)))
    assert most[0] == 2
    # Long-lived threads, as in a threaded WSGI server: a view's database connection is reused.
    assert len(seen) == 2


@pytest.mark.asyncio
async def test_a_request_that_went_away_stops_nothing(threads):
    pool = threads(1)
    started, release, finished = threading.Event(), threading.Event(), threading.Event()
    loop_errors = []
    asyncio.get_running_loop().set_exception_handler(
        lambda loop, context: loop_errors.append(context)
    )

    def slow():
        started.set()
        release.wait(5)
        finished.set()

    waiting = asyncio.ensure_future(pool.run(slow))
    await asyncio.get_running_loop().run_in_executor(None, started.wait, 5)
    waiting.cancel()
    release.set()
    # The one thread finishes the abandoned job, then serves the next request.
    assert await pool.run(lambda: "suivante") == "suivante"
    assert finished.is_set()
    assert waiting.cancelled()
    assert loop_errors == []  # nothing for the server's log either


@pytest.mark.asyncio
async def test_close_lets_the_queued_jobs_finish_then_stops_the_threads(threads):
    pool = threads(2)
    done = []

    def job(i):
        time.sleep(0.01)
        done.append(i)

    answers = [pool.run(job, i) for i in range(6)]
    running = [t for t in threading.enumerate() if t.name.startswith("test-http-")]
    assert len(running) == 2
    pool.close()
    assert sorted(done) == list(range(6))
    assert not any(t.is_alive() for t in running)
    await asyncio.gather(*answers)


def test_at_least_one_thread():
    with pytest.raises(ValueError):
        RequestThreads(0)
