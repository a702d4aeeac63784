"""Priority items from a spreadsheet: the column read, the rows skipped, then confirmed."""

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from coprod.processes.importing import preview

pytestmark = pytest.mark.django_db


def texts(process):
    return list(process.priority_items.values_list("text", flat=True))


def test_the_item_column_is_read_and_bad_rows_are_skipped_by_line(process):
    data = (
        "Rang;Intitulé de l'item;Votes\n"
        "1;Covoiturage rural;42\n"
        ";;\n"
        "2;" + "x" * 301 + ";30\n"
        "3;mobilité;28\n"
        "4;Covoiturage  rural;20\n"
        "5;Tiers-lieux;12\n"
    ).encode()
    found = preview(process, "votes.csv", data)
    assert found.column == "Intitulé de l'item"
    assert found.items == [(2, "Covoiturage rural"), (7, "Tiers-lieux")]
    reasons = {row.line: row.reason for row in found.skipped}
    assert reasons == {3: "ligne vide", 4: reasons[4], 5: "doublon", 6: "doublon"}
    assert "trop long" in reasons[4]


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_a_single_column_sheet_is_read_whatever_its_header(process, fmt):
    sheet = tablib.Dataset(("Accès aux soins",), ("Culture",), headers=["Les plus votés"])
    found = preview(process, f"items.{fmt}", sheet.export(fmt))
    assert found.column == "Les plus votés"
    assert [text for _line, text in found.items] == ["Accès aux soins", "Culture"]


def test_a_file_without_an_item_column_is_refused_in_french(process):
    with pytest.raises(Exception, match="Aucune colonne d'items"):
        preview(process, "a.csv", b"Nom;Votes\nA;1\n")


@pytest.fixture
def owner(chargee):
    client = Client()
    client.force_login(chargee)
    return client


def test_upload_preview_then_confirm_creates_the_items(process, owner):
    url = f"/demarches/{process.pk}/items/importer/"
    upload = SimpleUploadedFile(
        "items.csv", "Item\nCovoiturage\nMobilité\n\nTiers-lieux\n".encode()
    )
    page = owner.post(url, {"file": upload}).content.decode()
    assert "Colonne lue : « Item »" in page
    assert "Covoiturage" in page and "Tiers-lieux" in page
    assert texts(process) == ["Mobilité", "Services de proximité", "Insertion"]  # nothing yet
    done = owner.post(url + "confirmer/", {"item": ["Covoiturage", "Tiers-lieux"]})
    assert done.status_code == 302
    assert texts(process)[-2:] == ["Covoiturage", "Tiers-lieux"]


def test_a_refused_file_or_tampered_confirmation_answers_in_french(process, owner):
    url = f"/demarches/{process.pk}/items/importer/"
    refused = owner.post(url, {"file": SimpleUploadedFile("a.csv", b"Nom;Votes\nA;1\n")})
    assert refused.status_code == 400
    assert "Aucune colonne d" in refused.content.decode()
    wrong_type = owner.post(url, {"file": SimpleUploadedFile("a.pdf", b"%PDF")})
    assert "Format non reconnu" in wrong_type.content.decode()
    tampered = owner.post(url + "confirmer/", {"item": ["ok", "x" * 400]}, follow=True)
    assert tampered.status_code == 200
    assert "300 caractères" in tampered.content.decode()
    invisible = owner.post(url + "confirmer/", {"item": ["ok", "a\x00b"]})
    assert invisible.status_code == 400  # refused at the edge (core.middleware), in French
    assert "Saisie refusée" in invisible.content.decode()
    empty = owner.post(url + "confirmer/", {}, follow=True)
    assert "Aucun item à importer" in empty.content.decode()
    assert len(texts(process)) == 3


def test_a_file_over_a_megabyte_is_refused(process, owner):
    big = SimpleUploadedFile("items.csv", b"Item\n" + b"x" * (1024 * 1024))
    answer = owner.post(f"/demarches/{process.pk}/items/importer/", {"file": big})
    assert answer.status_code == 400
    assert "dépasse 1 Mo" in answer.content.decode()


def test_a_public_column_adds_the_target_publics_the_process_lacks(process, owner):
    url = f"/demarches/{process.pk}/items/importer/"
    data = 'Item;Publics cibles\nCovoiturage;"Jeunes ; Aînés"\nTiers-lieux;Demandeurs d\'emploi\n'
    page = owner.post(url, {"file": SimpleUploadedFile("a.csv", data.encode())}).content.decode()
    assert "Publics cibles à créer (colonne « Publics cibles ») :" in page
    assert "Aînés" in page and 'value="Jeunes"' not in page  # the process has « Jeunes »
    owner.post(
        url + "confirmer/",
        {"item": ["Covoiturage", "Tiers-lieux"], "public": ["Aînés", "Demandeurs d'emploi"]},
    )
    names = sorted(process.target_publics.values_list("name", flat=True))
    assert names == ["Aînés", "Demandeurs d'emploi", "Jeunes"]
    assert texts(process)[-2:] == ["Covoiturage", "Tiers-lieux"]
