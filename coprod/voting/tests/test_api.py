"""API v1 for votes: phones answer with their token, facilitators drive with theirs."""

import pytest

from coprod.testing.api import bearer
from coprod.testing.factories import ParticipantFactory, WorkshopFactory
from coprod.voting import services
from coprod.voting.models import ConsentBallot

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_token(workshop):
    ParticipantFactory(workshop=workshop, name="Alice", token="jeton-alice")
    return "jeton-alice"


def post(client, url, body, token):
    return client.post(url, body, content_type="application/json", headers=bearer(token))


def test_facilitator_opens_phone_answers_facilitator_closes(
    client, workshop, synthesis, alice_token, facilitator_token
):
    base = f"/api/v1/workshops/{workshop.pk}"
    opened = post(client, f"{base}/syntheses/{synthesis.pk}/votes", {}, facilitator_token)
    assert opened.status_code == 201
    vote = opened.json()
    assert vote["min_share"] == "2/3" and vote["status"] == "open"
    answered = post(
        client,
        f"{base}/votes/{vote['id']}/consent",
        {"choice": "objection", "reason": "Flou", "suggestion": "Préciser"},
        alice_token,
    )
    assert answered.status_code == 200
    assert answered.json()["my_choice"] == "objection"
    assert answered.json()["objections"] is None  # a phone never reads the objections' texts
    listed = client.get(f"{base}/votes", headers=bearer(facilitator_token)).json()
    (objection,) = listed[0]["objections"]
    assert objection["reason"] == "Flou" and "participant" not in objection
    assert listed[0]["validated_if_closed_now"] is False
    reply = post(
        client,
        f"{base}/votes/objections/{objection['id']}/answer",
        {"answer": "Nous préciserons les communes."},
        facilitator_token,
    )
    assert reply.status_code == 200
    closed = post(client, f"{base}/votes/{vote['id']}/close", {}, facilitator_token)
    assert closed.status_code == 200
    assert closed.json()["validated"] is False  # 0 % agree: the objection was answered, not lifted
    again = post(client, f"{base}/votes/{vote['id']}/consent", {"choice": "for"}, alice_token)
    assert again.status_code == 409
    assert "clos" in again.json()["detail"]
    assert (
        post(client, f"{base}/votes/{vote['id']}/close", {}, facilitator_token).status_code == 409
    )


def test_objection_without_suggestion_is_a_french_400(client, workshop, vote, alice_token):
    response = post(
        client,
        f"/api/v1/workshops/{workshop.pk}/votes/{vote.pk}/consent",
        {"choice": "objection", "reason": "Flou"},
        alice_token,
    )
    assert response.status_code == 400
    assert "suggestion" in response.json()["detail"]
    assert not ConsentBallot.objects.exists()


def test_phone_token_cannot_open_close_or_answer(client, workshop, synthesis, vote, alice_token):
    base = f"/api/v1/workshops/{workshop.pk}"
    assert post(client, f"{base}/votes/{vote.pk}/close", {}, alice_token).status_code == 403
    assert (
        post(client, f"{base}/syntheses/{synthesis.pk}/votes", {}, alice_token).status_code == 403
    )


def test_another_workshops_token_gets_403(client, vote):
    other = WorkshopFactory()
    ParticipantFactory(workshop=other, token="jeton-ailleurs")
    response = post(
        client,
        f"/api/v1/workshops/{vote.workshop_id}/votes/{vote.pk}/consent",
        {"choice": "for"},
        "jeton-ailleurs",
    )
    assert response.status_code == 403


def test_too_long_reason_is_a_french_422(client, workshop, vote, alice_token):
    response = post(
        client,
        f"/api/v1/workshops/{workshop.pk}/votes/{vote.pk}/consent",
        {"choice": "objection", "reason": "x" * 301, "suggestion": "y"},
        alice_token,
    )
    assert response.status_code == 422
    assert "300" in response.json()["detail"]


def test_polls_through_the_api(
    client, workshop, validated, alice_token, facilitator_token, offline
):
    base = f"/api/v1/workshops/{workshop.pk}/polls"
    created = post(
        client, base, {"title": "Priorités", "method": "majority_judgment"}, facilitator_token
    )
    assert created.status_code == 201
    poll = created.json()
    assert len(poll["options"]) == 3
    assert client.get(base, headers=bearer(alice_token)).json() == []  # drafts are not shown
    assert post(client, f"{base}/{poll['id']}/open", {}, facilitator_token).status_code == 200
    grades = {str(o["id"]): g for o, g in zip(poll["options"], [6, 3, 0], strict=True)}
    missing = post(client, f"{base}/{poll['id']}/grades", {"grades": {}}, alice_token)
    assert missing.status_code == 400 and "il en manque 3" in missing.json()["detail"]
    cast = post(client, f"{base}/{poll['id']}/grades", {"grades": grades}, alice_token)
    assert cast.status_code == 200 and cast.json()["voters"] == 1
    for_bernard = post(
        client,
        f"{base}/{poll['id']}/grades",
        {"grades": grades, "participant": offline.pk},
        facilitator_token,
    )
    assert for_bernard.status_code == 200 and for_bernard.json()["voters"] == 2
    early = client.get(f"{base}/{poll['id']}/results", headers=bearer(alice_token))
    assert early.status_code == 409
    post(client, f"{base}/{poll['id']}/close", {}, facilitator_token)
    results = client.get(f"{base}/{poll['id']}/results", headers=bearer(alice_token)).json()
    assert [r["rank"] for r in results["ranking"]] == [1, 2, 3]
    assert results["ranking"][0]["median_grade"] == 6
    assert results["grades"][0] == "À rejeter"
    late = post(client, f"{base}/{poll['id']}/grades", {"grades": grades}, alice_token)
    assert late.status_code == 409


def test_dots_limits_through_the_api(client, workshop, validated, alice_token, facilitator):
    poll = services.open_poll(
        services.create_poll(workshop, actor=facilitator, title="G", method="dots"),
        actor=facilitator,
    )
    option = poll.options.first()
    response = post(
        client,
        f"/api/v1/workshops/{workshop.pk}/polls/{poll.pk}/dots",
        {"dots": {str(option.pk): 3}},
        alice_token,
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Au plus 2 gommettes sur une même option."
