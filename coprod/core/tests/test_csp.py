"""The Content-Security-Policy header: on every answer, with the nonce of the page's own inline
script, and the WebSocket of the host the page was loaded from."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";"))}


def test_every_answer_carries_the_policy(client, facilitator_client, workshop):
    for response in (
        client.get("/compte/connexion/"),
        client.get("/nulle-part/"),  # a 404
        client.get("/api/v1/openapi.json"),
        client.get("/compte/connexion/", HTTP_HOST="bad host"),  # a 400
        facilitator_client.get(f"/tableau/{workshop.pk}/"),
    ):
        policy = directives(response)
        assert policy["default-src"] == ["'self'"], response.status_code
        assert policy["script-src"][0] == "'self'"
        assert "'unsafe-inline'" not in policy["script-src"]
        assert policy["object-src"] == policy["frame-ancestors"] == ["'none'"]
        assert policy["base-uri"] == policy["form-action"] == ["'self'"]


def test_the_sockets_of_the_page_host_are_allowed(facilitator_client, workshop):
    response = facilitator_client.get(f"/tableau/{workshop.pk}/", HTTP_HOST="192.168.43.10:8000")
    assert directives(response)["connect-src"] == [
        "'self'",
        "ws://192.168.43.10:8000",
        "wss://192.168.43.10:8000",
    ]


def test_inline_script_runs_by_the_nonce_of_its_own_answer(facilitator_client, workshop):
    url = reverse("restitution:slides", args=[workshop.pk])
    first, second = facilitator_client.get(url), facilitator_client.get(url)
    nonces = []
    for response in (first, second):
        [nonce] = [v for v in directives(response)["script-src"] if v.startswith("'nonce-")]
        assert f'<script nonce="{nonce[7:-1]}">' in response.content.decode()
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
