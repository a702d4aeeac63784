"""The facilitator's workshop pages: list, detail, edit."""

import pytest

from coprod.testing.factories import ProcessFactory, WorkshopFactory
from coprod.testing.pages import visible_text

pytestmark = pytest.mark.django_db


def test_list_shows_only_the_workshops_one_runs(facilitator_client, facilitator, workshop):
    """Workshops one facilitates or whose process one owns are listed, others are not."""
    owned = WorkshopFactory(
        title="Atelier de ma démarche", process=ProcessFactory(owners=[facilitator])
    )
    WorkshopFactory(title="Atelier d'un autre territoire")
    page = visible_text(facilitator_client.get("/ateliers/"))
    assert workshop.title in page
    assert owned.title in page
    assert "Atelier d'un autre territoire" not in page


def test_detail_shows_code_and_board_link(facilitator_client, workshop):
    response = facilitator_client.get(f"/ateliers/{workshop.pk}/")
    assert response.status_code == 200
    assert workshop.join_code in visible_text(response)
    assert f"/tableau/{workshop.pk}/?cle={workshop.board_key}" in visible_text(response)


def test_detail_and_edit_are_forbidden_to_other_accounts(client, stranger, workshop):
    client.force_login(stranger)
    assert client.get(f"/ateliers/{workshop.pk}/").status_code == 403
    assert client.post(f"/ateliers/{workshop.pk}/modifier/", {"title": "Piraté"}).status_code == 403
    workshop.refresh_from_db()
    assert workshop.title != "Piraté"


def test_edit_workshop(facilitator_client, workshop):
    response = facilitator_client.post(
        f"/ateliers/{workshop.pk}/modifier/",
        {
            "process": workshop.process.pk,
            "title": "Atelier 4 (nouvelle date)",
            "question": workshop.question,
            "charter": workshop.charter,
        },
        follow=True,
    )
    assert "Atelier enregistré." in visible_text(response)
    workshop.refresh_from_db()
    assert workshop.title == "Atelier 4 (nouvelle date)"


def test_a_control_character_in_a_field_is_refused_and_nothing_is_saved(
    facilitator_client, workshop
):
    """No service cleans a workshop's title: the HTTP edge refuses it (PostgreSQL would answer
    500 on a NUL, SQLite would store an escape the board shows as nothing)."""
    response = facilitator_client.post(
        f"/ateliers/{workshop.pk}/modifier/",
        {"process": workshop.process.pk, "title": "Atelier\x1b 4", "question": "Q", "charter": ""},
    )
    assert response.status_code == 400
    assert "« title » contient des caractères invisibles non autorisés." in visible_text(response)
    workshop.refresh_from_db()
    assert "\x1b" not in workshop.title
