"""The catalogue's pages: list and search, one action, the form, import, export."""

import io
import re

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coprod.catalogue import models
from coprod.catalogue.models import Action
from coprod.catalogue.services.actions import save_action
from coprod.testing.factories import (
    ActionFactory,
    LeverFactory,
    OrganisationFactory,
    ProcessFactory,
    UserFactory,
)
from coprod.testing.jobs import started_job

from .conftest import HEADERS, csv_bytes, row

pytestmark = pytest.mark.django_db


def url(name, process, *args):
    return reverse(f"catalogue:{name}", args=[process.pk, *args])


def page(response) -> str:
    return response.content.decode()


@pytest.fixture
def actions(process, facilitator, publics, items):
    def add(title, **extra):
        return save_action(process, actor=facilitator, data={"title": title, **extra})

    return [
        add("Épicerie itinérante", publics=[publics[2].pk], priority_items=[items[1].pk]),
        add("Transport à la demande", publics=[publics[0].pk], status="planned", scope="park"),
        add("Permanences emploi", publics=[publics[1].pk], priority_items=[items[2].pk]),
    ]


def test_list_shows_the_count_and_the_actions_in_a_captioned_table(
    facilitator_client, process, actions
):
    response = facilitator_client.get(url("list", process))
    assert response.status_code == 200
    html = page(response)
    assert "3 actions" in html
    assert "<caption>" in html and 'scope="col"' in html
    assert html.index("Épicerie itinérante") < html.index("Permanences emploi")
    assert url("detail", process, actions[0].pk) in html
    for fmt in ("csv", "xlsx", "ods"):
        assert url("export", process, fmt) in html


def test_search_folds_accents_and_filters_combine(facilitator_client, process, actions, publics):
    html = page(facilitator_client.get(url("list", process), {"q": "EPICERIE"}))
    assert "1 action" in html and "Épicerie itinérante" in html and "Transport" not in html
    html = page(
        facilitator_client.get(url("list", process), {"public": publics[0].pk, "status": "planned"})
    )
    assert "1 action" in html and "Transport à la demande" in html
    html = page(facilitator_client.get(url("list", process), {"q": "introuvable"}))
    assert "0 action" in html and "Aucune action ne correspond" in html


def test_tampered_filters_are_ignored_not_a_server_error(facilitator_client, process, actions):
    response = facilitator_client.get(url("list", process), {"public": "abc", "item": "999999"})
    assert response.status_code == 200
    assert "3 actions" in page(response)


def test_list_is_paginated_by_fifty_with_a_constant_number_of_queries(
    facilitator_client, process, publics
):
    for n in range(120):
        action = ActionFactory(process=process, title=f"Action {n:03d}", key=f"action {n:03d}|")
        action.publics.add(publics[n % 4])
    with CaptureQueriesContext(connection) as first:
        response = facilitator_client.get(url("list", process))
    html = page(response)
    assert "120 actions" in html
    assert "Action 000" in html and "Action 049" in html and "Action 050" not in html
    assert "page=2" in html
    html = page(facilitator_client.get(url("list", process), {"page": 3}))
    assert "Action 100" in html and "Action 119" in html and "Action 099" not in html
    with CaptureQueriesContext(connection) as third:
        facilitator_client.get(url("list", process), {"page": 3})
    assert len(third) == len(first) <= 15  # publics prefetched, not one query per row


def test_pages_keep_the_search_in_their_links(facilitator_client, process):
    for n in range(60):
        ActionFactory(
            process=process, title=f"Bus {n:02d}", key=f"bus {n:02d}|", search_text=f"bus {n}"
        )
    html = page(facilitator_client.get(url("list", process), {"q": "bus"}))
    assert "?q=bus&amp;page=2" in html


def test_detail_shows_every_field_testimonies_and_levers(
    facilitator_client, process, facilitator, publics, items, workshop
):
    action = save_action(
        process,
        actor=facilitator,
        data={
            "title": "Épicerie itinérante",
            "organisation": "Le Panier",
            "partners": "Centre social",
            "publics": [publics[2].pk],
            "places": "Santeuil",
            "started_on": "01/03/2021",
            "contact": "contact@example.org",
            "links": "https://www.example.org/epicerie",
            "priority_items": [items[1].pk],
        },
    )
    models.Testimony.objects.create(
        action=action, workshop=workshop, witness_name="Martine", content="Ça marche bien"
    )
    lever = LeverFactory(process=process, title="Appel à projets mobilité")
    lever.actions.add(action)
    html = page(facilitator_client.get(url("detail", process, action.pk)))
    for text in [
        "Le Panier",
        "Centre social",
        "Personnes âgées",
        "Santeuil",
        "01/03/2021",
        "contact@example.org",
        'href="https://www.example.org/epicerie"',
        items[1].text,
        "Martine",
        workshop.title,
        "Ça marche bien",
        "Appel à projets mobilité",
    ]:
        assert text in html, text


def test_witnesses_of_workshops_one_does_not_run_are_named_only_with_consent(
    client, process, facilitator, workshop, stranger
):
    """The facilitator of a later workshop of the process sees the names that the witnesses
    agreed to show, as in the restitution; those who ran their workshop see all."""
    from coprod.testing.factories import ParticipantFactory, WorkshopFactory

    WorkshopFactory(process=process, facilitators=[stranger])
    action = save_action(process, actor=facilitator, data={"title": "Épicerie itinérante"})
    for name, consent in (("Martine Roy", False), ("Paul Vidal", True)):
        witness = ParticipantFactory(
            workshop=workshop, name=name, organisation="CCAS", name_consent=consent
        )
        models.Testimony.objects.create(
            action=action,
            workshop=workshop,
            witness=witness,
            witness_name=name,
            witness_organisation="CCAS",
            content="Oui",
        )
    client.force_login(stranger)
    keeper = page(client.get(url("detail", process, action.pk)))
    assert "Martine Roy" not in keeper and "Témoin (CCAS)" in keeper
    assert "Paul Vidal — CCAS" in keeper
    client.force_login(facilitator)
    runner = page(client.get(url("detail", process, action.pk)))
    assert "Martine Roy — CCAS" in runner and "Paul Vidal — CCAS" in runner


def test_an_action_of_another_organisation_is_not_found_here(
    facilitator_client, process, facilitator
):
    elsewhere = ProcessFactory(owners=[facilitator], organisation=OrganisationFactory())
    foreign = ActionFactory(process=elsewhere)
    assert facilitator_client.get(url("detail", process, foreign.pk)).status_code == 404


def test_html_is_escaped(facilitator_client, process, facilitator):
    action = save_action(process, actor=facilitator, data={"title": "<script>alert(1)</script>"})
    for response in (
        facilitator_client.get(url("list", process)),
        facilitator_client.get(url("detail", process, action.pk)),
    ):
        assert "<script>alert(1)</script>" not in page(response)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page(response)


def test_create_then_edit_through_the_form(facilitator_client, process, publics, items):
    response = facilitator_client.post(
        url("create", process),
        {
            "title": "Épicerie itinérante",
            "scope": "communes",
            "status": "running",
            "publics": [publics[2].pk],
            "priority_items": [items[0].pk],
            "started_on": "2021-03-01",
        },
    )
    action = Action.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("detail", process, action.pk)
    assert list(action.publics.all()) == [publics[2]]
    form = page(facilitator_client.get(url("edit", process, action.pk)))
    assert 'value="Épicerie itinérante"' in form and 'value="2021-03-01"' in form
    facilitator_client.post(
        url("edit", process, action.pk),
        {"title": "Épicerie solidaire", "scope": "park", "status": "ended"},
    )
    action.refresh_from_db()
    assert (action.title, action.scope, action.status) == ("Épicerie solidaire", "park", "ended")
    assert not action.publics.exists()


def test_form_errors_keep_the_input_and_point_to_the_messages(
    facilitator_client, process, facilitator
):
    save_action(process, actor=facilitator, data={"title": "Bus"})
    response = facilitator_client.post(
        url("create", process),
        {
            "title": "bus",
            "description": "Ma description soignée",
            "scope": "communes",
            "status": "running",
            "started_on": "02/03/2024",
            "ended_on": "01/03/2024",
            "links": "ftp://example.org",
        },
    )
    assert response.status_code == 400
    html = page(response)
    assert 'role="alert"' in html
    assert "Ma description soignée" in html
    assert "La fin (01/03/2024) précède le début (02/03/2024)." in html
    assert "Lien invalide" in html
    assert re.search(r'aria-describedby="id_ended_on_error"', html)
    assert re.search(r'aria-describedby="id_links_helptext id_links_error"', html)
    assert 'id="id_ended_on_error"' in html
    assert Action.objects.count() == 1
    # Once the fields are right, the duplicate is found.
    response = facilitator_client.post(
        url("create", process), {"title": "BUS", "scope": "communes", "status": "running"}
    )
    assert response.status_code == 400
    assert "L&#x27;action « BUS » (sans structure porteuse) est déjà au catalogue." in page(
        response
    )
    assert 'aria-describedby="id_title_error"' in page(response)


def test_the_form_groups_publics_and_items_in_fieldsets(
    facilitator_client, process, publics, items
):
    html = page(facilitator_client.get(url("create", process)))
    assert html.count("<fieldset") == 2 and "<legend>Publics cibles" in html
    assert "Personnes âgées" in html


def test_a_facilitator_adds_a_target_public(facilitator_client, process):
    response = facilitator_client.post(url("add_public", process), {"name": "Familles"})
    assert response.status_code == 302
    assert process.target_publics.filter(name="Familles").exists()


def upload(name, data):
    return SimpleUploadedFile(name, data)


def follow_job(client, response) -> str:
    """The job's page a view redirected to (tasks run at once in tests), or where it sends on."""
    job = started_job(response)
    landed = client.get(reverse("jobs:job", args=[job.pk]))
    if landed.status_code == 302:  # a preview opens as soon as it is ready
        landed = client.get(landed["Location"])
    return page(landed)


def preview_id(html) -> str:
    return re.search(r'name="preview" value="([0-9a-f-]+)"', html).group(1)


def test_import_preview_then_confirm(facilitator_client, process, publics, items):
    data = csv_bytes([row(), row("Transport", publics="Retraités")])
    response = facilitator_client.post(
        url("import", process), {"file": upload("actions.csv", data), "create_publics": "on"}
    )
    html = follow_job(facilitator_client, response)
    assert "2 actions à créer" in html and "Retraités" in html
    columns = html[html.index('id="import-columns"') : html.index("</table>")]
    assert "« Structure porteuse »</th><td>Structure porteuse" in columns
    assert "« Items plébiscités »</th><td>Items plébiscités" in columns
    assert "Importer 2 actions" in html
    assert not Action.objects.exists()  # the preview writes nothing
    confirmed = facilitator_client.post(
        url("import_confirm", process), {"preview": preview_id(html)}
    )
    done = follow_job(facilitator_client, confirmed)
    assert Action.objects.count() == 2
    assert process.target_publics.filter(name="Retraités").exists()
    assert "Import terminé : 2 actions créées" in done and url("list", process) in done
    # Confirming again follows the same import: nothing is imported twice.
    again = facilitator_client.post(url("import_confirm", process), {"preview": preview_id(html)})
    assert again["Location"] == confirmed["Location"]
    assert Action.objects.count() == 2


def test_import_errors_are_listed_with_their_lines_and_cannot_be_confirmed(
    facilitator_client, process, publics, items
):
    data = csv_bytes([row(), row("Bus", publics="Retraités")])
    response = facilitator_client.post(url("import", process), {"file": upload("a.csv", data)})
    html = follow_job(facilitator_client, response)
    assert "Ligne 3 : Public « Retraités » inconnu" in html
    assert not re.search(r">Importer \d+ action", html)  # only « Annuler »
    assert not Action.objects.exists()


def test_the_preview_lists_the_lines_it_leaves_out(facilitator_client, process, publics, items):
    data = csv_bytes([row(), row("Bus"), row("BUS ")])
    html = follow_job(
        facilitator_client,
        facilitator_client.post(url("import", process), {"file": upload("a.csv", data)}),
    )
    skipped = html[html.index('id="import-skipped"') :]
    assert "Ligne 4 : même titre et même structure porteuse que la ligne 3, ignorée." in skipped
    assert "Importer 2 actions" in html


def test_cancel_forgets_the_file_and_imports_nothing(facilitator_client, process, publics, items):
    response = facilitator_client.post(
        url("import", process), {"file": upload("a.csv", csv_bytes([row()]))}
    )
    html = follow_job(facilitator_client, response)
    job = started_job(response)
    cancelled = facilitator_client.post(
        url("import_cancel", process), {"preview": preview_id(html)}
    )
    assert cancelled["Location"] == url("import", process)
    assert "Import annulé" in page(facilitator_client.get(cancelled["Location"]))
    assert not job.input_path.exists()
    refused = facilitator_client.post(url("import_confirm", process), {"preview": preview_id(html)})
    assert refused["Location"] == url("import", process)
    assert not Action.objects.exists()


@pytest.mark.parametrize("token", ["", "x", "00000000-0000-0000-0000-000000000000"])
def test_a_tampered_token_is_sent_back_with_a_french_message(facilitator_client, process, token):
    refused = facilitator_client.post(url("import_confirm", process), {"preview": token})
    assert refused["Location"] == url("import", process)
    assert "n&#x27;est plus disponible" in page(facilitator_client.get(refused["Location"]))


def test_a_file_without_title_column_says_which_columns_it_has(facilitator_client, process):
    data = csv_bytes([["x"]], headers=["Commentaire"])
    response = facilitator_client.post(url("import", process), {"file": upload("a.csv", data)})
    html = follow_job(facilitator_client, response)
    assert "Ce travail n’a pas abouti" in html
    assert "Colonne « Titre » introuvable. Colonnes trouvées : « Commentaire »" in html
    assert url("import", process) in html  # back to the upload form


def test_a_file_of_another_format_is_refused_at_once(facilitator_client, process):
    response = facilitator_client.post(url("import", process), {"file": upload("a.pdf", b"%PDF")})
    assert response.status_code == 400
    assert "Format non reconnu : importez un fichier .csv, .xlsx ou .ods." in page(response)
    assert 'role="alert"' in page(response)


def test_confirm_after_the_catalogue_changed_says_why_and_writes_nothing(
    facilitator_client, process, facilitator, publics, items
):
    data = csv_bytes([row(), row("Bus", publics="Jeunes")])
    response = facilitator_client.post(url("import", process), {"file": upload("a.csv", data)})
    html = follow_job(facilitator_client, response)
    publics[3].delete()  # « Jeunes » disappears between preview and confirmation
    confirmed = facilitator_client.post(
        url("import_confirm", process), {"preview": preview_id(html)}
    )
    done = follow_job(facilitator_client, confirmed)
    assert "Ligne 3 : Public « Jeunes » inconnu" in done
    assert not Action.objects.exists()


def test_a_preview_is_its_requesters_only(facilitator_client, process, publics, items, client):
    response = facilitator_client.post(
        url("import", process), {"file": upload("a.csv", csv_bytes([row()]))}
    )
    html = follow_job(facilitator_client, response)
    colleague = UserFactory(username="collegue")
    process.owners.add(colleague)
    client.force_login(colleague)
    refused = client.post(url("import_confirm", process), {"preview": preview_id(html)})
    assert refused["Location"] == url("import", process)
    assert not Action.objects.exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods"])
def test_exports_download_and_open_again(facilitator_client, process, actions, fmt):
    response = facilitator_client.get(url("export", process, fmt))
    assert response.status_code == 200
    assert (
        "attachment" in response["Content-Disposition"]
        and f'.{fmt}"' in response["Content-Disposition"]
    )
    content = response.content
    if fmt == "csv":
        sheet = tablib.Dataset().load(content.decode("utf-8-sig"), format="csv", delimiter=";")
    else:
        sheet = tablib.Dataset().load(io.BytesIO(content) if fmt == "xlsx" else content, format=fmt)
    assert sheet.headers == HEADERS
    assert sorted(r[0] for r in sheet) == sorted(a.title for a in actions)


def test_unknown_export_format_is_not_found(facilitator_client, process):
    assert facilitator_client.get(url("export", process, "pdf")).status_code == 404


@pytest.mark.parametrize(
    "name,args,method",
    [
        ("list", [], "get"),
        ("create", [], "get"),
        ("import", [], "get"),
        ("export", ["csv"], "get"),
        ("add_public", [], "post"),
        ("import_confirm", [], "post"),
        ("import_cancel", [], "post"),
    ],
)
def test_strangers_get_403_and_anonymous_visitors_are_sent_to_log_in(
    client, stranger, process, name, args, method
):
    target = url(name, process, *args)
    client.force_login(stranger)
    assert getattr(client, method)(target).status_code == 403
    client.logout()
    response = getattr(client, method)(target)
    assert response.status_code == 302 and "/compte/" in response["Location"]


def test_strangers_cannot_see_or_edit_an_action(client, stranger, process, actions):
    client.force_login(stranger)
    assert client.get(url("detail", process, actions[0].pk)).status_code == 403
    assert client.post(url("edit", process, actions[0].pk), {"title": "x"}).status_code == 403


def test_a_process_owner_keeps_the_catalogue_without_facilitating(client, stranger):
    owned = ProcessFactory(owners=[stranger])
    client.force_login(stranger)
    assert client.get(url("list", owned)).status_code == 200
