"""GET /healthz as a monitoring probe sees it: JSON, no cookie, no cache, no redirect."""

import json

import pytest
from django.utils import timezone

from coprod.jobs import heartbeat

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _data_dir(settings):
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)


def test_healthz_answers_json_without_a_cookie(client):
    heartbeat.beat("w", timezone.now())
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies
    body = json.loads(response.content)
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "channel_layer", "worker", "disk"}


def test_degraded_is_still_200(client):
    response = client.get("/healthz")  # no worker has beaten
    assert response.status_code == 200
    assert json.loads(response.content)["status"] == "degraded"


def test_no_redirect_to_https_for_a_local_probe(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301  # the rest of the site is redirected


def test_a_post_is_refused_not_checked(client):
    assert client.post("/healthz").status_code == 405
