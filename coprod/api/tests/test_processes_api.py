"""API v1 for processes: details, priority items (order, removal with a move), publics."""

import pytest

from coprod.accounts.services import create_api_token
from coprod.processes import services
from coprod.testing.api import bearer
from coprod.testing.factories import (
    ParticipantFactory,
    PriorityItemFactory,
    ProposalFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(chargee):
    return bearer(create_api_token(chargee))


@pytest.fixture
def process(chargee):
    return services.create_process(
        actor=chargee,
        title="Démarche de progrès du Vexin",
        priority_items=["Mobilité", "Services de proximité", "Insertion"],
        target_publics=["Jeunes"],
    )


@pytest.fixture
def reader(process, facilitator, facilitator_token):
    """A facilitator of one of the process's workshops."""
    WorkshopFactory(process=process, facilitators=[facilitator])
    return bearer(facilitator_token)


@pytest.fixture
def outsider(stranger):
    return bearer(create_api_token(stranger))


def item_ids(process):
    return list(process.priority_items.values_list("pk", flat=True))


def test_create_read_and_edit_a_process(client, owner, outsider):
    created = client.post(
        "/api/v1/processes",
        {
            "title": "Démarche 2027",
            "territory": "Parc naturel régional du Vexin français",
            "starts_on": "2027-01-10",
            "ends_on": "2027-06-30",
        },
        content_type="application/json",
        headers=owner,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["territory"] == "Parc naturel régional du Vexin français"
    assert body["may_edit"] is True and body["expected_participants"] == 60
    url = f"/api/v1/processes/{body['id']}"
    edited = client.patch(
        url, {"description": "Six ateliers."}, content_type="application/json", headers=owner
    )
    assert edited.json()["description"] == "Six ateliers."
    assert edited.json()["title"] == "Démarche 2027"
    backwards = client.patch(
        url, {"ends_on": "2026-01-01"}, content_type="application/json", headers=owner
    )
    assert backwards.status_code == 400
    assert "ne peut pas précéder son début" in backwards.json()["detail"]
    assert [p["id"] for p in client.get("/api/v1/processes", headers=owner).json()] == [body["id"]]
    assert client.get("/api/v1/processes", headers=outsider).json() == []
    assert client.get(url, headers=outsider).status_code == 404
    refused = client.post(
        "/api/v1/processes", {"title": "X"}, content_type="application/json", headers=outsider
    )
    assert refused.status_code == 403
    assert "chargés de mission" in refused.json()["detail"]


def test_facilitators_read_owners_change_others_get_404(client, process, reader, outsider):
    url = f"/api/v1/processes/{process.pk}"
    assert client.get(url, headers=reader).json()["may_edit"] is False
    items = client.get(f"{url}/priority-items", headers=reader).json()
    assert [i["text"] for i in items] == ["Mobilité", "Services de proximité", "Insertion"]
    refused = client.post(
        f"{url}/priority-items", {"text": "Santé"}, content_type="application/json", headers=reader
    )
    assert refused.status_code == 403
    assert "Seuls les chargés de mission" in refused.json()["detail"]
    for path in ("", "/priority-items", "/target-publics"):
        answer = client.get(url + path, headers=outsider)
        assert answer.status_code == 404
        assert answer.json()["detail"].startswith("Introuvable")
    patch = client.patch(url, {"title": "X"}, content_type="application/json", headers=outsider)
    assert patch.status_code == 404


def test_a_participant_token_reaches_no_process(client, process, workshop):
    ParticipantFactory(workshop=workshop, token="jeton-de-jeanne")
    answer = client.get("/api/v1/processes", headers=bearer("jeton-de-jeanne"))
    assert answer.status_code == 403
    assert "participant" in answer.json()["detail"]


def test_items_are_added_renamed_and_reordered(client, process, owner):
    url = f"/api/v1/processes/{process.pk}/priority-items"
    added = client.post(url, {"text": "Santé"}, content_type="application/json", headers=owner)
    assert added.status_code == 201
    assert added.json()["position"] == 4
    health = added.json()["id"]
    renamed = client.patch(
        f"{url}/{health}",
        {"text": "Accès aux soins"},
        content_type="application/json",
        headers=owner,
    )
    assert renamed.json()["text"] == "Accès aux soins"
    too_long = client.post(url, {"text": "x" * 301}, content_type="application/json", headers=owner)
    assert too_long.status_code == 422
    a, b, c, d = item_ids(process)
    for wrong in ([a, b, c], [a, b, c, c], [a, b, c, PriorityItemFactory().pk]):
        answer = client.put(
            f"{url}/order", {"items": wrong}, content_type="application/json", headers=owner
        )
        assert answer.status_code == 400
        assert "une fois chacun" in answer.json()["detail"]
    ordered = client.put(
        f"{url}/order", {"items": [d, a, b, c]}, content_type="application/json", headers=owner
    )
    assert [i["text"] for i in ordered.json()][:2] == ["Accès aux soins", "Mobilité"]
    assert [i["position"] for i in ordered.json()] == [1, 2, 3, 4]


def test_removing_a_used_item_is_a_409_unless_its_proposals_move(client, process, owner, chargee):
    mobility, proximity, _insertion = item_ids(process)
    workshop = WorkshopFactory(process=process, facilitators=[chargee])
    ProposalFactory(workshop=workshop, priority_item_id=mobility)
    url = f"/api/v1/processes/{process.pk}/priority-items/{mobility}"
    refused = client.delete(url, headers=owner)
    assert refused.status_code == 409
    assert "1 proposition est liée" in refused.json()["detail"]
    foreign = PriorityItemFactory().pk
    assert client.delete(f"{url}?move_to={foreign}", headers=owner).status_code == 400
    moved = client.delete(f"{url}?move_to={proximity}", headers=owner)
    assert moved.status_code == 200 and moved.json() == {"moved": 1}
    items = client.get(f"/api/v1/processes/{process.pk}/priority-items", headers=owner).json()
    assert [(i["text"], i["proposals"]) for i in items] == [
        ("Services de proximité", 1),
        ("Insertion", 0),
    ]
    assert client.delete(url, headers=owner).status_code == 404


def test_target_publics_are_listed_added_and_removed(client, process, owner, reader):
    url = f"/api/v1/processes/{process.pk}/target-publics"
    added = client.post(url, {"name": "Aînés"}, content_type="application/json", headers=owner)
    assert added.status_code == 201
    twice = client.post(url, {"name": "Aînés"}, content_type="application/json", headers=owner)
    assert twice.status_code == 400 and "existe déjà" in twice.json()["detail"]
    assert [p["name"] for p in client.get(url, headers=reader).json()] == ["Aînés", "Jeunes"]
    public = added.json()["id"]
    assert client.delete(f"{url}/{public}", headers=reader).status_code == 403
    assert client.delete(f"{url}/{public}", headers=owner).status_code == 204
    assert [p["name"] for p in client.get(url, headers=owner).json()] == ["Jeunes"]
