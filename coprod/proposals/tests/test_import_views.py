"""The facilitator's import of proposals: upload → preview (read by the worker) → « Importer N
propositions » → the job's result; cancel, tampered or foreign previews, refused files."""

import html as entities
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from coprod.jobs.models import Job
from coprod.proposals.models import Proposal
from coprod.testing.factories import UserFactory, WorkshopFactory
from coprod.testing.jobs import started_job

pytestmark = pytest.mark.django_db

FILE = (
    "Date;Proposition;Item\r\n"
    "05/01;Un minibus solidaire le jour du marché;1\r\n"
    "\r\n"
    "06/01;;2\r\n"
    "07/01;Des permanences emploi en mairie;\r\n"
    "08/01;Une idée;Item inventé\r\n"
).encode("utf-8-sig")


def url(name, workshop, *args):
    return reverse(f"proposals:{name}", args=[workshop.pk, *args])


def upload(client, workshop, name="avant.csv", data=FILE):
    return client.post(url("import", workshop), {"file": SimpleUploadedFile(name, data)})


def follow(client, response) -> tuple[str, Job]:
    """The page the job a view started leads to (tasks run at once in tests)."""
    job = started_job(response)
    landed = client.get(reverse("jobs:job", args=[job.pk]))
    if landed.status_code == 302:  # a preview opens as soon as it is read
        landed = client.get(landed["Location"])
    assert landed.status_code == 200
    return entities.unescape(landed.content.decode()), job


def preview_id(html) -> str:
    return re.search(r'name="preview" value="([0-9a-f-]+)"', html).group(1)


def confirm(client, workshop, token):
    return client.post(url("import_confirm", workshop), {"preview": token})


def test_the_preview_names_the_columns_the_rows_and_the_skipped_lines(
    facilitator_client, workshop, items
):
    html, _job = follow(facilitator_client, upload(facilitator_client, workshop))
    assert "Aperçu de l'import de « avant.csv »" in html
    columns = html[html.index('id="import-columns"') : html.index("</table>")]
    assert "« Proposition »" in columns and "texte de la proposition" in columns
    assert "« Item »" in columns and "item plébiscité" in columns
    assert "Colonnes ignorées : « Date »." in html
    assert "2 propositions à importer" in html
    rows = html[html.index('id="import-rows"') :]
    assert "Un minibus solidaire le jour du marché" in rows and items[0].text in rows
    assert "choisi d'après le texte" in rows  # no item given
    assert "Ligne 4 : proposition vide." in html
    assert "Ligne 6 : item « Item inventé » inconnu dans cet atelier." in html
    assert "Importer 2 propositions" in html
    assert not Proposal.objects.exists()


def test_confirming_creates_exactly_the_previewed_rows_once(facilitator_client, workshop, items):
    html, _job = follow(facilitator_client, upload(facilitator_client, workshop))
    token = preview_id(html)
    confirmed = confirm(facilitator_client, workshop, token)
    done, _job = follow(facilitator_client, confirmed)
    assert "2 propositions ajoutées." in done
    assert "2 lignes ignorées, comme l'aperçu l'annonçait." in done
    assert url("manage", workshop) in done
    created = workshop.proposals.order_by("pk")
    assert [p.text for p in created] == [
        "Un minibus solidaire le jour du marché",
        "Des permanences emploi en mairie",
    ]
    assert created[0].priority_item == items[0]
    assert all(p.source == Proposal.Source.IMPORT for p in workshop.proposals.all())
    # A double click or the back button follows the same import: nothing is added twice.
    again = confirm(facilitator_client, workshop, token)
    assert again["Location"] == confirmed["Location"]
    assert workshop.proposals.count() == 2


def test_a_file_without_a_proposition_column_is_refused_in_french(
    facilitator_client, workshop, items
):
    data = "idée;A\r\nUn minibus;B\r\n".encode()
    html, job = follow(facilitator_client, upload(facilitator_client, workshop, "i.csv", data))
    assert "Ce travail n’a pas abouti" in html
    assert "Aucune colonne de propositions dans ce fichier." in html
    assert "Colonnes trouvées : « idée », « A »." in html
    assert url("manage", workshop) in html  # back to the upload form
    assert job.status == Job.Status.FAILED
    assert not Proposal.objects.exists()


def test_a_file_of_another_format_is_refused_on_the_page(facilitator_client, workshop):
    response = upload(facilitator_client, workshop, "propositions.pdf", b"%PDF")
    assert response.status_code == 400
    assert (
        "Format non reconnu : importez un fichier .csv, .xlsx ou .ods." in response.content.decode()
    )


def gone(client, response) -> bool:
    """Sent back to the proposals page with the French « no longer available »."""
    if response.status_code != 302:
        return False
    page = entities.unescape(client.get(response["Location"]).content.decode())
    return "Cet aperçu n'est plus disponible : déposez de nouveau le fichier" in page


@pytest.mark.parametrize("token", ["", "pas-un-jeton", "'; DROP TABLE", str(uuid.uuid4())])
def test_a_tampered_token_gets_a_french_message(facilitator_client, workshop, items, token):
    follow(facilitator_client, upload(facilitator_client, workshop))
    assert gone(facilitator_client, confirm(facilitator_client, workshop, token))
    assert not Proposal.objects.exists()


def test_an_unknown_preview_address_gets_the_same_message(facilitator_client, workshop):
    response = facilitator_client.get(url("import_preview", workshop, uuid.uuid4()))
    assert gone(facilitator_client, response)


def test_an_expired_preview_cannot_be_confirmed(facilitator_client, workshop, items):
    html, job = follow(facilitator_client, upload(facilitator_client, workshop))
    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timezone.timedelta(days=2))
    assert gone(facilitator_client, facilitator_client.get(url("import_preview", workshop, job.pk)))
    assert gone(facilitator_client, confirm(facilitator_client, workshop, preview_id(html)))
    assert not Proposal.objects.exists()


def test_cancel_forgets_the_file_and_adds_nothing(facilitator_client, workshop, items):
    html, job = follow(facilitator_client, upload(facilitator_client, workshop))
    cancelled = facilitator_client.post(url("import_cancel", workshop), {"preview": job.pk})
    assert cancelled["Location"] == url("manage", workshop)
    page = entities.unescape(facilitator_client.get(cancelled["Location"]).content.decode())
    assert "Import annulé : aucune proposition n'a été ajoutée." in page
    assert not job.input_path.exists()
    assert gone(facilitator_client, confirm(facilitator_client, workshop, preview_id(html)))
    assert not Proposal.objects.exists()


def test_another_facilitators_preview_and_workshop_are_out_of_reach(
    facilitator_client, workshop, items, client
):
    html, job = follow(facilitator_client, upload(facilitator_client, workshop))
    # A co-facilitator of the same workshop: the preview is its requester's only.
    colleague = UserFactory(username="colleague")
    workshop.facilitators.add(colleague)
    client.force_login(colleague)
    assert gone(client, client.get(url("import_preview", workshop, job.pk)))
    assert gone(client, confirm(client, workshop, preview_id(html)))
    # Through their own workshop, the token names no preview of theirs either.
    theirs = WorkshopFactory(facilitators=[colleague])
    assert gone(client, client.get(url("import_preview", theirs, job.pk)))
    assert gone(client, confirm(client, theirs, preview_id(html)))
    # Someone who runs neither workshop is refused at the workshop itself.
    client.force_login(UserFactory(username="other"))
    for response in (
        client.get(url("import_preview", workshop, job.pk)),
        confirm(client, workshop, preview_id(html)),
        client.post(url("import_cancel", workshop), {"preview": job.pk}),
    ):
        assert response.status_code == 403
    assert job.input_path.exists()  # the foreign cancel removed nothing
    assert not Proposal.objects.exists()


def test_a_workshop_changed_between_preview_and_confirm_imports_nothing(
    facilitator_client, workshop, items
):
    html, _job = follow(facilitator_client, upload(facilitator_client, workshop))
    workshop.priority_items.remove(items[0])  # the item line 2 names is gone
    done, job = follow(facilitator_client, confirm(facilitator_client, workshop, preview_id(html)))
    assert job.status == Job.Status.FAILED
    assert "ont changé depuis l'aperçu" in done
    assert not Proposal.objects.exists()
