"""The HTTP edge refuses control characters in any parameter with a French 400 (pages, htmx
requests and the API alike); tabs and line breaks pass."""

import pytest

from coprod.testing.pages import visible_text

pytestmark = pytest.mark.django_db

REFUSED = "« q » contient des caractères invisibles non autorisés."


@pytest.mark.parametrize("value", ["\x00", "bus\x1b", "\x7f", "\x9b"])
def test_a_page_answers_400_in_french(client, value):
    response = client.get("/", {"q": value})
    assert response.status_code == 400
    assert REFUSED in visible_text(response)
    assert "rien n'a été enregistré" in visible_text(response)


def test_the_name_of_a_parameter_is_checked_too(client):
    response = client.post("/", {"code\x00": "ABCDEF"})
    assert response.status_code == 400
    assert "« code » contient des caractères invisibles" in visible_text(response)


def test_an_htmx_request_keeps_its_form_as_typed(client):
    """Nothing to swap (the typed text stays on the phone); live.js shows the plain message."""
    response = client.post("/", {"q": "\x00"}, headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert response["HX-Reswap"] == "none"
    assert response.content.decode() == REFUSED


def test_the_api_answers_in_json(client):
    response = client.get("/api/v1/workshops/1/actions", {"q": "\x00"})
    assert response.status_code == 400
    assert response.json() == {"detail": REFUSED}


def test_tabs_and_line_breaks_pass(client):
    assert client.get("/", {"q": "a\tb\r\nc"}).status_code == 200


def test_api_bodies_are_left_to_the_api(client, workshop, facilitator_token):
    """A form body sent to a JSON operation: parsing it here would leave django-ninja no body
    to read (a 500); the API refuses it itself."""
    from coprod.testing.api import bearer

    path = f"/api/v1/workshops/{workshop.pk}/polls"
    response = client.post(path, {"title": "Priorités"}, headers=bearer(facilitator_token))
    assert response.status_code == 400
