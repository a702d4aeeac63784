"""`coprod token USERNAME`: a bearer token for the public API, listed and revoked by IT."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from coprod.accounts.models import ApiToken
from coprod.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def command(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("token", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue().strip()


def token_for(username: str, *args) -> str:
    return command(username, *args)[0]


def live_state(client, workshop, token):
    headers = {"Authorization": f"Bearer {token}"}
    return client.get(f"/api/v1/workshops/{workshop.pk}", headers=headers)


def test_printed_token_authenticates_on_the_api(client, workshop, facilitator):
    """The facilitator's new token reads their workshop's live state."""
    token = token_for(facilitator.username)
    response = live_state(client, workshop, token)
    assert response.status_code == 200
    assert response.json()["id"] == workshop.pk


def test_each_call_prints_a_new_token(facilitator):
    assert token_for(facilitator.username) != token_for(facilitator.username)


def test_a_new_token_lasts_ninety_days_unless_told_otherwise(facilitator):
    out, said = command(facilitator.username)
    assert len(out.splitlines()) == 1  # the secret alone, for scripts
    assert "valable jusqu'au" in said
    command(facilitator.username, "--days", "7")
    default, short = ApiToken.objects.order_by("pk")
    assert abs(default.expires_at - timezone.now() - timedelta(days=90)) < timedelta(minutes=1)
    assert abs(short.expires_at - timezone.now() - timedelta(days=7)) < timedelta(minutes=1)


@pytest.mark.parametrize("days", ["0", "-3", "4000"])
def test_a_validity_out_of_bounds_is_refused(facilitator, days):
    with pytest.raises(CommandError, match="de 1 à 3650 jours"):
        command(facilitator.username, "--days", days)
    assert not ApiToken.objects.exists()


def test_list_shows_each_token_state_and_last_use(client, workshop, facilitator):
    used = token_for(facilitator.username)
    token_for(facilitator.username)
    live_state(client, workshop, used)
    first, second = ApiToken.objects.order_by("pk")
    command(facilitator.username, "--revoke", str(second.pk))
    lines = command(facilitator.username, "--list")[0].splitlines()
    assert lines[0].split("\t") == ["n°", "créé le", "expire le", "dernière utilisation", "état"]
    rows = {line.split("\t")[0]: line.split("\t") for line in lines[1:]}
    assert rows[str(first.pk)][3] != "—" and rows[str(first.pk)][4] == "valide"
    assert rows[str(second.pk)][3] == "—" and rows[str(second.pk)][4].startswith("révoqué le")


def test_a_revoked_token_no_longer_opens_the_api(client, workshop, facilitator):
    token = token_for(facilitator.username)
    pk = ApiToken.objects.get().pk
    assert command(facilitator.username, "--revoke", str(pk))[0] == f"Jeton n° {pk} révoqué."
    response = live_state(client, workshop, token)
    assert response.status_code == 401
    assert "révoqué" in response.json()["detail"]


def test_revoke_refuses_another_accounts_token_and_a_revoked_one(facilitator, stranger):
    token_for(stranger.username)
    theirs = ApiToken.objects.get()
    with pytest.raises(CommandError, match="pas de jeton n°"):
        command(facilitator.username, "--revoke", str(theirs.pk))
    command(stranger.username, "--revoke", str(theirs.pk))
    with pytest.raises(CommandError, match="pas de jeton n°"):
        command(stranger.username, "--revoke", str(theirs.pk))
    assert ApiToken.objects.get().revoked_at is not None


def test_revoke_all_leaves_other_accounts_alone(client, workshop, facilitator, stranger):
    mine = [token_for(facilitator.username) for _ in range(3)]
    token_for(stranger.username)
    assert command(facilitator.username, "--revoke-all")[0] == "3 jetons révoqués."
    assert all(live_state(client, workshop, t).status_code == 401 for t in mine)
    assert ApiToken.objects.usable().get().user == stranger


def test_unknown_or_inactive_account_is_an_error(db):
    UserFactory(username="parti", is_active=False)
    with pytest.raises(CommandError, match="Aucun compte « personne »"):
        token_for("personne")
    with pytest.raises(CommandError, match="désactivé"):
        token_for("parti")
