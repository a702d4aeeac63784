"""API v1 for restitutions: documents and open data of a workshop and of a process."""

import io
import zipfile

import pytest
from pypdf import PdfReader

from coprod.accounts.services import create_api_token
from coprod.restitution.typography import french
from coprod.testing.api import bearer
from coprod.testing.factories import (
    ParticipantFactory,
    ProcessFactory,
    UserFactory,
    WorkshopFactory,
)
from coprod.testing.jobs import api_job_result
from coprod.testing.process_scenario import run_process

pytestmark = pytest.mark.django_db

PDF = "application/pdf"
ODT = "application/vnd.oasis.opendocument.text"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def participant_token(workshop):
    ParticipantFactory(workshop=workshop, token="jeton-de-jeanne")
    return "jeton-de-jeanne"


@pytest.mark.parametrize(
    ("fmt", "content_type", "magic"),
    [("pdf", PDF, b"%PDF"), ("odt", ODT, b"PK"), ("docx", DOCX, b"PK"), ("md", None, b"# ")],
)
def test_workshop_document_in_each_format(
    client, workshop, facilitator_token, fmt, content_type, magic
):
    response = api_job_result(
        client,
        f"/api/v1/workshops/{workshop.pk}/restitution?format={fmt}",
        bearer(facilitator_token),
    )
    assert response["Content-Type"] == (content_type or "text/markdown; charset=utf-8")
    name = workshop.title.lower().replace(" ", "-")
    assert response["Content-Disposition"] == f'attachment; filename="restitution-{name}.{fmt}"'
    assert response.content.startswith(magic)


def test_workshop_pdf_by_default_opens(client, complete, facilitator_token):  # noqa: F811
    response = api_job_result(
        client, f"/api/v1/workshops/{complete.workshop.pk}/restitution", bearer(facilitator_token)
    )
    reader = PdfReader(io.BytesIO(response.content))
    assert "Participants" in "".join(page.extract_text() for page in reader.pages)


def test_unknown_format_is_422_in_french(client, workshop, facilitator_token):
    response = client.get(
        f"/api/v1/workshops/{workshop.pk}/restitution?format=rtf", headers=bearer(facilitator_token)
    )
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "Format inconnu : « rtf ». Formats possibles : pdf, odt, docx, md."
    )


def test_participant_token_is_refused(client, workshop, participant_token):
    for path in ("restitution?format=md", "data.json", "data.zip"):
        response = client.get(
            f"/api/v1/workshops/{workshop.pk}/{path}", headers=bearer(participant_token)
        )
        assert response.status_code == 403
        assert "réservée aux animateurs" in response.json()["detail"]
    response = client.get(
        f"/api/v1/processes/{workshop.process_id}/restitution?format=md",
        headers=bearer(participant_token),
    )
    assert response.status_code == 403


def test_other_facilitator_refused_and_no_token_401(client, workshop):
    other = create_api_token(UserFactory(username="ailleurs"))
    path = f"/api/v1/workshops/{workshop.pk}/data.json"
    assert client.get(path, headers=bearer(other)).status_code == 403
    assert client.get(path).status_code == 401
    assert (
        client.get("/api/v1/workshops/999999/data.json", headers=bearer(other)).status_code == 404
    )


def test_workshop_open_data(client, workshop, facilitator_token):
    response = client.get(
        f"/api/v1/workshops/{workshop.pk}/data.json", headers=bearer(facilitator_token)
    )
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["workshop"]["title"] == workshop.title
    response = api_job_result(
        client, f"/api/v1/workshops/{workshop.pk}/data.zip", bearer(facilitator_token)
    )
    assert response["Content-Type"] == "application/zip"
    assert "participants.csv" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()


def test_process_document_and_open_data(client, complete, facilitator_token):  # noqa: F811
    run = run_process(complete)
    base = f"/api/v1/processes/{run.process.pk}"
    response = api_job_result(client, f"{base}/restitution?format=pdf", bearer(facilitator_token))
    assert response["Content-Type"] == PDF
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Des items plébiscités aux projets" in text
    response = api_job_result(
        client, f"{base}/restitution?format=md&public=true", bearer(facilitator_token)
    )
    assert response["Content-Disposition"].endswith('-public.md"')
    assert all(french(w.title) in response.content.decode() for w in run.workshops)
    body = client.get(f"{base}/data.json", headers=bearer(facilitator_token)).json()
    assert [w["number"] for w in body["workshops"]] == [1, 2, 3]
    response = api_job_result(client, f"{base}/data.zip", bearer(facilitator_token))
    assert "demarche_liens.csv" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    response = client.get(f"{base}/restitution?format=html", headers=bearer(facilitator_token))
    assert response.status_code == 422


def test_process_owner_yes_stranger_no(client, db):
    owner, stranger = UserFactory(username="chargee"), UserFactory(username="inconnu")
    process = ProcessFactory(owners=[owner])
    WorkshopFactory(facilitators=[stranger])  # of another process
    path = f"/api/v1/processes/{process.pk}/data.json"
    assert client.get(path, headers=bearer(create_api_token(owner))).status_code == 200
    response = client.get(path, headers=bearer(create_api_token(stranger)))
    assert response.status_code == 403
    assert "chargés de mission" in response.json()["detail"]


def test_paths_are_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/workshops/{workshop_id}/restitution",
        "/api/v1/workshops/{workshop_id}/data.json",
        "/api/v1/workshops/{workshop_id}/data.zip",
        "/api/v1/processes/{process_id}/restitution",
        "/api/v1/processes/{process_id}/data.json",
        "/api/v1/processes/{process_id}/data.zip",
    ):
        assert path in schema["paths"], path
    operation = schema["paths"]["/api/v1/processes/{process_id}/restitution"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"process_id", "format", "public"}
    assert (
        "JobOut" in operation["responses"]["202"]["content"]["application/json"]["schema"]["$ref"]
    )
    assert "403" in operation["responses"] and "422" in operation["responses"]
    job = schema["paths"]["/api/v1/jobs/{job_id}"]["get"]
    assert {"200", "401", "404"} <= set(job["responses"])
    assert "/api/v1/jobs/{job_id}/file" in schema["paths"]
