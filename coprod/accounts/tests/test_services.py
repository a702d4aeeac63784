"""API tokens: shown once, stored hashed, tied to an active account."""

from datetime import timedelta

import pytest
from django.utils import timezone

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


def test_an_expired_or_revoked_token_finds_no_account(facilitator):
    expired, revoked = (
        services.create_api_token(facilitator),
        services.create_api_token(facilitator),
    )
    first, second = ApiToken.objects.order_by("pk")
    ApiToken.objects.filter(pk=first.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert services.revoke_api_token(facilitator, second.pk)
    assert services.user_for_token(expired) is None
    assert services.user_for_token(revoked) is None
    with pytest.raises(services.TokenRefused, match="a expiré le"):
        services.check_unusable_token(expired)
    with pytest.raises(services.TokenRefused, match="révoqué"):
        services.check_unusable_token(revoked)
    services.check_unusable_token("inconnu")  # not an account token: nothing to say


def test_last_use_is_noted_without_a_write_per_call(facilitator, django_assert_num_queries):
    secret = services.create_api_token(facilitator)
    services.user_for_token(secret)
    noted = ApiToken.objects.get().last_used_at
    assert noted is not None
    with django_assert_num_queries(1):  # the look-up only
        services.user_for_token(secret)
    assert ApiToken.objects.get().last_used_at == noted
    ApiToken.objects.update(last_used_at=noted - services.LAST_USED_PRECISION)
    services.user_for_token(secret)
    assert ApiToken.objects.get().last_used_at > noted - services.LAST_USED_PRECISION
