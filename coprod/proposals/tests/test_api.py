"""API v1 for proposals: phones submit and support, facilitators enter and hide."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coprod.accounts.services import create_api_token
from coprod.proposals.models import Proposal, Support
from coprod.testing.api import bearer
from coprod.testing.factories import ParticipantFactory, ProposalFactory

pytestmark = pytest.mark.django_db

BUS = "Créer un transport à la demande pour les personnes âgées sans voiture"


@pytest.fixture
def phone_token(workshop):
    ParticipantFactory(workshop=workshop, token="jeton-alice")
    return "jeton-alice"


def url(workshop, tail=""):
    return f"/api/v1/workshops/{workshop.pk}/proposals{tail}"


def test_phone_submits_a_proposal_linked_to_its_closest_item(
    client, workshop, items, proposals_step, phone_token
):
    response = client.post(
        url(workshop), {"text": BUS}, content_type="application/json", headers=bearer(phone_token)
    )
    assert response.status_code == 201
    assert response.json()["priority_item"] == items[0].pk
    listed = client.get(url(workshop), headers=bearer(phone_token)).json()
    assert [p["text"] for p in listed] == [BUS]


def test_retry_with_the_same_client_key_stores_one_proposal(
    client, workshop, items, proposals_step, phone_token
):
    body = {"text": BUS, "client_key": "abc"}
    first = client.post(
        url(workshop), body, content_type="application/json", headers=bearer(phone_token)
    )
    again = client.post(
        url(workshop), body, content_type="application/json", headers=bearer(phone_token)
    )
    assert first.json()["id"] == again.json()["id"]
    assert Proposal.objects.count() == 1


def test_too_long_proposal_gets_a_french_422(client, workshop, items, proposals_step, phone_token):
    response = client.post(
        url(workshop),
        {"text": "x" * 501},
        content_type="application/json",
        headers=bearer(phone_token),
    )
    assert response.status_code == 422
    assert "500 caractères" in response.json()["detail"]


def test_duplicate_gets_a_french_400(client, workshop, items, proposals_step, phone_token):
    client.post(
        url(workshop), {"text": BUS}, content_type="application/json", headers=bearer(phone_token)
    )
    response = client.post(
        url(workshop),
        {"text": BUS.lower()},
        content_type="application/json",
        headers=bearer(phone_token),
    )
    assert response.status_code == 400
    assert "soutenir" in response.json()["detail"]


def test_phone_cannot_hide_and_outsiders_cannot_read(
    client, workshop, items, proposals_step, phone_token
):
    created = client.post(
        url(workshop), {"text": BUS}, content_type="application/json", headers=bearer(phone_token)
    ).json()
    hide = client.post(
        url(workshop, f"/{created['id']}/hidden"),
        {"hidden": True},
        content_type="application/json",
        headers=bearer(phone_token),
    )
    assert hide.status_code == 403
    ParticipantFactory(token="jeton-ailleurs")
    assert client.get(url(workshop), headers=bearer("jeton-ailleurs")).status_code == 403


def test_facilitator_enters_a_post_it_and_hides_it(client, workshop, facilitator, items):
    token = create_api_token(facilitator)
    created = client.post(
        url(workshop), {"text": BUS}, content_type="application/json", headers=bearer(token)
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    assert Proposal.objects.get(pk=pk).source == Proposal.Source.PAPER
    hidden = client.post(
        url(workshop, f"/{pk}/hidden"),
        {"hidden": True},
        content_type="application/json",
        headers=bearer(token),
    )
    assert hidden.status_code == 200
    assert client.get(url(workshop), headers=bearer(token)).json() == []
    assert Proposal.objects.filter(pk=pk, hidden=True).exists()


def test_a_phone_sending_too_fast_gets_a_429_saying_when(
    clock, client, workshop, items, proposals_step, phone_token, settings
):
    settings.PROPOSALS_PER_MINUTE = 2
    for n in range(2):
        sent = client.post(
            url(workshop),
            {"text": f"Idée numéro {n} pour le parc"},
            content_type="application/json",
            headers=bearer(phone_token),
        )
        assert sent.status_code == 201
    response = client.post(
        url(workshop), {"text": BUS}, content_type="application/json", headers=bearer(phone_token)
    )
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "dans 60 secondes" in response.json()["detail"]
    assert Proposal.objects.count() == 2


def test_the_list_takes_as_many_queries_for_40_proposals_as_for_4(
    client, workshop, items, phone_token, django_assert_max_num_queries
):
    supporter = ParticipantFactory(workshop=workshop, name="Bob")

    def add(n):
        for proposal in ProposalFactory.create_batch(n, workshop=workshop):
            Support.objects.create(proposal=proposal, participant=supporter)

    add(4)
    with CaptureQueriesContext(connection) as few:
        client.get(url(workshop), headers=bearer(phone_token))
    add(36)
    with django_assert_max_num_queries(len(few)):
        listed = client.get(url(workshop), headers=bearer(phone_token)).json()
    assert len(listed) == 40 and {p["supports"] for p in listed} == {1}
