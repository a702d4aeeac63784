"""Starting a job (`start`), who may follow it (`allowed`), and what a task does while it runs
(`run`, with a `Work` to report progress and keep its result).

A feature app defines its task in its own `tasks.py`, taking the job's id, and calls `run` with
the function that does the work:

    @task()
    def import_catalogue(job_id: str) -> None:
        jobs.run(job_id, _import)

`run` marks the job running, activates the requester's language, and turns what the work raises
into the French reason the person reads: a ValidationError's messages, a refusal, a `Failed`; any
other exception becomes a general message (its traceback goes to the log and to the task's own
result, never to the page).
"""

import logging
import time
import uuid
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .kinds import RULES
from .models import Job

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 0.5  # seconds between two progress writes: the page polls every second
PREVIEW_VALID = timedelta(hours=24)  # an import's preview may be confirmed for this long


class Failed(Exception):
    """The work stops with this French reason (e.g. a refused archive)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _target(kind: str, workshop, process):
    target = RULES[kind].target
    return {"workshop": workshop, "process": process}.get(target) if target else None


def allowed(user, job: Job) -> bool:
    """Whether `user` may follow `job` and download its result: its requester (anyone, for a
    job nobody asked for by name), while they still hold the kind's permission."""
    if job.requested_by_id is not None and job.requested_by_id != getattr(user, "pk", None):
        return False
    rule = RULES[job.kind]
    if rule.permission is None:
        return True
    return user.has_perm(rule.permission, _target(job.kind, job.workshop, job.process))


def kept_preview(user, job_id, *, kind: str, **filters) -> Job | None:
    """The finished preview of an import that `job_id` names, whose uploaded file still waits
    in its folder for the confirmation; None for any other id (malformed, unknown, another
    person's, of another target, older than PREVIEW_VALID, cancelled).

    The job's id is the token an import's confirmation sends: random (a UUID4), bound to its
    requester and its target (`filters`, e.g. `workshop=`), expiring; the file itself never
    leaves the server, so there is nothing in the page to sign or forge."""
    try:
        job_id = uuid.UUID(str(job_id))
    except ValueError:
        return None
    job = Job.objects.filter(
        pk=job_id,
        kind=kind,
        status=Job.Status.DONE,
        finished_at__gte=timezone.now() - PREVIEW_VALID,
        **filters,
    ).first()
    if job is None or not allowed(user, job) or not job.input_path.exists():
        return None
    return job


def started_from(user, preview: Job, *, kind: str) -> Job | None:
    """The import already started from `preview` (a double click, the back button), if any."""
    job = Job.objects.filter(
        kind=kind,
        workshop=preview.workshop,
        process=preview.process,
        params__preview=str(preview.pk),
    ).first()
    return job if job is not None and allowed(user, job) else None


def start(
    task,
    *,
    kind: str,
    actor,
    workshop=None,
    process=None,
    params: dict | None = None,
    upload: bytes | None = None,
    back_url: str = "",
) -> Job:
    """Queue `task` for a new job and return the job; the same request again while a job of
    that person, kind, target and parameters is still waiting or running returns that job."""
    rule = RULES[kind]
    if rule.permission and not actor.has_perm(rule.permission, _target(kind, workshop, process)):
        raise PermissionDenied(_("Vous n'avez pas le droit de lancer ce travail."))
    requester = actor if actor.is_authenticated else None
    params = {**(params or {}), "language": translation.get_language() or settings.LANGUAGE_CODE}
    if upload is None:
        waiting = Job.objects.unfinished().filter(
            kind=kind, requested_by=requester, workshop=workshop, process=process
        )
        for job in waiting:
            if job.params == params:
                return job
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            requested_by=requester,
            workshop=workshop,
            process=process,
            params=params,
            back_url=back_url,
        )
        if upload is not None:
            job.folder.mkdir(parents=True, exist_ok=True)
            job.input_path.write_bytes(upload)
        # In the same transaction: the worker sees the task only once the job exists.
        result = task.enqueue(str(job.pk))
        Job.objects.filter(pk=job.pk).update(task_id=result.id)
    job.refresh_from_db()
    return job


class Work:
    """What a running task sees of its job."""

    def __init__(self, job: Job):
        self.job = job
        self._reported = 0.0

    @property
    def actor(self):
        return self.job.requested_by or AnonymousUser()

    def read_input(self) -> bytes:
        return self.job.input_path.read_bytes()

    def progress(self, done: int, total: int = 0, step: str | None = None) -> None:
        """Rows (or steps) done out of `total` (0: unknown); written at most twice a second.
        Never call it inside a transaction: nobody would see it before the commit."""
        now = time.monotonic()
        if now - self._reported < PROGRESS_EVERY and step is None:
            return
        self._reported = now
        fields = {"done": done, "total": total}
        if step is not None:
            fields["step"] = step
        Job.objects.filter(pk=self.job.pk).update(**fields)

    def keep_file(self, body: bytes, name: str, content_type: str) -> None:
        """The job's result: a file its requester downloads from the job's page."""
        self.job.folder.mkdir(parents=True, exist_ok=True)
        self.job.result_path.write_bytes(body)
        self.job.file_name, self.job.content_type = name, content_type

    def finish(
        self,
        *,
        summary: str = "",
        next_url: str = "",
        next_label: str = "",
        open_next=False,
        outcome: dict | None = None,
    ) -> None:
        """What the page says once the job is done, where the person goes next, and what an API
        client reads (`outcome`)."""
        self.job.summary, self.job.next_url, self.job.next_label = summary, next_url, next_label
        self.job.open_next, self.job.outcome = open_next, outcome or {}


def _fail(job: Job, messages: list[str]) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.FAILED, error="\n".join(messages), finished_at=timezone.now()
    )


def _unexpected() -> str:
    return _(
        "Une erreur inattendue a interrompu ce travail ; rien n'a été enregistré. Réessayez, et "
        "si l'erreur revient, signalez-la à la personne qui administre ce serveur."
    )


def run(job_id: str, work: Callable[[Work], None]) -> None:
    """Do `work` for the job `job_id` (from the worker), recording its outcome on the job."""
    prune()
    job = (
        Job.objects.select_related("requested_by", "workshop", "process").filter(pk=job_id).first()
    )
    if job is None or job.finished:  # deleted meanwhile, or already run
        return
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=timezone.now())
    current = Work(job)
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        try:
            work(current)
        except ValidationError as error:
            _fail(job, error.messages)
        except PermissionDenied as error:
            _fail(job, [str(error) or _("Vous n'avez pas le droit de faire cela.")])
        except Failed as error:
            _fail(job, [error.message])
        except Exception:
            logger.exception("Job %s (%s) failed", job.pk, job.kind)
            _fail(job, [_unexpected()])
            raise
        else:
            Job.objects.filter(pk=job.pk).update(
                status=Job.Status.DONE,
                finished_at=timezone.now(),
                summary=job.summary,
                next_url=job.next_url,
                next_label=job.next_label,
                open_next=job.open_next,
                outcome=job.outcome,
                file_name=job.file_name,
                content_type=job.content_type,
            )


def prune() -> int:
    """Forget the jobs finished more than JOBS_KEEP_DAYS ago, and their files."""
    expired = list(Job.objects.expired())
    for job in expired:
        job.remove_files()
    Job.objects.filter(pk__in=[j.pk for j in expired]).delete()
    return len(expired)
