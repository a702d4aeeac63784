"""API v1 for the action sheets: phones write with their token, facilitators with theirs."""

import pytest

from coprod.accounts.services import create_api_token
from coprod.action_sheets import services
from coprod.action_sheets.fields import FIELDS
from coprod.action_sheets.models import Referent, Revision
from coprod.processes.models import TargetPublic
from coprod.testing.api import bearer
from coprod.testing.factories import ParticipantFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_token(workshop):
    ParticipantFactory(workshop=workshop, name="Alice", token="jeton-alice")
    return "jeton-alice"


def base(workshop, sheet=None):
    url = f"/api/v1/workshops/{workshop.pk}/sheets"
    return f"{url}/{sheet.pk}" if sheet else url


def patch(client, url, body, token):
    return client.patch(url, body, content_type="application/json", headers=bearer(token))


def post(client, url, body, token):
    return client.post(url, body, content_type="application/json", headers=bearer(token))


def test_list_sheets_with_completeness(client, workshop, sheet, alice_token, facilitator):
    services.save_field(sheet, "title", value="Navette", base_version=0, actor=facilitator)
    response = client.get(base(workshop), headers=bearer(alice_token))
    assert response.status_code == 200
    [row] = response.json()
    assert row["number"] == 1 and row["title"] == "Navette"
    assert row["completeness"]["missing"][0] == "Objectif"
    assert 0 < row["completeness"]["share"] < 1
    assert row["last_author"] == "camille"


def test_get_one_sheet_with_every_field(client, workshop, sheet, alice_token):
    data = client.get(base(workshop, sheet), headers=bearer(alice_token)).json()
    assert [f["name"] for f in data["fields"]] == [f.name for f in FIELDS]
    publics = next(f for f in data["fields"] if f["name"] == "publics")
    assert publics["value"] == [] and publics["version"] == 0 and publics["kind"] == "publics"


def test_participant_patches_a_field_then_gets_a_conflict(
    client, workshop, sheet, alice_token, facilitator, projects_step
):
    url = f"{base(workshop, sheet)}/fields/objective"
    response = patch(client, url, {"value": "Relier", "base_version": 0}, alice_token)
    assert response.status_code == 200
    assert response.json()["version"] == 1 and response.json()["author_name"] == "Alice"
    services.save_field(sheet, "objective", value="Autre", base_version=1, actor=facilitator)
    response = patch(client, url, {"value": "Relier les villages", "base_version": 1}, alice_token)
    assert response.status_code == 409
    body = response.json()
    assert "pendant que vous écriviez" in body["detail"]
    assert body["conflict"]["theirs"] == "Autre"
    assert body["conflict"]["mine"] == "Relier les villages"
    assert body["conflict"]["their_version"] == 2
    assert body["current"]["value"] == "Autre"
    assert Revision.objects.count() == 2


def test_list_field_takes_ids(client, workshop, sheet, facilitator_token):
    public = TargetPublic.objects.create(process=workshop.process, name="Jeunes")
    url = f"{base(workshop, sheet)}/fields/publics"
    response = patch(client, url, {"value": [public.pk], "base_version": 0}, facilitator_token)
    assert response.status_code == 200 and response.json()["value"] == [public.pk]
    response = patch(client, url, {"value": [999999], "base_version": 1}, facilitator_token)
    assert response.status_code == 400
    assert "ne fait pas partie de la démarche" in response.json()["detail"]


def test_errors_are_french(client, workshop, sheet, alice_token, facilitator_token, run_to):
    url = f"{base(workshop, sheet)}/fields/title"
    run_to(workshop, "orientation")
    response = patch(client, url, {"value": "x", "base_version": 0}, alice_token)
    assert response.status_code == 400
    assert "construction des projets" in response.json()["detail"]
    response = patch(client, url, {"value": "x" * 201, "base_version": 0}, facilitator_token)
    assert response.status_code == 400 and "200 caractères" in response.json()["detail"]
    response = patch(
        client,
        f"{base(workshop, sheet)}/fields/nope",
        {"value": "x", "base_version": 0},
        facilitator_token,
    )
    assert response.status_code == 404 and "n'a pas de champ" in response.json()["detail"]
    response = patch(client, url, {"value": "x"}, facilitator_token)
    assert response.status_code == 422


def test_participant_token_only_within_its_workshop(client, alice_token):
    other = WorkshopFactory()
    assert client.get(base(other), headers=bearer(alice_token)).status_code == 403


def test_facilitator_token_of_another_workshop_is_refused(client, workshop, sheet, stranger):
    token = create_api_token(stranger)
    assert client.get(base(workshop, sheet), headers=bearer(token)).status_code == 403


def test_comments_and_critique_rule(client, workshop, sheet, alice_token, projects_step):
    url = f"{base(workshop, sheet)}/comments"
    response = post(client, url, {"text": "Trop cher", "is_critique": True}, alice_token)
    assert response.status_code == 400
    assert "Toute critique doit être associée à une suggestion" in response.json()["detail"]
    response = post(
        client,
        url,
        {"text": "Trop cher", "is_critique": True, "suggestion": "Un LEADER", "field": "means"},
        alice_token,
    )
    assert response.status_code == 201
    [comment] = client.get(url, headers=bearer(alice_token)).json()
    assert comment["suggestion"] == "Un LEADER" and comment["author_name"] == "Alice"


def test_history_and_restore(client, workshop, sheet, facilitator_token, facilitator):
    services.save_field(sheet, "objective", value="Un", base_version=0, actor=facilitator)
    services.save_field(sheet, "objective", value="Deux", base_version=1, actor=facilitator)
    revisions = client.get(
        f"{base(workshop, sheet)}/history?field=objective", headers=bearer(facilitator_token)
    ).json()
    assert [r["value"] for r in revisions] == ["Deux", "Un"]
    response = post(
        client,
        f"{base(workshop, sheet)}/history/{revisions[1]['id']}/restore",
        {},
        facilitator_token,
    )
    assert response.status_code == 200
    assert response.json()["value"] == "Un" and response.json()["version"] == 3


def test_referents_are_designated_by_facilitators(client, workshop, alice_token, facilitator_token):
    alice = workshop.participants.get(name="Alice")
    bruno = ParticipantFactory(workshop=workshop, name="Bruno")
    url = f"/api/v1/workshops/{workshop.pk}/referents"
    body = {"participants": [alice.pk, bruno.pk]}
    response = client.put(url, body, content_type="application/json", headers=bearer(alice_token))
    assert response.status_code == 403
    response = client.put(
        url,
        {"participants": [alice.pk]},
        content_type="application/json",
        headers=bearer(facilitator_token),
    )
    assert response.status_code == 400 and "deux personnes" in response.json()["detail"]
    response = client.put(
        url, body, content_type="application/json", headers=bearer(facilitator_token)
    )
    assert response.status_code == 200
    assert [r["name"] for r in response.json()] == ["Alice", "Bruno"]
    assert [r["name"] for r in client.get(url, headers=bearer(alice_token)).json()] == [
        "Alice",
        "Bruno",
    ]
    assert Referent.objects.count() == 2


def test_openapi_lists_the_sheet_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/workshops/{workshop_id}/sheets/{sheet_id}/fields/{name}" in paths
    assert (
        "409"
        in paths["/api/v1/workshops/{workshop_id}/sheets/{sheet_id}/fields/{name}"]["patch"][
            "responses"
        ]
    )
