"""`coprod token USERNAME`: a bearer token for the public API."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from coprod.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def token_for(username: str) -> str:
    out = StringIO()
    call_command("token", username, stdout=out)
    return out.getvalue().strip()


def test_printed_token_authenticates_on_the_api(client, workshop, facilitator):
    """The facilitator's new token reads their workshop's live state."""
    token = token_for(facilitator.username)
    response = client.get(
        f"/api/v1/workshops/{workshop.pk}", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
    assert response.json()["id"] == workshop.pk


def test_each_call_prints_a_new_token(facilitator):
    assert token_for(facilitator.username) != token_for(facilitator.username)


def test_unknown_or_inactive_account_is_an_error(db):
    UserFactory(username="parti", is_active=False)
    with pytest.raises(CommandError, match="No active account named 'personne'"):
        token_for("personne")
    with pytest.raises(CommandError):
        token_for("parti")
