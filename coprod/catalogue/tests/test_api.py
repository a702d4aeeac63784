"""API v1 for the catalogue: participants and facilitators read, facilitators write."""

import pytest

from coprod.catalogue.models import Action
from coprod.catalogue.services.actions import save_action
from coprod.testing.api import bearer
from coprod.testing.factories import ActionFactory, ParticipantFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def url(workshop, tail=""):
    return f"/api/v1/workshops/{workshop.pk}/actions{tail}"


@pytest.fixture
def phone_token(workshop):
    ParticipantFactory(workshop=workshop, token="jeton-alice")
    return "jeton-alice"


@pytest.fixture
def actions(process, facilitator, publics, items):
    return [
        save_action(
            process,
            actor=facilitator,
            data={
                "title": "Épicerie itinérante",
                "publics": [publics[2].pk],
                "links": "https://example.org/e",
                "priority_items": [items[1].pk],
            },
        ),
        save_action(process, actor=facilitator, data={"title": "Transport", "status": "planned"}),
    ]


def test_a_participant_searches_the_catalogue_of_its_workshop(
    client, workshop, actions, phone_token
):
    response = client.get(url(workshop), {"q": "EPICERIE"}, headers=bearer(phone_token))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    found = body["items"][0]
    assert found["title"] == "Épicerie itinérante"
    assert found["publics"] == [{"id": actions[0].publics.get().pk, "name": "Personnes âgées"}]
    assert found["links"] == ["https://example.org/e"]
    assert found["status_label"] == "en cours"


def test_filters_and_paging(client, workshop, actions, facilitator_token):
    listed = client.get(url(workshop), {"status": "planned"}, headers=bearer(facilitator_token))
    assert [a["title"] for a in listed.json()["items"]] == ["Transport"]
    page = client.get(url(workshop), {"limit": 1, "offset": 1}, headers=bearer(facilitator_token))
    assert page.json()["count"] == 2 and [a["title"] for a in page.json()["items"]] == ["Transport"]


def test_get_one_action(client, workshop, actions, phone_token):
    response = client.get(url(workshop, f"/{actions[0].pk}"), headers=bearer(phone_token))
    assert response.status_code == 200 and response.json()["id"] == actions[0].pk


def test_another_process_s_action_is_not_found_from_this_workshop(
    client, workshop, facilitator, facilitator_token
):
    foreign = ActionFactory()
    response = client.get(url(workshop, f"/{foreign.pk}"), headers=bearer(facilitator_token))
    assert response.status_code == 404
    assert response.json() == {"detail": "Cette action n'est pas dans le catalogue de cet atelier."}


def test_tokens_of_another_workshop_get_403(client, actions, phone_token, facilitator_token):
    elsewhere = WorkshopFactory()
    for token in (phone_token, facilitator_token):
        response = client.get(url(elsewhere), headers=bearer(token))
        assert response.status_code == 403
        assert response.json()["detail"] == "Ce jeton ne donne pas accès à cet atelier."


def test_facilitator_creates_and_updates_an_action(
    client, workshop, facilitator_token, publics, items
):
    body = {
        "title": "Bus France services",
        "publics": [publics[0].pk],
        "scope": "tout le parc",
        "started_on": "2026-01-01",
        "links": ["https://example.org/bus"],
        "priority_items": [items[1].pk],
    }
    created = client.post(
        url(workshop), body, content_type="application/json", headers=bearer(facilitator_token)
    )
    assert created.status_code == 201, created.json()
    action = Action.objects.get()
    assert (action.scope, action.links) == ("park", "https://example.org/bus")
    assert created.json()["priority_items"] == [items[1].pk]
    body.update(status="ended", publics=[])
    updated = client.put(
        url(workshop, f"/{action.pk}"),
        body,
        content_type="application/json",
        headers=bearer(facilitator_token),
    )
    assert updated.status_code == 200
    assert updated.json()["status"] == "ended" and updated.json()["publics"] == []


def test_validation_errors_are_french(client, workshop, facilitator_token, actions):
    response = client.post(
        url(workshop),
        {"title": "Épicerie itinérante", "links": ["ftp://x"]},
        content_type="application/json",
        headers=bearer(facilitator_token),
    )
    assert response.status_code == 400
    assert "Lien invalide : « ftp://x »" in response.json()["detail"]
    response = client.post(
        url(workshop),
        {"title": "Épicerie itinérante"},
        content_type="application/json",
        headers=bearer(facilitator_token),
    )
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "L'action « Épicerie itinérante » (sans structure porteuse) est déjà au catalogue."
    )
    response = client.post(
        url(workshop), {}, content_type="application/json", headers=bearer(facilitator_token)
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "Le champ « title » est obligatoire."


def test_participants_cannot_write(client, workshop, phone_token, actions):
    response = client.post(
        url(workshop), {"title": "x"}, content_type="application/json", headers=bearer(phone_token)
    )
    assert response.status_code == 403
    assert "jeton de participant" in response.json()["detail"]
    response = client.put(
        url(workshop, f"/{actions[0].pk}"),
        {"title": "x"},
        content_type="application/json",
        headers=bearer(phone_token),
    )
    assert response.status_code == 403


def test_no_token_is_401(client, workshop):
    assert client.get(url(workshop)).status_code == 401
