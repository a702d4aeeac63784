"""Tasks interrupted by their worker's stop: run them again, or say they could not finish."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from coprod.core.tasks import TaskResultStatus

from .models import Job

# Runs of one task: a task that keeps stopping its worker (memory) is not started a fourth time.
MAX_RUNS = 3


def requeue_interrupted(worker_id: str) -> int:
    """Put back in the queue the tasks `worker_id` was running when it stopped; returns how
    many. Every task is all-or-nothing (an import in one transaction, a document written at the
    end), so running it again is safe."""
    count = 0
    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update().filter(status=TaskResultStatus.RUNNING)
        for result in running:
            if not result.worker_ids or result.worker_ids[-1] != worker_id:
                continue
            job = Job.objects.filter(task_id=str(result.id))
            if len(result.worker_ids) < MAX_RUNS:
                result.status = TaskResultStatus.READY
                result.save(update_fields=["status"])
                job.update(status=Job.Status.QUEUED)
                count += 1
            else:
                result.status = TaskResultStatus.FAILED
                result.finished_at = timezone.now()
                result.save(update_fields=["status", "finished_at"])
                job.update(
                    status=Job.Status.FAILED,
                    finished_at=timezone.now(),
                    error=_(
                        "Ce travail a interrompu le serveur à chaque essai : il est abandonné. "
                        "Essayez avec un fichier plus petit."
                    ),
                )
    return count
