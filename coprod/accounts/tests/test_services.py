"""API tokens: shown once, stored hashed, tied to an active account."""

import pytest

from coprod.accounts import services
from coprod.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def test_token_finds_its_account_and_is_stored_hashed(facilitator):
    secret = services.create_api_token(facilitator)
    assert services.user_for_token(secret) == facilitator
    assert ApiToken.objects.get().key_hash != secret
    assert services.user_for_token(secret + "x") is None


def test_token_of_a_deactivated_account_no_longer_works(facilitator):
    secret = services.create_api_token(facilitator)
    facilitator.is_active = False
    facilitator.save()
    assert services.user_for_token(secret) is None


def test_get_or_create_facilitator_keeps_an_existing_password(db):
    user = services.get_or_create_facilitator("animateur", password="premier-mot")
    again = services.get_or_create_facilitator("animateur", password="autre-mot")
    assert again == user
    again.refresh_from_db()
    assert again.check_password("premier-mot")
