"""The admin: actions keep their rules (duplicates, links) and their search text."""

import pytest
from django.urls import reverse

from coprod.catalogue.models import Action
from coprod.catalogue.services.actions import save_action
from coprod.testing.factories import LeverFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


def form_data(process, **extra):
    return {
        "owner": process.organisation_id,
        "title": "Épicerie itinérante",
        "organisation": "Le Panier",
        "scope": "communes",
        "status": "running",
        **extra,
    }


def test_an_action_added_in_the_admin_gets_its_key_and_searchable_publics(
    admin_client, process, publics
):
    response = admin_client.post(
        reverse("admin:catalogue_action_add"), form_data(process, publics=[publics[2].pk])
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.key == "epicerie itinerante|le panier"
    assert "personnes agees" in action.search_text


def test_the_admin_refuses_duplicates_and_bad_links(admin_client, process, facilitator):
    save_action(
        process,
        actor=facilitator,
        data={"title": "Épicerie itinérante", "organisation": "Le Panier"},
    )
    response = admin_client.post(
        reverse("admin:catalogue_action_add"),
        form_data(process, title="EPICERIE itinérante", links="ftp://example.org"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lien invalide" in html
    response = admin_client.post(
        reverse("admin:catalogue_action_add"), form_data(process, title="EPICERIE itinérante")
    )
    assert "est déjà au catalogue" in response.content.decode()
    assert Action.objects.count() == 1


def test_admin_search_ignores_accents_and_links_to_the_catalogue(
    admin_client, process, facilitator
):
    save_action(process, actor=facilitator, data={"title": "Épicerie itinérante"})
    response = admin_client.get(reverse("admin:catalogue_action_changelist"), {"q": "epicerie"})
    html = response.content.decode()
    assert "Épicerie itinérante" in html
    assert reverse("catalogue:import", args=[process.pk]) in html


def test_testimonies_and_levers_are_listed_but_not_added_in_the_admin(admin_client, process):
    LeverFactory(process=process, title="Appel à projets")
    assert (
        "Appel à projets"
        in admin_client.get(reverse("admin:catalogue_lever_changelist")).content.decode()
    )
    assert admin_client.get(reverse("admin:catalogue_lever_add")).status_code == 403
    assert admin_client.get(reverse("admin:catalogue_testimony_add")).status_code == 403
    assert admin_client.get(reverse("admin:catalogue_testimony_changelist")).status_code == 200
