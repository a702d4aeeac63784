"""API v1: a workshop's archive out (GET …/archive.zip) and in (POST /archives)."""

import io
import zipfile

import pytest

from coprod.accounts.services import create_api_token
from coprod.testing.api import bearer
from coprod.testing.factories import ParticipantFactory
from coprod.testing.jobs import api_job_result
from coprod.workshops.models import Workshop

pytestmark = pytest.mark.django_db


def export(client, workshop, token):
    return client.get(f"/api/v1/workshops/{workshop.pk}/archive.zip", headers=bearer(token))


def upload(client, token, body: bytes):
    archive = io.BytesIO(body)
    archive.name = "atelier.zip"
    return client.post("/api/v1/archives", {"file": archive}, headers=bearer(token))


def finished(client, token, response) -> dict:
    """The job an import answered with (202), once done or failed."""
    assert response.status_code == 202, response.content
    return client.get(response.json()["url"], headers=bearer(token)).json()


def exported(client, workshop, token) -> bytes:
    path = f"/api/v1/workshops/{workshop.pk}/archive.zip"
    return api_job_result(client, path, bearer(token)).content


def test_export_then_import_replaces_the_same_workshop(client, workshop, facilitator_token):
    response = api_job_result(
        client, f"/api/v1/workshops/{workshop.pk}/archive.zip", bearer(facilitator_token)
    )
    assert response["Content-Type"] == "application/zip"
    assert "manifest.json" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    workshops_before = Workshop.objects.count()

    job = finished(client, facilitator_token, upload(client, facilitator_token, response.content))

    assert job["status"] == "done"
    assert job["outcome"] == {"workshop": workshop.pk, "replaced": True, "process_created": False}
    assert Workshop.objects.count() == workshops_before


def test_a_modified_archive_is_refused_in_french(client, workshop, facilitator_token):
    body = exported(client, workshop, facilitator_token)
    tampered = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(body)) as src, zipfile.ZipFile(tampered, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "workshop.json":
                data = data.replace(workshop.title.encode(), b"Atelier falsifie")
            dst.writestr(name, data)

    job = finished(
        client, facilitator_token, upload(client, facilitator_token, tampered.getvalue())
    )

    assert job["status"] == "failed"
    assert job["errors"][0].startswith("Cette archive a été modifiée depuis son export")
    workshop.refresh_from_db()
    assert workshop.title != "Atelier falsifie"


def test_participants_and_strangers_cannot_take_a_workshop(
    client, workshop, facilitator_token, stranger
):
    ParticipantFactory(workshop=workshop, token="jeton-de-jeanne")
    body = exported(client, workshop, facilitator_token)
    assert export(client, workshop, "jeton-de-jeanne").status_code == 403
    assert upload(client, "jeton-de-jeanne", body).status_code == 403
    assert export(client, workshop, create_api_token(stranger)).status_code == 403
    assert client.get(f"/api/v1/workshops/{workshop.pk}/archive.zip").status_code == 401


def test_the_schema_lists_the_archive_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/workshops/{workshop_id}/archive.zip" in paths
    assert "post" in paths["/api/v1/archives"]
