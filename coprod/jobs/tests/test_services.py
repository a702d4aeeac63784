"""Starting a job and what a task's outcome leaves on it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from coprod.jobs import services as jobs
from coprod.jobs.kinds import Kind
from coprod.jobs.models import Job

from . import tasks

pytestmark = pytest.mark.django_db


def start(task, workshop, actor, **kwargs) -> Job:
    return jobs.start(task, kind=Kind.WORKSHOP_DOCUMENT, actor=actor, workshop=workshop, **kwargs)


def test_a_finished_job_keeps_its_file_summary_and_next_page(workshop, facilitator):
    job = start(tasks.document, workshop, facilitator, params={"format": "pdf"})
    assert job.status == Job.Status.DONE
    assert job.result_path.read_bytes() == b"%PDF-1.7 test"
    assert (job.file_name, job.content_type) == ("restitution-atelier.pdf", "application/pdf")
    assert (job.summary, job.next_url, job.next_label) == (
        "Document prêt.",
        "/ateliers/",
        "Mes ateliers",
    )
    assert job.requested_by == facilitator and job.params["language"] == "fr"


def test_a_refusal_is_kept_in_french_line_by_line(workshop, facilitator):
    job = start(tasks.refuse, workshop, facilitator)
    assert job.status == Job.Status.FAILED
    assert job.errors == ["Ligne 3 : titre manquant.", "Ligne 7 : date illisible."]
    assert job.finished_at is not None


def test_an_unexpected_error_says_so_without_the_traceback(workshop, facilitator, caplog):
    job = start(tasks.crash, workshop, facilitator)
    assert job.status == Job.Status.FAILED
    assert job.errors == [
        "Une erreur inattendue a interrompu ce travail ; rien n'a été enregistré. Réessayez, et "
        "si l'erreur revient, signalez-la à la personne qui administre ce serveur."
    ]
    assert "secret.py" not in job.error
    assert "secret.py" in caplog.text  # the log keeps it for whoever runs the server


def test_only_someone_allowed_may_start_it(workshop, stranger):
    with pytest.raises(PermissionDenied):
        start(tasks.document, workshop, stranger)
    assert not Job.objects.exists()


def test_the_same_request_while_it_waits_is_the_same_job(workshop, facilitator, settings):
    """Clicking « PDF » twice (or an API client retrying) queues one document, not two."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    first = start(tasks.document, workshop, facilitator, params={"format": "pdf"})
    again = start(tasks.document, workshop, facilitator, params={"format": "pdf"})
    other = start(tasks.document, workshop, facilitator, params={"format": "odt"})
    assert first.status == Job.Status.QUEUED and first.task_id
    assert again.pk == first.pk
    assert other.pk != first.pk


def test_an_upload_waits_in_the_jobs_folder(workshop, facilitator, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = start(tasks.document, workshop, facilitator, upload=b"Titre\nEpicerie\n")
    assert job.input_path.read_bytes() == b"Titre\nEpicerie\n"


def test_jobs_finished_days_ago_are_forgotten_with_their_files(workshop, facilitator, settings):
    old = start(tasks.document, workshop, facilitator, params={"format": "pdf"})
    recent = start(tasks.document, workshop, facilitator, params={"format": "md"})
    long_ago = timezone.now() - datetime.timedelta(days=settings.JOBS_KEEP_DAYS, hours=1)
    Job.objects.filter(pk=old.pk).update(finished_at=long_ago)
    assert jobs.prune() == 1
    assert not old.folder.exists() and not Job.objects.filter(pk=old.pk).exists()
    assert recent.result_path.exists()
