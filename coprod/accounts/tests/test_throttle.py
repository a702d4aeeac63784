"""Login throttling: five wrong passwords lock a username out from that address for a while,
even with the right password, on the facilitators' page and the admin's alike."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coprod import config
from coprod.testing.api import bearer

PASSWORD = "bon-mot-de-passe-42"
LOGIN = reverse("accounts:login")
CSRF_TOKEN = re.compile(r"[A-Za-z0-9]{64}")


@pytest.fixture
def camille(facilitator):
    facilitator.set_password(PASSWORD)
    facilitator.save()
    return facilitator


def sign_in(client, password, username="camille", url=LOGIN, **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


def fail(client, times, username="camille", url=LOGIN, **extra):
    for _ in range(times):
        response = sign_in(client, "mauvais", username, url, **extra)
        assert response.status_code in (200, 429)
    return response


def test_the_fifth_wrong_password_locks_out_even_the_right_one(client, camille):
    """Four wrong passwords still leave the form; the fifth answers the lock-out page, and so
    does the right password afterwards, saying when to come back and who may unlock."""
    assert fail(client, 4).status_code == 200
    locked = fail(client, 1)
    assert locked.status_code == 429
    response = sign_in(client, PASSWORD)
    assert response.status_code == 429
    text = response.content.decode()
    assert "Connexion bloquée" in text
    locked_at = AccessAttempt.objects.get().attempt_time
    retry_at = timezone.localtime(locked_at + timedelta(minutes=15))
    assert f"réessayez à partir de {retry_at:%H:%M}" in " ".join(text.split())
    assert "administrateur de votre organisation" in text
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("workshops:list")).status_code == 302  # still signed out


def test_a_right_password_before_the_limit_clears_the_count(client, camille):
    fail(client, 4)
    assert sign_in(client, PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    assert fail(client, 4).status_code == 200  # counting starts again


def test_the_lockout_page_does_not_tell_whether_the_account_exists(client, camille):
    """An unknown username is locked out the same way, with the same page."""
    known = fail(client, 5)
    unknown = fail(client, 5, username="personne")
    assert known.status_code == unknown.status_code == 429
    without_tokens = [
        CSRF_TOKEN.sub("", response.content.decode()) for response in (known, unknown)
    ]
    assert without_tokens[0] == without_tokens[1]


def test_the_lock_is_per_address_and_ignores_forwarded_headers(camille):
    """Another address can still sign in (nobody elsewhere locks a colleague out); a header
    naming another address changes nothing: the client is the TCP peer (no trusted proxy)."""
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    fail(attacker, 5)
    spoofed = sign_in(attacker, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert spoofed.status_code == 429
    colleague = Client(REMOTE_ADDR="198.51.100.1")
    assert sign_in(colleague, PASSWORD).status_code == 302


def test_the_lock_ends_after_the_cooloff(client, camille):
    fail(client, 5)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )
    assert sign_in(client, PASSWORD).status_code == 302


def test_the_admin_login_is_throttled_too(client, camille):
    camille.is_staff = True
    camille.save()
    admin_login = reverse("admin:login")
    fail(client, 5, url=admin_login)
    response = sign_in(client, PASSWORD, url=admin_login)
    assert response.status_code == 429
    assert "Connexion bloquée" in response.content.decode()


def test_api_tokens_keep_working_while_locked_out(client, camille, workshop, facilitator_token):
    fail(client, 5)
    response = client.get(f"/api/v1/workshops/{workshop.pk}", headers=bearer(facilitator_token))
    assert response.status_code == 200


def test_the_limits_come_from_the_environment(monkeypatch):
    assert (config.login_attempts(), config.login_cooloff_minutes()) == (5, 15)
    monkeypatch.setenv("COPROD_LOGIN_ATTEMPTS", "8")
    monkeypatch.setenv("COPROD_LOGIN_COOLOFF_MINUTES", "60")
    assert (config.login_attempts(), config.login_cooloff_minutes()) == (8, 60)
    monkeypatch.setenv("COPROD_LOGIN_ATTEMPTS", "0")
    with pytest.raises(config.ConfigError, match="COPROD_LOGIN_ATTEMPTS"):
        config.login_attempts()
    monkeypatch.setenv("COPROD_LOGIN_COOLOFF_MINUTES", "un quart d'heure")
    with pytest.raises(config.ConfigError, match="COPROD_LOGIN_COOLOFF_MINUTES"):
        config.login_cooloff_minutes()


def test_a_test_client_login_counts_too(client, camille):
    """coprod.testing's client signs in through the throttle, as the login page does."""
    for _ in range(5):
        assert not client.login(username="camille", password="mauvais")
    assert not client.login(username="camille", password=PASSWORD)
