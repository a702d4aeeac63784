"""API v1 for groups: facilitators group and edit, participants read, nobody crosses workshops."""

import pytest

from coprod.grouping.models import Cluster
from coprod.testing.api import bearer
from coprod.testing.factories import ParticipantFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def phone(workshop):
    ParticipantFactory(workshop=workshop, token="jeton-alice")
    return "jeton-alice"


def post(client, path, body, token):
    return client.post(path, body, content_type="application/json", headers=bearer(token))


def test_facilitator_groups_and_writes_a_synthesis(
    client, workshop, themed, facilitator_token, phone
):
    base = f"/api/v1/workshops/{workshop.pk}/groups"
    groups = post(client, f"{base}/regroup", {"k": 3}, facilitator_token).json()
    assert len(groups) == 3 and sum(len(g["proposals"]) for g in groups) == 9
    first = groups[0]["id"]
    response = client.patch(
        f"{base}/{first}",
        {"label": "Mobilité", "synthesis": "Des transports pour tous"},
        content_type="application/json",
        headers=bearer(facilitator_token),
    )
    edited = next(g for g in response.json() if g["id"] == first)
    assert (edited["label"], edited["synthesis"]) == ("Mobilité", "Des transports pour tous")
    seen = client.get(base, headers=bearer(phone)).json()
    assert next(g for g in seen if g["id"] == first)["synthesis"] == "Des transports pour tous"


def test_move_merge_split(client, workshop, themed, facilitator_token):
    base = f"/api/v1/workshops/{workshop.pk}"
    groups = post(client, f"{base}/groups/regroup", {"k": 3}, facilitator_token).json()
    moved = groups[0]["proposals"][0]
    after = post(client, f"{base}/proposals/{moved}/group", {"to": None}, facilitator_token).json()
    assert [moved] in [g["proposals"] for g in after]
    after = post(
        client,
        f"{base}/groups/{groups[1]['id']}/merge",
        {"into": groups[2]["id"]},
        facilitator_token,
    ).json()
    assert len(after) == 3
    # Group 2 is gone; the others keep their numbers, the new one took 4.
    assert sorted(g["number"] for g in after) == [1, 3, 4]
    after = post(client, f"{base}/groups/{groups[2]['id']}/split", {}, facilitator_token).json()
    assert len(after) == 4
    assert sorted(g["number"] for g in after) == [1, 3, 4, 5]


def test_participant_tokens_cannot_group(client, workshop, themed, phone):
    response = post(client, f"/api/v1/workshops/{workshop.pk}/groups/regroup", {}, phone)
    assert response.status_code == 403
    assert not Cluster.objects.exists()


def test_too_many_groups_or_another_workshop_is_refused(
    client, workshop, themed, facilitator_token, phone
):
    base = f"/api/v1/workshops/{workshop.pk}/groups"
    response = post(client, f"{base}/regroup", {"k": 1000}, facilitator_token)
    assert response.status_code == 422 and "hors des valeurs permises" in response.json()["detail"]
    other = WorkshopFactory()
    assert (
        client.get(f"/api/v1/workshops/{other.pk}/groups", headers=bearer(phone)).status_code == 403
    )
