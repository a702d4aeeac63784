"""Lifting a login lock-out from the unlock page: administrators only."""

import html

import pytest
from django.test import Client
from django.urls import reverse

from coprod.accounts import services
from coprod.organisations.models import Membership
from coprod.testing.factories import OrganisationFactory, UserFactory, join

PASSWORD = "bon-mot-de-passe-42"
UNLOCK = reverse("accounts:unlock_logins")


@pytest.fixture
def camille(facilitator):
    facilitator.set_password(PASSWORD)
    facilitator.save()
    return facilitator


@pytest.fixture
def superuser_client(db):
    client = Client(REMOTE_ADDR="192.0.2.10")
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    return client


def text(response) -> str:
    return html.unescape(response.content.decode())


def sign_in(client, password):
    return client.post(reverse("accounts:login"), {"username": "camille", "password": password})


def lock_out(client):
    for _ in range(5):
        sign_in(client, "mauvais")
    assert sign_in(client, PASSWORD).status_code == 429


def test_an_admin_unlocks_and_the_right_password_works_again(client, camille, superuser_client):
    lock_out(client)
    page = superuser_client.get(UNLOCK)
    assert page.status_code == 200
    assert "camille" in text(page)
    response = superuser_client.post(UNLOCK, {"username": "camille"}, follow=True)
    assert "camille peut de nouveau se connecter." in text(response)
    assert "Aucun identifiant n'est bloqué" in text(response)
    assert sign_in(client, PASSWORD).status_code == 302


def test_unlocking_a_username_no_longer_locked_says_so(superuser_client, db):
    response = superuser_client.post(UNLOCK, {"username": "camille"}, follow=True)
    assert "camille n'était plus bloqué." in text(response)


def test_an_unlock_without_a_username_changes_nothing(client, camille, superuser_client):
    lock_out(client)
    response = superuser_client.post(UNLOCK, {"username": ""})
    assert "Choisissez un identifiant de la liste." in text(response)
    assert sign_in(client, PASSWORD).status_code == 429


def test_the_unlock_needs_the_csrf_token(client, camille, superuser_client):
    lock_out(client)
    strict = Client(enforce_csrf_checks=True, REMOTE_ADDR="192.0.2.10")
    strict.cookies = superuser_client.cookies
    assert strict.post(UNLOCK, {"username": "camille"}).status_code == 403
    assert sign_in(client, PASSWORD).status_code == 429


def test_a_facilitator_may_neither_see_nor_unlock(client, camille, stranger):
    lock_out(client)
    other = Client(REMOTE_ADDR="192.0.2.11")
    other.force_login(stranger)
    assert other.get(UNLOCK).status_code == 403
    assert other.post(UNLOCK, {"username": "camille"}).status_code == 403
    assert sign_in(client, PASSWORD).status_code == 429


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, db):
    response = client.get(UNLOCK)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_an_organisation_admin_unlocks_its_members_only(client, camille, organisation):
    """camille is an animateur of `organisation`: its administrator sees and lifts her
    lock-out; another organisation's administrator sees nothing and may not."""
    lock_out(client)
    ours = Client(REMOTE_ADDR="192.0.2.12")
    ours.force_login(join(UserFactory(username="dominique"), organisation, Membership.Role.ADMIN))
    theirs = Client(REMOTE_ADDR="192.0.2.13")
    theirs.force_login(
        join(UserFactory(username="eliott"), OrganisationFactory(), Membership.Role.ADMIN)
    )
    assert "camille" not in text(theirs.get(UNLOCK))
    assert theirs.post(UNLOCK, {"username": "camille"}).status_code == 403
    assert sign_in(client, PASSWORD).status_code == 429
    assert "camille" in text(ours.get(UNLOCK))
    response = ours.post(UNLOCK, {"username": "camille"}, follow=True)
    assert "camille peut de nouveau se connecter." in text(response)
    assert sign_in(client, PASSWORD).status_code == 302


def test_superusers_and_organisation_admins_hold_the_permission(camille, organisation):
    staff = UserFactory(username="equipe", is_staff=True)
    superuser = UserFactory(username="racine", is_superuser=True)
    admin = join(UserFactory(username="chef"), organisation, Membership.Role.ADMIN)
    holders = [
        user.has_perm("accounts.unlock_login") for user in (camille, staff, superuser, admin)
    ]
    assert holders == [False, False, True, True]
    with pytest.raises(services.PermissionDenied):
        services.unlock_login("camille", actor=staff)
