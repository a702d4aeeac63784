"""The existing actions and levers steps in the facilitator's console: the action on screen,
testimonies said aloud and levers, in place; only the workshop's facilitators."""

from html import unescape

import pytest
from django.template.loader import render_to_string
from django.test import Client

from coprod.catalogue.models import Lever, Presentation
from coprod.catalogue.models import Testimony as Said
from coprod.testing.factories import SAID, ParticipantFactory

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def html(response) -> str:
    return unescape(response.content.decode())


def region(workshop) -> str:
    """The presentation region as the console's push renders it."""
    return unescape(
        render_to_string("catalogue/live/console_presentation.html", {"workshop": workshop})
    )


def test_the_next_action_goes_on_screen_and_is_announced(facilitator_client, workshop, shown):
    response = facilitator_client.post(
        f"/animer/{workshop.pk}/actions-presentees/suivante/", headers=HX
    )
    page = html(response)
    assert response.status_code == 200
    assert Presentation.objects.get(is_current=True) == shown[1]
    assert "À l'écran : Épicerie itinérante" in page
    assert '<p id="console-announce" hx-swap-oob="innerHTML">« Épicerie itinérante » est' in page
    # The last one: the button is off, and a press says why.
    assert 'id="console-next-action" disabled' in page
    again = facilitator_client.post(
        f"/animer/{workshop.pk}/actions-presentees/suivante/", headers=HX
    )
    assert again.status_code == 400
    assert "C'était la dernière action à présenter." in html(again)


def test_any_presented_action_can_go_on_screen(facilitator_client, workshop, shown):
    response = facilitator_client.post(
        f"/animer/{workshop.pk}/actions-presentees/{shown[1].pk}/afficher/", headers=HX
    )
    assert response.status_code == 200
    assert Presentation.objects.get(is_current=True) == shown[1]


def test_a_testimony_said_aloud_by_a_person_without_a_phone(facilitator_client, workshop, shown):
    bernard = ParticipantFactory(workshop=workshop, name="Bernard", has_phone=False)
    prefix = f"w{shown[0].pk}"
    assert "Témoins : 0 sur 2" in region(workshop)
    response = facilitator_client.post(
        f"/animer/{workshop.pk}/actions-presentees/{shown[0].pk}/temoignages/",
        {f"{prefix}-witness": bernard.pk, **{f"{prefix}-{k}": v for k, v in SAID.items()}},
        headers=HX,
    )
    page = html(response)
    assert response.status_code == 200
    said = Said.objects.get()
    assert (said.witness, said.witness_name) == (bernard, "Bernard")
    assert "Témoins : 1 sur 2" in page and "Témoignage enregistré." in page


def test_a_testimony_without_a_witness_is_refused_in_french(facilitator_client, workshop, shown):
    prefix = f"w{shown[0].pk}"
    response = facilitator_client.post(
        f"/animer/{workshop.pk}/actions-presentees/{shown[0].pk}/temoignages/",
        {f"{prefix}-{k}": v for k, v in SAID.items()},
        headers=HX,
    )
    assert response.status_code == 400
    assert 'role="alert"' in html(response)
    assert not Said.objects.exists()


def test_a_lever_is_added_from_the_console(facilitator_client, workshop):
    response = facilitator_client.post(
        f"/animer/{workshop.pk}/leviers/",
        {
            "console-lever-kind": Lever.Kind.values[0],
            "console-lever-title": "Appel à projets « mobilité rurale »",
            "console-lever-client_key": "k1",
        },
        headers=HX,
    )
    page = html(response)
    assert response.status_code == 200, page
    assert Lever.objects.get().title == "Appel à projets « mobilité rurale »"
    assert "1 levier</h2>" in page and "Levier ajouté." in page


def test_a_lever_without_a_title_is_refused(facilitator_client, workshop):
    response = facilitator_client.post(
        f"/animer/{workshop.pk}/leviers/", {"console-lever-kind": Lever.Kind.values[0]}, headers=HX
    )
    assert response.status_code == 400
    assert "Nommez le levier" in html(response)


def test_only_the_workshops_facilitators(stranger, workshop, shown):
    client = Client()
    client.force_login(stranger)
    for url in (
        f"/animer/{workshop.pk}/actions-presentees/suivante/",
        f"/animer/{workshop.pk}/actions-presentees/{shown[0].pk}/temoignages/",
        f"/animer/{workshop.pk}/leviers/",
    ):
        response = client.post(url, {"console-lever-title": "x"}, headers=HX)
        assert response.status_code == 403, url
        assert "Seuls les animateurs de cet atelier" in html(response)
    assert Presentation.objects.get(is_current=True) == shown[0]
    assert not Lever.objects.exists() and not Said.objects.exists()
