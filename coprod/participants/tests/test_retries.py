"""A join or a facilitator's entry sent twice (a lost answer, a double tap) adds one person."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from coprod.participants import services
from coprod.participants.models import Participant

pytestmark = pytest.mark.django_db

KEY = "0123456789abcdef0123456789abcdef"


def api_join(client, workshop, key=KEY):
    return client.post(
        "/api/v1/join",
        {"code": workshop.join_code, "name": "Jeanne", "client_key": key},
        content_type="application/json",
    )


def test_an_api_join_retried_with_its_key_is_the_same_participant_and_token(client, workshop):
    first, again = api_join(client, workshop), api_join(client, workshop)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert Participant.objects.filter(workshop=workshop).count() == 1
    token = first.json()["token"]
    assert (
        client.get(
            f"/api/v1/workshops/{workshop.pk}", headers={"Authorization": f"Bearer {token}"}
        ).status_code
        == 200
    )


def test_join_keys_are_long_enough_to_be_secret(workshop):
    with pytest.raises(ValidationError, match="au moins 16 caractères"):
        services.join(code=workshop.join_code, name="Jeanne", client_key="abc")
    assert not Participant.objects.exists()


def test_the_join_form_sent_twice_before_the_first_answer_adds_one_person(workshop):
    """Two posts of the same card (the second before the first answer set the cookie): one
    participant, and the browser is that participant either way."""
    card = {"code": workshop.join_code, "name": "Jeanne", "accept_charter": "on"}
    card["client_key"] = KEY
    first, second = Client(), Client()
    assert first.post(f"/j/{workshop.join_code}/", card).status_code == 302
    assert second.post(f"/j/{workshop.join_code}/", card).status_code == 302
    assert Participant.objects.filter(workshop=workshop).count() == 1
    assert second.get(f"/p/{workshop.pk}/").status_code == 200


def test_someone_without_a_phone_entered_twice_is_one_person(workshop, facilitator):
    for _ in range(2):
        services.add_participant_without_phone(
            workshop, actor=facilitator, name="Marcel", client_key="sans-tel-1"
        )
    assert list(workshop.participants.values_list("name", flat=True)) == ["Marcel"]
