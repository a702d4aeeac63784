"""The catalogue is the organisation's: an action written in one of its processes is offered in
the next one, with its testimonies; another organisation never sees it, on a page or the API."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from coprod.catalogue import importing
from coprod.catalogue.models import Action
from coprod.catalogue.services import live as live_services
from coprod.catalogue.services.actions import save_action, search_actions
from coprod.processes.models import TargetPublic
from coprod.testing.api import bearer
from coprod.testing.factories import (
    OrganisationFactory,
    ParticipantFactory,
    ProcessFactory,
    UserFactory,
    WorkshopFactory,
    join,
)

from .conftest import csv_bytes, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def last_year(workshop, facilitator):
    """An action of last year's process, with a testimony given in its workshop."""
    action = save_action(
        workshop.process,
        actor=facilitator,
        data={"title": "Épicerie itinérante", "organisation": "Le Panier"},
    )
    shown = live_services.present_actions(workshop, actor=facilitator, actions=[action])
    witness = ParticipantFactory(workshop=workshop, name="Josiane", name_consent=True)
    live_services.testify(
        shown[0], participant=witness, actor=facilitator, content="Deux passages par semaine"
    )
    return action


@pytest.fixture
def this_year(organisation, facilitator):
    """A new process of the same organisation, with a workshop `facilitator` runs."""
    process = ProcessFactory(organisation=organisation, title="Démarche 2027")
    return WorkshopFactory(process=process, facilitators=[facilitator])


@pytest.fixture
def rival(db):
    """Another organisation's process, owned by someone with a workshop and a token there."""
    owner = join(UserFactory(username="rivale"), OrganisationFactory(name="Autre parc"))
    process = ProcessFactory(organisation=owner.memberships.get().organisation, owners=[owner])
    workshop = WorkshopFactory(process=process, facilitators=[owner])
    return owner, workshop


def test_a_new_process_of_the_organisation_finds_last_year_s_actions(last_year, this_year):
    found = list(search_actions(this_year.process, q="epicerie"))
    assert found == [last_year]
    assert live_services.search_catalogue(this_year, "panier") == [last_year]
    assert last_year.origin_process != this_year.process
    assert [t.content for t in found[0].testimonies.all()] == ["Deux passages par semaine"]


def test_last_year_s_action_is_presented_and_edited_from_the_new_process(
    last_year, this_year, facilitator
):
    shown = live_services.present_actions(this_year, actor=facilitator, actions=[last_year])
    assert shown[0].action == last_year
    save_action(this_year.process, actor=facilitator, data={"status": "ended"}, action=last_year)
    last_year.refresh_from_db()
    assert last_year.status == "ended"


def test_retyping_last_year_s_action_is_refused_as_a_duplicate(last_year, this_year, facilitator):
    with pytest.raises(ValidationError, match="déjà au catalogue"):
        save_action(
            this_year.process,
            actor=facilitator,
            data={"title": "EPICERIE itinérante", "organisation": "le panier"},
        )
    assert Action.objects.count() == 1


def test_editing_in_the_new_process_keeps_last_year_s_publics(
    last_year, this_year, workshop, facilitator
):
    old = TargetPublic.objects.create(process=workshop.process, name="Personnes âgées")
    new = TargetPublic.objects.create(process=this_year.process, name="Jeunes")
    save_action(workshop.process, actor=facilitator, data={"publics": [old.pk]}, action=last_year)
    save_action(this_year.process, actor=facilitator, data={"publics": [new.pk]}, action=last_year)
    assert set(last_year.publics.all()) == {old, new}
    assert "personnes agees" in Action.objects.get().search_text


def test_an_import_in_the_new_process_updates_last_year_s_action(last_year, this_year, facilitator):
    data = csv_bytes(
        [
            row(
                "Épicerie itinérante",
                organisation="Le Panier",
                publics="",
                priority_items="",
                status="terminée",
            )
        ]
    )
    plan = importing.import_actions(
        this_year.process, actor=facilitator, filename="a.csv", data=data
    )
    assert (plan.created, plan.updated) == (0, 1)
    assert Action.objects.get().status == "ended"
    exported, _type, _name = importing.export_actions(
        this_year.process, actor=facilitator, fmt="csv"
    )
    assert "Épicerie itinérante" in exported.decode("utf-8")


def test_another_organisation_never_sees_the_catalogue_on_its_pages(last_year, rival, client):
    owner, workshop = rival
    client.force_login(owner)
    listed = client.get(reverse("catalogue:list", args=[workshop.process_id]))
    assert listed.status_code == 200
    assert "Épicerie itinérante" not in listed.content.decode()
    for name, args in (
        ("detail", [workshop.process_id, last_year.pk]),
        ("edit", [workshop.process_id, last_year.pk]),
    ):
        assert client.get(reverse(f"catalogue:{name}", args=args)).status_code == 404
    # Nor through last year's process's own pages.
    for name, args in (
        ("list", [last_year.origin_process_id]),
        ("detail", [last_year.origin_process_id, last_year.pk]),
    ):
        assert client.get(reverse(f"catalogue:{name}", args=args)).status_code == 403
    exported = client.get(reverse("catalogue:export", args=[workshop.process_id, "csv"]))
    assert "Épicerie" not in exported.content.decode("utf-8")


def test_another_organisation_never_sees_the_catalogue_through_the_api(last_year, rival, client):
    from coprod.accounts.services import create_api_token

    owner, workshop = rival
    headers = bearer(create_api_token(owner))
    base = f"/api/v1/workshops/{workshop.pk}/actions"
    listed = client.get(base, headers=headers)
    assert listed.status_code == 200 and listed.json() == {"count": 0, "items": []}
    assert client.get(base, {"q": "epicerie"}, headers=headers).json()["count"] == 0
    assert client.get(f"{base}/{last_year.pk}", headers=headers).status_code == 404
    testimonies = client.get(f"{base}/{last_year.pk}/testimonies", headers=headers)
    assert testimonies.status_code == 404
    changed = client.put(
        f"{base}/{last_year.pk}",
        {"title": "Pris"},
        content_type="application/json",
        headers=headers,
    )
    assert changed.status_code == 404
    assert Action.objects.get().title == "Épicerie itinérante"


def test_the_api_of_the_new_process_lists_last_year_s_action(
    last_year, this_year, facilitator_token, client
):
    listed = client.get(
        f"/api/v1/workshops/{this_year.pk}/actions", headers=bearer(facilitator_token)
    )
    assert [a["title"] for a in listed.json()["items"]] == ["Épicerie itinérante"]
    testimonies = client.get(
        f"/api/v1/workshops/{this_year.pk}/actions/{last_year.pk}/testimonies",
        headers=bearer(facilitator_token),
    )
    assert testimonies.status_code == 200 and len(testimonies.json()) == 1


def test_another_organisation_can_neither_present_nor_edit_the_action(last_year, rival):
    owner, workshop = rival
    with pytest.raises(ValidationError, match="catalogue de l'organisation"):
        live_services.present_actions(workshop, actor=owner, actions=[last_year])
    with pytest.raises(PermissionDenied):
        save_action(workshop.process, actor=owner, data={"title": "Pris"}, action=last_year)
    other = save_action(
        workshop.process,
        actor=owner,
        data={"title": "Épicerie itinérante", "organisation": "Le Panier"},
    )
    # The same title is free in another organisation's catalogue.
    assert other.owner != last_year.owner


def test_the_action_s_page_says_where_it_entered_the_catalogue(
    last_year, this_year, facilitator_client, client
):
    page = facilitator_client.get(
        reverse("catalogue:detail", args=[this_year.process_id, last_year.pk])
    )
    assert f"dans la démarche « {last_year.origin_process.title} »" in page.content.decode()
    # An animateur of this year only does not read last year's process: its title stays hidden.
    newcomer = UserFactory(username="nouveau")
    this_year.facilitators.add(newcomer)
    client.force_login(newcomer)
    page = client.get(reverse("catalogue:detail", args=[this_year.process_id, last_year.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "Épicerie itinérante" in html
    assert "dans une autre démarche de l" in html
    assert last_year.origin_process.title not in html
