"""Two organisations on one server never see each other's processes, workshops, catalogue or
participants: every page and every API read of the server is requested by one organisation's
administrator with the other organisation's ids, and nothing of the other shows.

The addresses come from the URL configuration itself, so a page added later is covered too."""

import json
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from coprod.accounts.services import create_api_token
from coprod.catalogue.models import Action
from coprod.organisations.models import Membership
from coprod.testing.api import bearer
from coprod.testing.factories import (
    ActionFactory,
    OrganisationFactory,
    ProcessFactory,
    UserFactory,
    WorkshopFactory,
    join,
    seed_agenda,
)
from coprod.testing.scenarios import NAMES, run_to_the_end

pytestmark = pytest.mark.django_db

# Public by design to whoever holds the secret in the address: the join code's page. (The
# board, the phone page and the published restitution are requested too: without their key or
# session they must show nothing.)
BY_DESIGN = {"participants:join_code"}
TEXT_TYPES = ("text/", "application/json")
PARAMS = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def patterns(resolver=None, prefix="", namespace=""):
    """(name, route) of every URL of the server, routes with their <converter:name> parts."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from patterns(entry, route, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name or ''}", route


@pytest.fixture
def two_organisations(facilitator, clock):
    """Organisation B with a workshop run to its end; organisation A's administrator."""
    their_workshop = WorkshopFactory(facilitators=[facilitator], title="Atelier secret de B")
    seed_agenda(their_workshop)
    theirs = run_to_the_end(their_workshop, facilitator, clock)
    workshop = theirs.workshop
    workshop.process.title = "Démarche secrète de B"
    workshop.process.save()
    ActionFactory(process=workshop.process, title="Action secrète de B")
    ours = OrganisationFactory(name="Organisation A")
    admin = join(UserFactory(username="admin-a"), ours, Membership.Role.ADMIN)
    own = ProcessFactory(organisation=ours, title="Démarche de A", owners=[admin])
    WorkshopFactory(process=own, facilitators=[admin], title="Atelier de A")
    markers = [*NAMES, workshop.title, "Démarche secrète de B", "Action secrète de B"]
    markers += [facilitator.email, workshop.process.organisation.name]  # B's team pages
    return admin, theirs, markers


def ids_of(ran) -> dict:
    """An id of organisation B for each kind of parameter the URLs take."""
    workshop = ran.workshop
    first = lambda queryset: queryset.values_list("pk", flat=True).first()  # noqa: E731
    return {
        "workshop_id": workshop.pk,
        "process_id": workshop.process_id,
        "step_id": first(workshop.steps.all()),
        "item_id": first(workshop.process.priority_items.all()),
        "public_id": first(workshop.process.target_publics.all()),
        "participant_id": ran.people[0].pk,
        "sheet_id": ran.sheets[0].pk if ran.sheets else None,
        "action_id": first(Action.objects.of_process(workshop.process)),
        "proposal_id": first(workshop.proposals.all()),
        "cluster_id": first(workshop.clusters.all()),
        "slug": workshop.process.organisation.slug,  # the organisation's team pages
    }


def addresses(ids: dict):
    """Every GET address with organisation B's ids in it (both readings of a bare `pk`)."""
    for name, route in patterns():
        if name in BY_DESIGN or route.startswith(("admin/", "static/", "media/")):
            continue
        for pk in ("workshop_id", "process_id"):
            path, complete = route, True
            for match in PARAMS.finditer(route):
                key = pk if match["name"] == "pk" else match["name"]
                # The API's routes name their ids without a converter.
                if key in ids or key.endswith("_id") or match["converter"] == "int":
                    value = ids.get(key, ids["workshop_id"])
                else:
                    value = {"paper": "a4", "action": "start"}.get(match["name"], "x")
                complete &= value is not None
                path = path.replace(match[0], str(value))
            if complete and "^" not in path:
                yield name, "/" + path
            if "<pk>" not in route and "<int:pk>" not in route:
                break


def leaks(response, markers) -> list[str]:
    if response.status_code >= 500:
        return [f"error {response.status_code}"]
    kind = response.get("Content-Type", "")
    if not kind.startswith(TEXT_TYPES):
        return ["a document"] if response.status_code == 200 else []
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode(errors="replace")
    if "json" in kind:  # « é » travels as \u00e9 there
        text = json.dumps(json.loads(text), ensure_ascii=False)
    return [marker for marker in markers if marker in text]


def test_no_page_shows_another_organisation_s_data(two_organisations):
    admin, theirs, markers = two_organisations
    client = Client()
    client.force_login(admin)
    seen = {
        (name, path): leaks(client.get(path), markers) for name, path in addresses(ids_of(theirs))
    }
    assert len(seen) > 60, "the URL configuration was not walked"
    assert {where: what for where, what in seen.items() if what} == {}
    own = client.get("/ateliers/").content.decode()
    assert "Atelier de A" in own  # the check above would pass on an empty page too


def test_no_api_read_shows_another_organisation_s_data(client, two_organisations):
    admin, theirs, markers = two_organisations
    headers = bearer(create_api_token(admin))
    seen = {
        (name, path): leaks(client.get(path, headers=headers), markers)
        for name, path in addresses(ids_of(theirs))
        if path.startswith("/api/v1/")
    }
    assert len(seen) > 20, "the API was not walked"
    assert {where: what for where, what in seen.items() if what} == {}
    listed = client.get("/api/v1/processes", headers=headers).json()
    assert [p["title"] for p in listed] == ["Démarche de A"]
