"""A worker that stopped in the middle of a task (a laptop closed, a restart) takes it up again
when it starts, under the same name; a task that stopped it every time is given up, in French."""

import pytest
from django_tasks_db.models import DBTaskResult

from coprod.core.tasks import TaskResultStatus
from coprod.jobs import services as jobs
from coprod.jobs.kinds import Kind
from coprod.jobs.models import Job
from coprod.jobs.recovery import requeue_interrupted

from . import tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(workshop, facilitator, settings):
    """A job whose task a worker named `laptop:8000` had claimed (`runs` times in all)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def make(runs: int, worker="laptop:8000") -> Job:
        job = jobs.start(
            tasks.document,
            kind=Kind.WORKSHOP_DOCUMENT,
            actor=facilitator,
            workshop=workshop,
            params={"runs": runs},
        )
        DBTaskResult.objects.filter(pk=job.task_id).update(
            status=TaskResultStatus.RUNNING, worker_ids=[worker] * runs
        )
        Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
        return job

    return make


def test_the_interrupted_task_is_queued_again(running):
    job = running(1)
    assert requeue_interrupted("laptop:8000") == 1
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED
    assert DBTaskResult.objects.get(pk=job.task_id).status == TaskResultStatus.READY


def test_another_workers_task_is_left_alone(running):
    job = running(1, worker="server:8001")
    assert requeue_interrupted("laptop:8000") == 0
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING


def test_a_task_that_stopped_its_worker_three_times_is_given_up(running):
    job = running(3)
    assert requeue_interrupted("laptop:8000") == 0
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.errors == [
        "Ce travail a interrompu le serveur à chaque essai : il est abandonné. Essayez avec un "
        "fichier plus petit."
    ]
