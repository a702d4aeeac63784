"""Bad input to the API gets a 4xx with a French message, never a 500, and writes nothing.

Hand-written cases of what was found answering 500 (PostgreSQL) or storing what PostgreSQL
cannot hold (SQLite); the schemathesis run (test_schema_fuzz.py) looks for more.
"""

import json

import pytest

from coprod.catalogue.models import Action
from coprod.grouping import services as grouping
from coprod.grouping.models import Cluster
from coprod.participants.models import Participant
from coprod.proposals.models import Proposal
from coprod.testing.api import bearer
from coprod.testing.factories import ProposalFactory
from coprod.voting.models import Poll

pytestmark = pytest.mark.django_db

INVISIBLE = "contient des caractères invisibles non autorisés."
BEYOND_64_BITS = "99999999999999999999"


def send(client, method, path, body, token=None):
    """`body` as raw JSON text, so that a test can send what no dict would serialise to."""
    headers = bearer(token) if token else {}
    return getattr(client, method)(
        f"/api/v1{path}", body, content_type="application/json", headers=headers
    )


@pytest.mark.parametrize("body", ['"hello"', "[]", "null", "3"])
def test_a_body_that_is_not_an_object_is_refused(client, workshop, facilitator_token, body):
    """`"hello"` used to create a poll named « Hello » (pydantic read "hello".title())."""
    response = send(client, "post", f"/workshops/{workshop.pk}/polls", body, facilitator_token)
    assert response.status_code == 400
    assert response.json() == {"detail": "Le corps de la requête doit être un objet JSON."}
    assert not Poll.objects.exists()


def test_unreadable_json_is_refused_in_french(client, workshop, facilitator_token):
    response = send(client, "post", f"/workshops/{workshop.pk}/polls", "{", facilitator_token)
    assert response.status_code == 400
    assert response.json() == {"detail": "Le corps de la requête n'est pas du JSON lisible."}


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "Alice\u0000"), ("organisation", "Mairie\u001b"), ("name", "Alice\ud800")],
)
def test_joining_with_control_characters_or_a_lone_surrogate_is_refused(
    client, workshop, field, value
):
    body = {"code": workshop.join_code, "name": "Alice"} | {field: value}
    response = send(client, "post", "/join", json.dumps(body))
    assert response.status_code == 400
    assert response.json() == {"detail": f"« {field} » {INVISIBLE}"}
    assert not Participant.objects.exists()


def test_control_characters_in_a_nested_field_are_refused_by_their_path(
    client, workshop, facilitator_token
):
    body = json.dumps({"title": "Bus", "links": ["https://example.org/\u0000"]})
    response = send(client, "post", f"/workshops/{workshop.pk}/actions", body, facilitator_token)
    assert response.status_code == 400
    assert response.json() == {"detail": f"« links.0 » {INVISIBLE}"}
    assert not Action.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"text": "Un bus le samedi\u0000"},
        {"text": "Un bus le samedi", "client_key": "k\u0000"},
    ],
)
def test_a_proposal_with_a_nul_is_refused(client, workshop, facilitator_token, body):
    path = f"/workshops/{workshop.pk}/proposals"
    response = send(client, "post", path, json.dumps(body), facilitator_token)
    assert response.status_code == 400
    assert INVISIBLE in response.json()["detail"]
    assert not Proposal.objects.exists()


def test_a_group_label_with_a_nul_is_refused(client, workshop, facilitator, facilitator_token):
    ProposalFactory(workshop=workshop, text="Un bus le samedi")
    (cluster,) = grouping.auto_group(workshop, actor=facilitator, k=1)
    path = f"/workshops/{workshop.pk}/groups/{cluster.pk}"
    body = json.dumps({"label": "Mobilité\u0000"})
    response = send(client, "patch", path, body, facilitator_token)
    assert response.status_code == 400
    assert response.json() == {"detail": f"« label » {INVISIBLE}"}
    assert "\x00" not in Cluster.objects.get().label


def test_a_search_with_a_nul_is_refused(client, workshop, facilitator_token):
    response = client.get(
        f"/api/v1/workshops/{workshop.pk}/actions",
        {"q": "bus\x00"},
        headers=bearer(facilitator_token),
    )
    assert response.status_code == 400
    assert response.json() == {"detail": f"« q » {INVISIBLE}"}


def test_a_number_beyond_64_bits_in_a_body_is_refused(client, workshop, facilitator_token):
    """SQLite could not bind it (500): refused before any query."""
    body = f'{{"title": "Priorités", "syntheses": [{BEYOND_64_BITS}, 1]}}'
    response = send(client, "post", f"/workshops/{workshop.pk}/polls", body, facilitator_token)
    assert response.status_code == 400
    assert response.json() == {"detail": "« syntheses.0 » est hors des valeurs permises."}
    assert not Poll.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        f"/workshops/{BEYOND_64_BITS}",
        f"/workshops/{BEYOND_64_BITS}/proposals",
        "/workshops/{workshop}/actions/" + BEYOND_64_BITS,
        "/workshops/{workshop}/actions?offset=" + BEYOND_64_BITS,
        "/workshops/{workshop}/actions?public=" + BEYOND_64_BITS,
    ],
)
def test_an_id_or_an_offset_beyond_64_bits_is_a_422_in_french(
    client, workshop, facilitator_token, path
):
    response = client.get(
        "/api/v1" + path.format(workshop=workshop.pk), headers=bearer(facilitator_token)
    )
    assert response.status_code == 422
    assert response.json()["detail"].endswith("est hors des valeurs permises.")


def test_the_largest_offset_is_an_empty_page(client, workshop, facilitator_token):
    path = f"/api/v1/workshops/{workshop.pk}/actions?offset={2**63 - 1}"
    response = client.get(path, headers=bearer(facilitator_token))
    assert response.status_code == 200
    assert response.json() == {"count": 0, "items": []}


def test_moving_a_hidden_proposal_that_was_never_placed_is_a_400(
    client, workshop, facilitator_token
):
    hidden = ProposalFactory(workshop=workshop, text="Un marché le dimanche", hidden=True)
    path = f"/workshops/{workshop.pk}/proposals/{hidden.pk}/group"
    response = send(client, "post", path, json.dumps({"to": None}), facilitator_token)
    assert response.status_code == 400
    assert "affichez-la d'abord" in response.json()["detail"]


@pytest.mark.parametrize("flag", ["0", "1", '"yes"', '"off"'])
def test_a_flag_is_true_or_false_and_nothing_else(client, workshop, facilitator_token, flag):
    """pydantic took 0 for false; the schema says boolean (found by schemathesis)."""
    proposal = ProposalFactory(workshop=workshop, text="Un marché le dimanche")
    path = f"/workshops/{workshop.pk}/proposals/{proposal.pk}/hidden"
    response = send(client, "post", path, f'{{"hidden": {flag}}}', facilitator_token)
    assert response.status_code == 422
    assert response.json() == {"detail": "« hidden » n'a pas le bon type."}


@pytest.mark.parametrize("path", ["/jobs/null,null", "/jobs/pas-un-uuid/file"])
def test_a_job_id_that_is_not_a_uuid_is_a_422_in_json(client, facilitator_token, path):
    """It was Django's English HTML page, outside the schema (found by schemathesis)."""
    response = client.get("/api/v1" + path, headers=bearer(facilitator_token))
    assert response.status_code == 422
    assert response.json() == {"detail": "« job_id » n'a pas le bon type."}
