"""The organisation's settings page: its administrators write the notice participants read when
they join, the contacts and the default retention; nobody else may."""

import html

import pytest
from django.test import Client
from django.urls import reverse

from coprod.organisations.models import Membership
from coprod.testing.factories import OrganisationFactory, UserFactory, join

pytestmark = pytest.mark.django_db

FIELDS = {
    "name": "Parc naturel régional du Vexin français",
    "kind": "park",
    "privacy_contact": "rgpd@pnr-vexin.example",
    "dpo_contact": "",
    "privacy_notice": "Le Parc traite vos contributions pour construire ses actions.",
    "retention_months": 12,
}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_administrator_writes_the_notice_participants_read(workshop, organisation):
    admin = join(UserFactory(username="dominique"), organisation, Membership.Role.ADMIN)
    url = reverse("organisations:settings", args=[organisation.slug])
    saved = signed_in(admin).post(url, FIELDS, follow=True)
    assert "Réglages de l'organisation enregistrés." in html.unescape(saved.content.decode())
    organisation.refresh_from_db()
    assert organisation.retention_months == 12
    notice = Client().get(f"/j/{workshop.join_code}/donnees-personnelles/").content.decode()
    assert "Le Parc traite vos contributions pour construire ses actions." in notice
    assert "rgpd@pnr-vexin.example" in Client().get(f"/j/{workshop.join_code}/").content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "Parc\x00 du Vexin", "caractères"),
        ("retention_months", 0, "Gardez les données au moins un mois après la restitution."),
        ("retention_months", 500, "une conservation doit avoir une fin"),
        ("privacy_contact", "x" * 301, "300"),
    ],
)
def test_bad_settings_get_a_french_message_and_change_nothing(organisation, field, value, message):
    admin = join(UserFactory(username="dominique"), organisation, Membership.Role.ADMIN)
    url = reverse("organisations:settings", args=[organisation.slug])
    refused = signed_in(admin).post(url, {**FIELDS, field: value})
    assert refused.status_code == 400
    assert message in refused.content.decode()
    organisation.refresh_from_db()
    assert organisation.name == "Parc de test"


def test_only_its_administrators_reach_the_settings(organisation):
    url = reverse("organisations:settings", args=[organisation.slug])
    animateur = join(UserFactory(username="camille"), organisation)
    outsider = join(UserFactory(username="eliott"), OrganisationFactory(), Membership.Role.ADMIN)
    assert signed_in(animateur).get(url).status_code == 403
    assert signed_in(animateur).post(url, FIELDS).status_code == 403
    assert signed_in(outsider).get(url).status_code == 404
    organisation.refresh_from_db()
    assert organisation.name == "Parc de test"
