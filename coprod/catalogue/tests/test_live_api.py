"""API v1 for the live steps 5–7: presentations, testimonies, levers, orientation."""

import pytest

from coprod.accounts.services import create_api_token
from coprod.catalogue.models import Lever
from coprod.catalogue.services import live as services
from coprod.testing.api import bearer
from coprod.testing.factories import SAID, ParticipantFactory
from coprod.voting.models import Orientation

pytestmark = pytest.mark.django_db


@pytest.fixture
def tokens(workshop, facilitator):
    for name in ("alice", "bruno", "claire"):
        ParticipantFactory(workshop=workshop, name=name.title(), token=f"jeton-{name}")
    return {
        "alice": "jeton-alice",
        "bruno": "jeton-bruno",
        "claire": "jeton-claire",
        "facilitator": create_api_token(facilitator),
    }


def url(workshop, tail):
    return f"/api/v1/workshops/{workshop.pk}/{tail}"


def post(client, path, body, token):
    return client.post(path, body, content_type="application/json", headers=bearer(token))


def test_presentations_and_the_current_one(client, workshop, shown, tokens):
    listed = client.get(url(workshop, "presentations"), headers=bearer(tokens["alice"])).json()
    assert [p["action"]["title"] for p in listed] == [
        "Transport à la demande",
        "Épicerie itinérante",
    ]
    assert [p["is_current"] for p in listed] == [True, False]
    current = client.get(url(workshop, "presentations/current"), headers=bearer(tokens["alice"]))
    assert current.json()["action"]["id"] == shown[0].action_id


def test_no_current_action_is_a_french_404(client, workshop, tokens):
    response = client.get(url(workshop, "presentations/current"), headers=bearer(tokens["alice"]))
    assert response.status_code == 404
    assert response.json()["detail"] == "Aucune action n'est à l'écran."


def test_participants_testify_two_at_most(client, workshop, shown, tokens, actions_step):
    path = url(workshop, f"actions/{shown[0].action_id}/testimonies")
    assert post(client, path, SAID, tokens["alice"]).status_code == 201
    assert post(client, path, {**SAID, "content": "Modifié"}, tokens["alice"]).status_code == 200
    assert post(client, path, SAID, tokens["bruno"]).status_code == 201
    third = post(client, path, SAID, tokens["claire"])
    assert third.status_code == 400 and "déjà ses 2 témoins" in third.json()["detail"]
    listed = client.get(path, headers=bearer(tokens["alice"])).json()
    assert [(t["witness_name"], t["mine"]) for t in listed] == [("Alice", True), ("Bruno", False)]
    assert listed[0]["content"] == "Modifié"


def test_facilitator_enters_a_testimony_and_schema_errors_are_french(
    client, workshop, shown, tokens
):
    path = url(workshop, f"actions/{shown[1].action_id}/testimonies")
    body = {**SAID, "witness_name": "Mme Durand", "witness_organisation": "CCAS"}
    assert post(client, path, body, tokens["facilitator"]).status_code == 201
    too_long = post(client, path, {"content": "x" * 1001}, tokens["facilitator"])
    assert too_long.status_code == 422 and "1000 caractères" in too_long.json()["detail"]
    not_presented = url(workshop, f"actions/{shown[1].action_id + 100}/testimonies")
    assert post(client, not_presented, SAID, tokens["facilitator"]).status_code == 404


def test_witnesses_of_another_workshop_are_named_only_with_their_consent(
    client, workshop, facilitator, shown, tokens
):
    """A later workshop of the process reads the action's testimonies: the names of those who
    did not agree to be named in the restitution stay in the workshop where they spoke."""
    from coprod.testing.factories import WorkshopFactory

    for name, consent in (("Denis", False), ("Émilie", True)):
        witness = ParticipantFactory(
            workshop=workshop, name=name, organisation="Centre social", name_consent=consent
        )
        services.testify(shown[0], participant=witness, actor=facilitator, content="Le jeudi")
    later = WorkshopFactory(process=workshop.process)
    ParticipantFactory(workshop=later, token="jeton-plus-tard")
    path = f"actions/{shown[0].action_id}/testimonies"
    elsewhere = client.get(url(later, path), headers=bearer("jeton-plus-tard")).json()
    here = client.get(url(workshop, path), headers=bearer(tokens["alice"])).json()
    assert [(t["witness_name"], t["witness_organisation"]) for t in elsewhere] == [
        ("", "Centre social"),
        ("Émilie", "Centre social"),
    ]
    assert [t["witness_name"] for t in here] == ["Denis", "Émilie"]


def test_levers_by_participants_during_the_step_idempotent(
    client, workshop, items, shown, tokens, levers_step
):
    body = {
        "kind": "funding",
        "title": "AAP mobilité",
        "due_on": "2030-06-30",
        "priority_items": [items[0].pk],
        "actions": [shown[0].action_id],
        "client_key": "k1",
    }
    first = post(client, url(workshop, "levers"), body, tokens["alice"])
    again = post(client, url(workshop, "levers"), body, tokens["alice"])
    assert first.status_code == 201 and first.json()["id"] == again.json()["id"]
    assert Lever.objects.count() == 1
    bad = post(
        client, url(workshop, "levers"), {**body, "kind": "x", "client_key": ""}, tokens["bruno"]
    )
    assert bad.status_code == 400 and "type de levier" in bad.json()["detail"]
    listed = client.get(url(workshop, "levers"), headers=bearer(tokens["bruno"])).json()
    assert listed[0]["due_on"] == "2030-06-30" and listed[0]["actions"] == [shown[0].action_id]


def test_participant_lever_outside_the_step_is_refused(client, workshop, tokens, actions_step):
    response = post(
        client, url(workshop, "levers"), {"kind": "event", "title": "Fête"}, tokens["alice"]
    )
    assert response.status_code == 400


def test_orientation_vote_and_decision(client, workshop, items, shown, tokens):
    assert post(client, url(workshop, "orientations/open"), {}, tokens["alice"]).status_code == 403
    opened = post(client, url(workshop, "orientations/open"), {}, tokens["facilitator"]).json()
    assert [o["subject"] for o in opened] == [i.text for i in items]
    first = opened[0]["id"]
    vote = post(
        client,
        url(workshop, f"orientations/{first}/ballot"),
        {"choice": "build_on", "actions": [shown[0].action_id]},
        tokens["alice"],
    ).json()
    assert vote["voters"] == 1 and vote["my_choice"] == "build_on"
    assert vote["actions"] == [
        {"action": shown[0].action_id, "title": "Transport à la demande", "count": 1}
    ]
    assert (
        post(client, url(workshop, f"orientations/{first}/close"), {}, tokens["alice"]).status_code
        == 403
    )
    assert (
        post(
            client, url(workshop, f"orientations/{first}/close"), {}, tokens["facilitator"]
        ).status_code
        == 200
    )
    late = post(
        client, url(workshop, f"orientations/{first}/ballot"), {"choice": "new"}, tokens["bruno"]
    )
    assert late.status_code == 409
    decided = post(
        client,
        url(workshop, f"orientations/{first}/confirm"),
        {"decision": "new"},
        tokens["facilitator"],
    ).json()
    assert decided["decision"] == "new" and decided["decided_actions"] == []
    assert Orientation.objects.get(pk=first).decided_at is not None
    listed = client.get(url(workshop, "orientations"), headers=bearer(tokens["bruno"])).json()
    assert listed[0]["my_choice"] is None and listed[0]["counts"] == {"build_on": 1, "new": 0}


def test_another_workshop_token_is_refused(client, workshop, shown, tokens):
    other = ParticipantFactory(token="jeton-ailleurs")
    assert other.workshop != workshop
    response = client.get(url(workshop, "presentations"), headers=bearer("jeton-ailleurs"))
    assert response.status_code == 403


def test_the_new_endpoints_are_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/workshops/{workshop_id}/presentations",
        "/api/v1/workshops/{workshop_id}/presentations/current",
        "/api/v1/workshops/{workshop_id}/actions/{action_id}/testimonies",
        "/api/v1/workshops/{workshop_id}/levers",
        "/api/v1/workshops/{workshop_id}/orientations",
        "/api/v1/workshops/{workshop_id}/orientations/open",
        "/api/v1/workshops/{workshop_id}/orientations/{orientation_id}/ballot",
        "/api/v1/workshops/{workshop_id}/orientations/{orientation_id}/close",
        "/api/v1/workshops/{workshop_id}/orientations/{orientation_id}/confirm",
    ):
        assert path in paths


def test_services_used_by_the_api_are_the_pages_ones(workshop, shown):
    assert services.current_presentation(workshop).pk == shown[0].pk
