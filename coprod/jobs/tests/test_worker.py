"""The real worker: the one `coprod serve` starts (niced, gone with its server) and
`coprod worker` run apart, both taking jobs started through the API from the database."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from coprod.core import testserver

pytestmark = pytest.mark.multiprocess


def call(url: str, token: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
        return response.status, response.read()


def wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := predicate():
            return found
        time.sleep(0.2)
    raise AssertionError("timed out")


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


@pytest.fixture
def servers():
    found = testserver.prepare()
    yield found
    found.close()


def start_document(servers, url: str) -> tuple[dict, str, dict]:
    demo = json.loads(servers.manage("demo", "--json"))
    token = servers.manage("token", demo["facilitator"]).strip()
    status, body = call(f"{url}/api/v1/workshops/{demo['workshop']}/restitution?format=md", token)
    assert status == 202
    return demo, token, json.loads(body)


def job_state(url: str, token: str, job: dict) -> dict:
    return json.loads(call(f"{url}{job['url']}", token)[1])


def test_a_server_without_its_worker_leaves_jobs_to_coprod_worker(servers):
    servers.env["COPROD_WORKER"] = "0"
    servers.start()
    url = servers.urls[0]
    demo, token, job = start_document(servers, url)
    time.sleep(2)  # a worker would have taken it by now (it looks every second)
    assert job_state(url, token, job)["status"] == "queued"

    worker = subprocess.Popen(
        [sys.executable, "-m", "coprod.cli", "worker", "--worker-id", "apart"],
        env=servers.env,
        stdout=subprocess.DEVNULL,
    )
    try:
        done = wait_for(lambda: (s := job_state(url, token, job))["status"] == "done" and s)
    finally:
        worker.terminate()
        worker.wait(timeout=10)
    status, document = call(f"{url}{done['file']}", token)
    assert status == 200 and document.startswith(b"# ")
    assert demo["facilitator"] not in done["page"]  # the page is the job's, not a person's


def test_serve_starts_a_niced_worker_that_dies_with_it(servers):
    servers.start()
    serve = servers.processes[0]
    worker = wait_for(lambda: children(serve.pid))[0]
    # Ten steps nicer than the server, as far as the kernel goes (19: a suite run under nice).
    niced = min(os.getpriority(os.PRIO_PROCESS, 0) + 10, 19)
    assert os.getpriority(os.PRIO_PROCESS, worker) == niced
    url = servers.urls[0]
    _demo, token, job = start_document(servers, url)
    assert wait_for(lambda: job_state(url, token, job)["status"] == "done")

    os.kill(serve.pid, signal.SIGKILL)  # even killed outright, the server takes its worker along
    serve.wait(timeout=10)
    wait_for(lambda: not Path(f"/proc/{worker}").exists() or _zombie(worker), timeout=10)


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].startswith("Z")
    except FileNotFoundError:
        return True


BEATS = (
    "import json; from coprod.jobs.models import WorkerBeat; "
    "print(json.dumps(list(WorkerBeat.objects.values('worker_id', 'pid', 'beat_at')), "
    "default=str))"
)


def test_a_running_worker_beats_every_ten_seconds(servers):
    """/healthz tells a live worker from a stopped one by this row."""
    worker = subprocess.Popen(
        [sys.executable, "-m", "coprod.cli", "worker", "--worker-id", "beating"],
        env=servers.env,
        stdout=subprocess.DEVNULL,
    )
    try:
        first = wait_for(lambda: json.loads(servers.manage("shell", "-v", "0", "-c", BEATS)))
        assert [(b["worker_id"], b["pid"]) for b in first] == [("beating", worker.pid)]
        time.sleep(11)
        [later] = json.loads(servers.manage("shell", "-v", "0", "-c", BEATS))
        assert later["beat_at"] > first[0]["beat_at"]
    finally:
        worker.terminate()
        worker.wait(timeout=10)
    assert worker.returncode == 0  # the beating thread does not hold the worker's exit
