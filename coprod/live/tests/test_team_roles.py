"""The workshop's team on the console, the API and the socket: the same rules everywhere.

An observer follows the console read-only, a scribe enters what people without a phone wrote,
a co-animateur drives the agenda but does not change the preparation; someone of another
organisation gets nothing (coprod.workshops.rules has the whole role × permission matrix)."""

import pytest
from django.test import Client
from django.urls import reverse

from coprod.accounts.services import create_api_token
from coprod.organisations.models import Membership
from coprod.proposals.models import Proposal
from coprod.testing.api import bearer
from coprod.testing.factories import OrganisationFactory, UserFactory, join
from coprod.testing.sockets import refused_with, run, session_cookie
from coprod.workshops.models import Teammate

pytestmark = pytest.mark.django_db(transaction=True)
async_test = pytest.mark.asyncio


@pytest.fixture
def team(workshop):
    people = {}
    for role in Teammate.Role:
        people[role.value] = UserFactory(username=role.value)
        Teammate.objects.create(workshop=workshop, user=people[role.value], role=role)
    people["outsider"] = join(
        UserFactory(username="ailleurs"), OrganisationFactory(), Membership.Role.ADMIN
    )
    return people


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def start(client, workshop):
    return client.post(
        reverse("live:control", args=[workshop.pk, "start"]), headers={"HX-Request": "true"}
    )


def post_it(client, workshop, text="Un minibus partagé le samedi"):
    url = reverse("proposals:console_add", args=[workshop.pk])
    return client.post(url, {"text": text}, headers={"HX-Request": "true"})


def test_an_observer_reads_the_console_and_may_change_nothing(workshop, team):
    client = signed_in(team["observer"])
    page = client.get(reverse("live:console", args=[workshop.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "la console est en lecture seule" in html
    assert '<fieldset class="console-team" disabled' in html
    assert reverse("agenda:edit", args=[workshop.pk]) not in html
    assert "Ajouter une personne sans téléphone" not in html
    refused = start(client, workshop)
    assert refused.status_code == 403
    assert "Seuls les animateurs de cet atelier" in refused.content.decode()
    assert post_it(client, workshop).status_code == 403
    workshop.refresh_from_db()
    assert workshop.status == "draft"
    assert not Proposal.objects.exists()
    assert client.get(reverse("live:board", args=[workshop.pk])).status_code == 200


def test_a_scribe_enters_post_its_but_does_not_drive_the_agenda(workshop, team, facilitator):
    client = signed_in(team["scribe"])
    html = client.get(reverse("live:console", args=[workshop.pk])).content.decode()
    assert "Vous êtes scribe" in html
    assert "Ajouter une personne sans téléphone" in html
    assert '<fieldset class="console-team scribe">' in html  # the agenda's controls hidden
    assert start(client, workshop).status_code == 403
    start(signed_in(facilitator), workshop)
    added = post_it(client, workshop)
    assert added.status_code == 200, added.content.decode()
    assert "Post-it ajouté" in added.content.decode()
    assert Proposal.objects.get().text == "Un minibus partagé le samedi"
    offline = client.post(
        reverse("live:add_offline", args=[workshop.pk]), {"name": "Odette", "name_consent": ""}
    )
    assert offline.status_code == 302
    assert workshop.participants.filter(name="Odette", has_phone=False).exists()
    assert client.get(reverse("agenda:edit", args=[workshop.pk])).status_code == 403


def test_a_co_animateur_drives_the_agenda_but_not_the_preparation(workshop, team):
    client = signed_in(team["co_facilitator"])
    assert start(client, workshop).status_code == 200
    workshop.refresh_from_db()
    assert workshop.status == "live"
    assert client.get(reverse("agenda:edit", args=[workshop.pk])).status_code == 403
    assert client.get(reverse("workshops:detail", args=[workshop.pk])).status_code == 403


def test_someone_of_another_organisation_reaches_nothing_of_the_workshop(workshop, team):
    client = signed_in(team["outsider"])
    assert client.get(reverse("live:console", args=[workshop.pk])).status_code in (403, 404)
    assert client.get(reverse("workshops:detail", args=[workshop.pk])).status_code in (403, 404)
    assert start(client, workshop).status_code in (403, 404)
    assert workshop.title not in client.get(reverse("workshops:list")).content.decode()


def test_the_list_sends_each_teammate_to_the_console_with_their_role(workshop, team):
    html = signed_in(team["scribe"]).get(reverse("workshops:list")).content.decode()
    assert reverse("live:console", args=[workshop.pk]) in html
    assert "(scribe)" in html


def test_the_api_lets_each_role_do_what_its_pages_do(client, workshop, team):
    tokens = {name: create_api_token(user) for name, user in team.items()}
    state = f"/api/v1/workshops/{workshop.pk}"
    for name in ("observer", "scribe", "co_facilitator"):
        assert client.get(state, headers=bearer(tokens[name])).status_code == 200, name
    assert client.get(state, headers=bearer(tokens["outsider"])).status_code in (403, 404)
    started = client.post(f"{state}/start", headers=bearer(tokens["observer"]))
    assert started.status_code == 403
    assert client.post(f"{state}/start", headers=bearer(tokens["scribe"])).status_code == 403
    assert (
        client.post(f"{state}/start", headers=bearer(tokens["co_facilitator"])).status_code == 200
    )
    proposal = {"text": "Des permanences mobiles"}
    written = client.post(
        f"{state}/proposals",
        proposal,
        content_type="application/json",
        headers=bearer(tokens["scribe"]),
    )
    assert written.status_code == 201, written.content
    refused = client.post(
        f"{state}/proposals",
        proposal,
        content_type="application/json",
        headers=bearer(tokens["observer"]),
    )
    assert refused.status_code == 403
    assert Proposal.objects.count() == 1


@async_test
async def test_the_whole_team_follows_the_socket_and_outsiders_are_refused(workshop, team):
    path = f"/ws/workshops/{workshop.pk}/?view=console"
    for name in ("observer", "scribe", "co_facilitator", "outsider"):
        client = Client()
        await run(client.force_login, team[name])
        refused = await refused_with(path, session_cookie(client))
        assert (refused is not None) is (name == "outsider"), name
