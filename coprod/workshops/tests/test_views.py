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


PRINTOUTS = ["affiche/a4/", "affiche/a3/", "chevalets/a4/", "chevalets/a3/"]


@pytest.mark.parametrize("printout", PRINTOUTS)
def test_posters_and_cards_are_for_the_workshop_facilitators_only(
    client, stranger, workshop, printout
):
    """Another account gets a 404 for the page and its PDF, as for a workshop that does not
    exist; a visitor who is not signed in is sent to the sign-in page."""
    client.force_login(stranger)
    assert client.get(f"/ateliers/{workshop.pk}/{printout}").status_code == 404
    assert client.get(f"/ateliers/{workshop.pk}/{printout}pdf/").status_code == 404
    assert client.get(f"/ateliers/{workshop.pk + 1000}/{printout}").status_code == 404
    client.logout()
    response = client.get(f"/ateliers/{workshop.pk}/{printout}pdf/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/")


def test_the_process_owner_prints_the_poster_of_a_workshop_of_their_process(client, chargee):
    owned = WorkshopFactory(process=ProcessFactory(owners=[chargee]))
    client.force_login(chargee)
    assert client.get(f"/ateliers/{owned.pk}/affiche/a4/").status_code == 200
    assert client.get(f"/ateliers/{owned.pk}/affiche/a4/pdf/").status_code == 200


def test_an_unknown_paper_size_is_a_404(facilitator_client, workshop):
    assert facilitator_client.get(f"/ateliers/{workshop.pk}/affiche/a5/").status_code == 404
    assert facilitator_client.get(f"/ateliers/{workshop.pk}/chevalets/x/pdf/").status_code == 404


@pytest.mark.parametrize("printout", PRINTOUTS)
def test_the_printable_page_shows_code_and_address_and_never_the_board_key(
    facilitator_client, workshop, printout
):
    response = facilitator_client.get(f"/ateliers/{workshop.pk}/{printout}")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    text = visible_text(response)
    assert workshop.join_code in text
    assert f"testserver/j/{workshop.join_code}" in text
    assert workshop.board_key not in page
    # The sheet itself holds no link: only the toolbar around it, which is not printed.
    sheet = page[page.index('<div class="sheet') :]
    assert "<a " not in sheet and "/ateliers/" not in sheet


def test_the_paper_is_chosen_on_the_page(facilitator_client, workshop):
    page = facilitator_client.get(f"/ateliers/{workshop.pk}/affiche/a3/").content.decode()
    assert "@page { size: A3 portrait; margin: 0; }" in page
    assert f'href="/ateliers/{workshop.pk}/affiche/a4/"' in page
    assert f'href="/ateliers/{workshop.pk}/affiche/a3/pdf/"' in page


def test_a_page_opened_at_a_loopback_address_warns_that_phones_cannot_use_it(
    facilitator_client, workshop
):
    warning = "Cette adresse ne fonctionne que sur cet ordinateur"
    local = facilitator_client.get(f"/ateliers/{workshop.pk}/affiche/a4/", HTTP_HOST="127.0.0.1")
    assert warning in visible_text(local)
    hall = facilitator_client.get(f"/ateliers/{workshop.pk}/affiche/a4/", HTTP_HOST="10.0.0.2")
    assert warning not in visible_text(hall)
    assert "10.0.0.2/j/" in visible_text(hall)


def test_the_workshop_page_offers_the_posters_and_cards(facilitator_client, workshop):
    page = facilitator_client.get(f"/ateliers/{workshop.pk}/").content.decode()
    assert f'href="/ateliers/{workshop.pk}/affiche/a4/"' in page
    assert f'href="/ateliers/{workshop.pk}/affiche/a3/"' in page
    assert f'href="/ateliers/{workshop.pk}/chevalets/a4/"' in page
