"""No join code or board key reaches someone who does not hold it: pages, redirects, API
answers, error messages (log lines: coprod/core/tests/test_redaction.py)."""

import pytest
from django.test import Client

from coprod.testing.api import bearer
from coprod.testing.factories import ParticipantFactory
from coprod.testing.pages import visible_text

pytestmark = pytest.mark.django_db

PHONE_PAGES = ["/p/{id}/", "/p/{id}/carte/"]
PHONE_REGIONS = ["/p/{id}/live/", "/p/{id}/moi/"]


def reveals(response, workshop) -> bool:
    text = response.content.decode(errors="replace") + response.get("Location", "")
    return workshop.join_code in text or workshop.board_key in text


@pytest.mark.parametrize("path", PHONE_PAGES)
def test_a_browser_that_has_not_joined_lands_on_the_code_form(client, workshop, path):
    """Workshop ids follow each other: a phone page opened without having joined must not
    redirect to the workshop's join link (that would list every code of a server)."""
    response = client.get(path.format(id=workshop.pk))
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not reveals(response, workshop)
    assert "Rejoindre un atelier" in visible_text(client.get(response["Location"]))


@pytest.mark.parametrize("path", PHONE_REGIONS)
def test_phone_regions_refuse_a_browser_that_has_not_joined(client, workshop, path):
    response = client.get(path.format(id=workshop.pk))
    assert response.status_code == 403
    assert not reveals(response, workshop)


def test_unknown_workshop_ids_say_nothing_either(client, workshop):
    for path in ["/p/{id}/", "/p/{id}/carte/", "/tableau/{id}/", "/tableau/{id}/rejoindre/"]:
        response = client.get(path.format(id=workshop.pk + 1000))
        assert response.status_code in (302, 404)
        assert not reveals(response, workshop)


@pytest.mark.parametrize(
    "path",
    [
        "/tableau/{id}/",
        "/tableau/{id}/live/",
        "/tableau/{id}/rejoindre/",
        "/animer/{id}/",
        "/animer/{id}/live/",
        "/ateliers/{id}/",
        "/ateliers/{id}/modifier/",
        "/api/v1/workshops/{id}",
    ],
)
def test_pages_that_show_the_code_refuse_strangers(client, stranger, workshop, path):
    """Anonymous, a signed-in stranger, a participant of another workshop: none gets the
    code or the board key from the board, the console, the workshop page or the API."""
    other = ParticipantFactory(token="jeton-ailleurs")
    signed_in = Client()
    signed_in.force_login(stranger)
    url = path.format(id=workshop.pk)
    for response in (
        client.get(url),
        signed_in.get(url),
        client.get(url, headers=bearer("jeton-ailleurs")),
        client.get(url + "?cle=pas-la-cle"),
    ):
        assert response.status_code in (302, 401, 403, 404), url
        assert not reveals(response, workshop), url
    assert other.workshop_id != workshop.pk
