"""API v1: a workshop's archive out (GET …/archive.zip) and in (POST /archives)."""

import io
import zipfile

import pytest

from coprod.accounts.services import create_api_token
from coprod.core.tests.api import bearer
from coprod.participants.tests.factories import ParticipantFactory
from coprod.workshops.models import Workshop

pytestmark = pytest.mark.django_db


def export(client, workshop, token):
    return client.get(f"/api/v1/workshops/{workshop.pk}/archive.zip", headers=bearer(token))


def upload(client, token, body: bytes):
    archive = io.BytesIO(body)
    archive.name = "atelier.zip"
    return client.post("/api/v1/archives", {"file": archive}, headers=bearer(token))


def test_export_then_import_replaces_the_same_workshop(client, workshop, facilitator_token):
    response = export(client, workshop, facilitator_token)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "manifest.json" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    workshops_before = Workshop.objects.count()

    imported = upload(client, facilitator_token, response.content)

    assert imported.status_code == 201
    assert imported.json() == {"workshop": workshop.pk, "replaced": True, "process_created": False}
    assert Workshop.objects.count() == workshops_before


def test_a_modified_archive_is_refused_in_french(client, workshop, facilitator_token):
    body = export(client, workshop, facilitator_token).content
    tampered = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(body)) as src, zipfile.ZipFile(tampered, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "workshop.json":
                data = data.replace(workshop.title.encode(), b"Atelier falsifie")
            dst.writestr(name, data)

    response = upload(client, facilitator_token, tampered.getvalue())

    assert response.status_code == 400
    assert response.json()["detail"].startswith("Cette archive a été modifiée depuis son export")
    workshop.refresh_from_db()
    assert workshop.title != "Atelier falsifie"


def test_participants_and_strangers_cannot_take_a_workshop(
    client, workshop, facilitator_token, stranger
):
    ParticipantFactory(workshop=workshop, token="jeton-de-jeanne")
    body = export(client, workshop, facilitator_token).content
    assert export(client, workshop, "jeton-de-jeanne").status_code == 403
    assert upload(client, "jeton-de-jeanne", body).status_code == 403
    assert export(client, workshop, create_api_token(stranger)).status_code == 403
    assert client.get(f"/api/v1/workshops/{workshop.pk}/archive.zip").status_code == 401


def test_the_schema_lists_the_archive_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/workshops/{workshop_id}/archive.zip" in paths
    assert "post" in paths["/api/v1/archives"]
