"""A job's page and its file: who sees them, what they say at each stage."""

import pytest
from django.test import Client
from django.urls import reverse

from coprod.jobs import services as jobs
from coprod.jobs.kinds import Kind
from coprod.jobs.models import Job

from . import tasks

pytestmark = pytest.mark.django_db


def start(task, workshop, actor) -> Job:
    return jobs.start(task, kind=Kind.WORKSHOP_DOCUMENT, actor=actor, workshop=workshop)


def page(job) -> str:
    return reverse("jobs:job", args=[job.pk])


def queued_job(workshop, facilitator, settings) -> Job:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return start(tasks.document, workshop, facilitator)


def test_a_waiting_job_refreshes_by_itself(workshop, facilitator, facilitator_client, settings):
    job = queued_job(workshop, facilitator, settings)
    body = facilitator_client.get(page(job)).content.decode()
    assert "En attente : le travail commence dès que le serveur est libre." in body
    assert f'hx-get="{page(job)}"' in body and 'hx-trigger="every 1s"' in body
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in body


def test_progress_shows_how_far_it_is(workshop, facilitator, facilitator_client, settings):
    job = queued_job(workshop, facilitator, settings)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, done=1200, total=20000)
    fragment = facilitator_client.get(page(job), headers={"HX-Request": "true"})
    body = fragment.content.decode()
    assert "<h1>" not in body  # only the status region, swapped in place
    assert '<progress value="1200" max="20000"' in body and "1200 sur 20000" in body


def test_a_done_job_offers_its_file_and_stops_polling(workshop, facilitator, facilitator_client):
    job = start(tasks.document, workshop, facilitator)
    body = facilitator_client.get(page(job)).content.decode()
    assert "Terminé." in body and "Document prêt." in body
    assert "Télécharger restitution-atelier.pdf" in body
    assert "hx-trigger" not in body and "refresh" not in body
    response = facilitator_client.get(reverse("jobs:download", args=[job.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="restitution-atelier.pdf"'
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"


def test_a_failed_job_says_why_in_french(workshop, facilitator, facilitator_client):
    job = start(tasks.refuse, workshop, facilitator)
    body = facilitator_client.get(page(job)).content.decode()
    assert "Ce travail n’a pas abouti :" in body
    assert "<li>Ligne 3 : titre manquant.</li>" in body
    assert facilitator_client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_nobody_else_sees_the_job_or_its_file(workshop, facilitator, stranger):
    job = start(tasks.document, workshop, facilitator)
    other = Client()
    other.force_login(stranger)
    assert other.get(page(job)).status_code == 404
    assert other.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    anonymous = Client().get(reverse("jobs:download", args=[job.pk]))
    assert anonymous.status_code == 302 and "/compte/connexion/" in anonymous["Location"]


def test_losing_the_right_loses_the_file(workshop, facilitator, facilitator_client):
    """A facilitator taken off the workshop no longer downloads what they had asked for."""
    job = start(tasks.document, workshop, facilitator)
    workshop.facilitators.remove(facilitator)
    assert facilitator_client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
