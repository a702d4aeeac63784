"""The archive download (facilitators only) and the import page (signed-in accounts)."""

import io

import pytest
from django.urls import reverse

from coprod.archives import services
from coprod.participants.session import remember_participant
from coprod.testing.jobs import job_result, started_job
from coprod.workshops.models import Workshop

from .conftest import read_data, row_counts

pytestmark = pytest.mark.django_db


def export_url(workshop) -> str:
    return reverse("archives:export", args=[workshop.pk])


IMPORT_URL = "/ateliers/importer/"


def upload(body: bytes, name="atelier.zip"):
    handle = io.BytesIO(body)
    handle.name = name
    return handle


def job_page(client, response) -> str:
    job = started_job(response)
    return client.get(reverse("jobs:job", args=[job.pk])).content.decode()


def test_a_facilitator_downloads_the_archive(facilitator_client, complete):
    response = job_result(facilitator_client, export_url(complete.workshop))
    assert response["Content-Type"] == "application/zip"
    assert 'attachment; filename="archive-atelier-' in response["Content-Disposition"]
    data = read_data(response.content)
    assert data["tables"]["workshops.workshop"][0]["uuid"] == str(complete.workshop.uuid)


def test_participants_strangers_and_anonymous_cannot_download(client, stranger, complete):
    workshop = complete.workshop
    session = client.session
    remember_participant(session, complete.people[0])
    session.save()
    response = client.get(export_url(workshop))  # a participant's phone: no account
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]
    client.force_login(stranger)
    assert client.get(export_url(workshop)).status_code == 403
    assert client.get(reverse("archives:export", args=[workshop.pk + 999])).status_code == 404


def test_anonymous_visitors_cannot_import(client, complete, facilitator):
    body = services.export_workshop(complete.workshop, actor=facilitator).body
    assert client.get(IMPORT_URL).status_code == 302
    before = row_counts()
    response = client.post(IMPORT_URL, {"file": upload(body)})
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]
    assert row_counts() == before


def test_the_import_page_has_a_labelled_file_field(facilitator_client):
    response = facilitator_client.get(IMPORT_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_file">' in html and 'type="file"' in html
    assert 'enctype="multipart/form-data"' in html


def test_importing_shows_a_link_to_the_workshop(facilitator_client, complete, facilitator):
    complete.workshop.process.owners.add(facilitator)
    body = services.export_workshop(complete.workshop, actor=facilitator).body
    complete.workshop.delete()
    page = job_page(facilitator_client, facilitator_client.post(IMPORT_URL, {"file": upload(body)}))
    imported = Workshop.objects.get(uuid=complete.workshop.uuid)
    assert "a été créé sur ce serveur." in page
    assert f'href="{imported.get_absolute_url()}"' in page
    assert "2 actions du catalogue déjà connues ont été reprises" in page


def test_reimporting_says_the_workshop_was_replaced(facilitator_client, complete, facilitator):
    body = services.export_workshop(complete.workshop, actor=facilitator).body
    page = job_page(facilitator_client, facilitator_client.post(IMPORT_URL, {"file": upload(body)}))
    assert "a été remplacé par le contenu de l&#x27;archive." in page


def test_a_refused_archive_is_explained_on_the_jobs_page(facilitator_client):
    before = row_counts()
    response = facilitator_client.post(IMPORT_URL, {"file": upload(b"pas une archive")})
    page = job_page(facilitator_client, response)
    assert "Ce fichier n&#x27;est pas une archive d&#x27;atelier coprod lisible." in page
    assert f'href="{IMPORT_URL}"' in page  # back to the form
    assert row_counts() == before


def test_the_file_is_required(facilitator_client):
    response = facilitator_client.post(IMPORT_URL, {})
    assert response.status_code == 400
    assert "Choisissez l&#x27;archive à importer." in response.content.decode()


def test_a_stranger_cannot_replace_someone_elses_workshop(client, stranger, complete, facilitator):
    body = services.export_workshop(complete.workshop, actor=facilitator).body
    client.force_login(stranger)
    before = row_counts()
    page = job_page(client, client.post(IMPORT_URL, {"file": upload(body)}))
    assert "existe déjà sur ce serveur" in page
    assert row_counts() == before
