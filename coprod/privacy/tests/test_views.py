"""The notice at join, a phone's « Mes données », a facilitator's answers to a request."""

import json

import pytest

from coprod.organisations.models import Organisation
from coprod.participants.models import Participant
from coprod.privacy.models import AuditEntry
from coprod.testing.factories import ParticipantFactory, UserFactory, WorkshopFactory
from coprod.testing.pages import visible_text

pytestmark = pytest.mark.django_db


def join(client, workshop, name="Jeanne Martin"):
    card = {"code": workshop.join_code, "name": name, "accept_charter": "on"}
    response = client.post(f"/j/{workshop.join_code}/", card)
    assert response.status_code == 302, visible_text(response)
    return Participant.objects.get(name=name)


def test_the_join_page_says_who_keeps_the_data_how_long_and_whom_to_ask(client, workshop):
    Organisation.objects.filter(pk=workshop.process.organisation_id).update(
        name="Parc naturel régional du Vexin français",
        privacy_contact="dpo@pnr-vexin-francais.fr",
        retention_months=12,
    )
    text = visible_text(client.get(f"/j/{workshop.join_code}/"))
    assert "Responsable : Parc naturel régional du Vexin français." in text
    assert "12 mois" in text
    assert "Contact : dpo@pnr-vexin-francais.fr" in text
    assert "Un prénom ou un pseudonyme suffit." in text
    full = visible_text(client.get(f"/j/{workshop.join_code}/donnees-personnelles/"))
    assert "Responsable du traitement Parc naturel régional du Vexin français" in full
    assert "mission d'intérêt public" not in full  # an « other » organisation: legitimate interest
    assert "intérêt légitime" in full
    assert "Pour exercer vos droits : dpo@pnr-vexin-francais.fr" in full
    assert "Transferts hors de l'Union européenne Aucun." in full


def test_an_organisations_own_notice_replaces_the_default_text(client, workshop):
    Organisation.objects.filter(pk=workshop.process.organisation_id).update(
        privacy_notice="Notre notice <b>maison</b>.\n\nDeuxième paragraphe."
    )
    response = client.get(f"/j/{workshop.join_code}/donnees-personnelles/")
    assert "Notre notice &lt;b&gt;maison&lt;/b&gt;." in response.content.decode()
    assert "Responsable du traitement" not in visible_text(response)


def test_a_wrong_code_has_no_notice_page(client, workshop):
    assert client.get("/j/ZZZZZZ/donnees-personnelles/").status_code == 404


def test_the_phone_shows_and_downloads_what_coprod_holds_about_its_participant(client, workshop):
    me = join(client, workshop)
    phone = client.get(f"/p/{workshop.pk}/")
    assert f'href="/p/{workshop.pk}/mes-donnees/"' in phone.content.decode()
    text = visible_text(client.get(f"/p/{workshop.pk}/mes-donnees/"))
    assert "Jeanne Martin" in text
    download = client.get(f"/p/{workshop.pk}/mes-donnees.json")
    assert download["Content-Disposition"].startswith("attachment")
    assert json.loads(download.content)["carte"]["nom"] == me.name


def test_another_phone_never_sees_someone_elses_data(client, workshop):
    ParticipantFactory(workshop=workshop, name="Marcel Dupuis")
    assert client.get(f"/p/{workshop.pk}/mes-donnees/").status_code == 302
    assert client.get(f"/p/{workshop.pk}/mes-donnees.json").status_code == 302


def test_a_facilitator_finds_exports_and_erases_one_person(client, animateur, workshop, marcel):
    client.force_login(animateur)
    base = f"/animer/{workshop.pk}/donnees-personnelles/"
    found = visible_text(client.get(base, {"q": "dupuis"}))
    assert "Marcel Dupuis" in found and "Josiane" not in found
    exported = client.post(f"{base}{marcel.pk}/export/")
    assert json.loads(exported.content)["carte"]["nom"] == "Marcel Dupuis"
    confirm = client.get(f"{base}{marcel.pk}/effacer-nom/")
    assert "Effacer le nom de Marcel Dupuis ?" in visible_text(confirm)
    done = client.post(f"{base}{marcel.pk}/effacer-nom/", follow=True)
    assert "Le nom est remplacé par « Participant 2 »" in visible_text(done)
    again = client.post(f"{base}{marcel.pk}/effacer-nom/", follow=True)
    assert "Rien à effacer : c'était déjà fait." in visible_text(again)
    client.post(f"{base}{marcel.pk}/effacer-textes/")
    assert "[texte effacé à la demande de la personne]" in visible_text(
        client.get(f"{base}{marcel.pk}/")
    )
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "export",
        "erase_name",
        "erase_texts",
    ]


def test_bad_input_gets_a_french_message(client, animateur, workshop, marcel):
    client.force_login(animateur)
    base = f"/animer/{workshop.pk}/donnees-personnelles/"
    long = client.get(base, {"q": "x" * 81})
    assert long.status_code == 400
    assert "Tapez au plus 80 caractères du nom." in visible_text(long)
    assert client.get(f"{base}{marcel.pk}/effacer-tout/").status_code == 404
    assert client.get(f"{base}99999/").status_code == 404
    assert client.get(f"{base}{'9' * 30}/").status_code == 404
    assert client.get(f"/animer/{'9' * 30}/donnees-personnelles/").status_code == 404
    assert client.get(f"{base}{marcel.pk}/export/").status_code == 405  # an export is a POST


def test_no_one_else_reaches_a_workshops_people(client, workshop, marcel):
    base = f"/animer/{workshop.pk}/donnees-personnelles/"
    join(client, workshop, name="Une participante")  # a phone, not signed in
    assert client.get(base).status_code == 302  # to the sign-in page
    assert client.post(f"{base}{marcel.pk}/export/").status_code == 302
    stranger = UserFactory(username="autre")
    theirs = WorkshopFactory(facilitators=[stranger])
    client.force_login(stranger)
    refused = client.post(f"{base}{marcel.pk}/effacer-nom/")
    assert refused.status_code == 403
    assert "Seuls les animateurs de cet atelier" in visible_text(refused)
    # Through their own workshop's pages, the person is not found.
    other = f"/animer/{theirs.pk}/donnees-personnelles/{marcel.pk}/"
    assert client.get(other).status_code == 404
    assert client.post(f"{other}export/").status_code == 404
    marcel.refresh_from_db()
    assert marcel.name == "Marcel Dupuis"
    assert not AuditEntry.objects.exists()
