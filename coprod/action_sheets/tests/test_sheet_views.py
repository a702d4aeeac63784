"""The facilitator's page of one sheet (issue 17): its fields save themselves as on the phones
(the same fragment, script and services), the facilitator writing on behalf of the table; one
button sends the whole sheet without JavaScript; the progress follows each save. Conflicts and
errors keep the text; history, restore and comments; who may write."""

import pytest
from django.urls import reverse

from coprod.action_sheets import services
from coprod.action_sheets.fields import FIELDS
from coprod.action_sheets.models import Comment, Revision, Sheet
from coprod.participants.session import SESSION_KEY
from coprod.processes.models import TargetPublic
from coprod.testing.factories import CommentFactory, WorkshopFactory
from coprod.testing.pages import visible_text

from .conftest import assert_conflict_kept

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
SCRIPT = "<script>alert('x')</script>"
FACILITATORS_ONLY = "Seuls les animateurs de cet atelier peuvent faire cela."


def url(name, *args):
    return reverse(f"action_sheets:{name}", args=args)


def save(client, workshop, sheet, name, value, base, **extra):
    """What sheets.js posts when a field saves itself."""
    data = {"value": value, "base_version": base, **extra}
    return client.post(url("save", workshop.pk, sheet.pk, name), data, headers=HX)


# --- The page ----------------------------------------------------------------------------------


def test_page_has_fields_that_save_themselves_and_one_button(facilitator_client, workshop, sheet):
    page = facilitator_client.get(url("sheet", workshop.pk, sheet.pk))
    body = page.content.decode()
    for field in FIELDS:
        assert f'id="field-{field.name}"' in body
        assert f'data-save="{url("save", workshop.pk, sheet.pk, field.name)}"' in body
        assert f'role="status" id="sf-{field.name}-status"' in body
        assert f'name="base-{field.name}" value="0"' in body
    assert '<label for="sf-objective" data-label>Objectif</label>' in body
    # One button for the whole sheet (without JavaScript), not one per field.
    assert "Enregistrer<span" not in body
    assert body.count('id="save-sheet"') == 1
    assert f'action="{url("save_sheet", workshop.pk, sheet.pk)}"' in body
    assert 'data-status-saved="Enregistré"' in body and "core/sheets.js" in body
    text = visible_text(page)
    assert "Remplie à 0 %." in text and "Il manque : Titre du projet, Objectif" in text


# --- A field saving itself (sheets.js) ---------------------------------------------------------


def test_a_field_saves_itself_and_the_progress_follows(facilitator_client, workshop, sheet):
    answer = save(facilitator_client, workshop, sheet, "title", "Navette des villages", 0)
    assert answer.status_code == 200
    body = answer.content.decode()
    assert 'role="status" id="sf-title-status" data-status>Enregistré</p>' in body
    assert 'data-version="1"' in body and 'name="base-title" value="1"' in body
    # The answer brings the sheet's progress and the field's history with it.
    text = visible_text(answer)
    assert "Remplie à 11 %." in text
    assert "Il manque : Objectif, Publics cibles" in text and "Titre du projet," not in text
    assert 'id="sheet-progress" data-part' in body and 'id="history-title" data-part' in body
    assert "Historique (1 version)" in text
    state = services.values_of(sheet)["title"]
    assert (state.value, state.version, state.author_name) == ("Navette des villages", 1, "camille")


def test_the_facilitator_writes_whatever_the_step(facilitator_client, workshop, sheet):
    """Phones write only during the sheet steps; the facilitator, for the table, at any time."""
    assert not workshop.steps.live().exists()
    assert save(facilitator_client, workshop, sheet, "carrier", "La mairie", 0).status_code == 200
    assert services.values_of(sheet)["carrier"].value == "La mairie"


def test_a_list_field_saves_its_ticked_boxes(facilitator_client, workshop, sheet):
    public = TargetPublic.objects.create(process=workshop.process, name="Personnes âgées")
    page = facilitator_client.get(url("sheet", workshop.pk, sheet.pk)).content.decode()
    assert f'id="sf-publics-{public.pk}" name="value-publics" value="{public.pk}"' in page
    answer = save(facilitator_client, workshop, sheet, "publics", [public.pk], 0)
    assert answer.status_code == 200
    assert f'value="{public.pk}" checked' in answer.content.decode()
    assert services.values_of(sheet)["publics"].value == [public.pk]


def test_a_conflict_keeps_the_text_and_offers_both(
    facilitator_client, workshop, sheet, alice, projects_step
):
    services.save_field(
        sheet, "objective", value="Le texte d'Alice", base_version=0, participant=alice
    )
    answer = save(facilitator_client, workshop, sheet, "objective", "Mon texte à moi", 0)
    assert_conflict_kept(
        answer, "objective", mine="Mon texte à moi", theirs="Le texte d'Alice", who="Alice"
    )
    assert ">Non enregistré</p>" in answer.content.decode()
    assert services.values_of(sheet)["objective"].value == "Le texte d'Alice"
    kept = save(facilitator_client, workshop, sheet, "objective", "Mon texte à moi", 1)
    assert kept.status_code == 200
    assert services.values_of(sheet)["objective"].value == "Mon texte à moi"


def test_keep_theirs_writes_nothing(facilitator_client, workshop, sheet, alice, projects_step):
    services.save_field(sheet, "objective", value="Leur texte", base_version=0, participant=alice)
    answer = save(facilitator_client, workshop, sheet, "objective", "Mon texte", 0, choice="theirs")
    assert answer.status_code == 200
    assert ">Leur texte</textarea>" in answer.content.decode()
    assert "Vous gardez la version enregistrée." in visible_text(answer)
    assert Revision.objects.filter(name="objective").count() == 1


def test_an_error_keeps_the_text_and_its_version(facilitator_client, workshop, sheet):
    answer = save(facilitator_client, workshop, sheet, "title", "x" * 250, 0)
    assert answer.status_code == 400
    body = answer.content.decode()
    assert 'role="alert" id="sf-title-error"' in body
    assert "« Titre du projet » ne doit pas dépasser 200 caractères" in visible_text(answer)
    assert 'value="' + "x" * 250 + '" aria-invalid="true"' in body
    assert 'name="base-title" value="0"' in body
    assert not Revision.objects.exists()


def test_markup_is_escaped_in_the_answer(facilitator_client, workshop, sheet, facilitator):
    services.save_field(sheet, "objective", value=SCRIPT, base_version=0, actor=facilitator)
    answer = save(facilitator_client, workshop, sheet, "objective", SCRIPT + "!", 0)
    assert answer.status_code == 409
    assert SCRIPT not in answer.content.decode()


# --- Without JavaScript: the one button -----------------------------------------------------


def sheet_form(**fields):
    """The sheet's form as sent: each field's text (`value-<name>`) and its base version."""
    data = {}
    for name, (value, base) in fields.items():
        data[f"value-{name}"] = value
        data[f"base-{name}"] = base
    return data


def test_the_one_button_saves_the_changed_fields(facilitator_client, workshop, sheet):
    data = sheet_form(title=("Navette", 0), objective=("Relier les villages", 0), means=("", 0))
    response = facilitator_client.post(url("save_sheet", workshop.pk, sheet.pk), data)
    assert response.status_code == 302
    values = services.values_of(sheet)
    assert (values["title"].value, values["objective"].value) == ("Navette", "Relier les villages")
    assert values["means"].version == 0  # untouched: nothing written
    page = facilitator_client.get(response["Location"])
    assert "2 champs enregistrés." in visible_text(page)
    assert "Remplie à 22 %." in visible_text(page)


def test_the_one_button_answers_a_conflict_and_an_error_in_place(
    facilitator_client, workshop, sheet, alice, projects_step
):
    services.save_field(sheet, "objective", value="Leur texte", base_version=0, participant=alice)
    data = sheet_form(title=("x" * 250, 0), objective=("Mon texte", 0), carrier=("La mairie", 0))
    response = facilitator_client.post(url("save_sheet", workshop.pk, sheet.pk), data)
    assert response.status_code == 400
    body = response.content.decode()
    text = visible_text(response)
    assert "« Titre du projet » ne doit pas dépasser 200 caractères" in text
    assert 'value="' + "x" * 250 + '"' in body
    assert "Quelqu'un a modifié ce champ pendant que vous écriviez" in text
    assert ">Mon texte</textarea>" in body and "Leur texte" in text
    assert 'role="status" id="sf-carrier-status" data-status>Enregistré</p>' in body
    assert services.values_of(sheet)["carrier"].value == "La mairie"
    # « Garder ma version »: the form again, the field now starting from their version.
    again = sheet_form(objective=("Mon texte", 1))
    response = facilitator_client.post(
        url("save_sheet", workshop.pk, sheet.pk), {**again, "keep": "objective"}
    )
    assert response.status_code == 302
    assert services.values_of(sheet)["objective"].value == "Mon texte"


def test_history_and_restore(facilitator_client, workshop, sheet, facilitator):
    services.save_field(sheet, "objective", value="Premier jet", base_version=0, actor=facilitator)
    services.save_field(sheet, "objective", value="Second jet", base_version=1, actor=facilitator)
    page = facilitator_client.get(url("sheet", workshop.pk, sheet.pk)).content.decode()
    first = Revision.objects.get(version=1)
    # Its button belongs to a form of its own: Enter in a field never restores anything.
    restore = url("restore", workshop.pk, sheet.pk, first.pk)
    assert f'form="restore-form" formaction="{restore}"' in page and 'id="restore-form"' in page
    response = facilitator_client.post(restore)
    assert response.status_code == 302
    state = services.values_of(sheet)["objective"]
    assert (state.value, state.version) == ("Premier jet", 3)


def test_comment_and_critique_needing_a_suggestion(facilitator_client, workshop, sheet):
    response = facilitator_client.post(
        url("comment", workshop.pk, sheet.pk),
        {"text": "Trop cher", "is_critique": "on", "field": "means"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Toute critique doit être associée à une suggestion" in page
    assert "Trop cher" in page  # kept
    response = facilitator_client.post(
        url("comment", workshop.pk, sheet.pk),
        {"text": "Trop cher", "is_critique": "on", "field": "means", "suggestion": "Un LEADER"},
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.is_critique and comment.suggestion == "Un LEADER"


def test_markup_is_escaped_in_every_field_and_comment(
    facilitator_client, workshop, sheet, facilitator
):
    for field in FIELDS:
        if not field.is_list:
            services.save_field(sheet, field.name, value=SCRIPT, base_version=0, actor=facilitator)
    CommentFactory(
        sheet=sheet, text=SCRIPT, is_critique=True, suggestion=SCRIPT, author_name=SCRIPT
    )
    page = facilitator_client.get(url("sheet", workshop.pk, sheet.pk)).content.decode()
    assert SCRIPT not in page
    assert page.count("&lt;script&gt;") >= len([f for f in FIELDS if not f.is_list])


# --- Who may --------------------------------------------------------------------------------------


def writes(workshop, sheet):
    return [
        (url("save", workshop.pk, sheet.pk, "title"), {"value": "A", "base_version": 0}),
        (url("save_sheet", workshop.pk, sheet.pk), sheet_form(title=("A", 0))),
    ]


def test_a_participant_never_writes_through_the_facilitator_page(
    client, workshop, sheet, alice, projects_step
):
    session = client.session
    session[SESSION_KEY] = {str(workshop.pk): alice.pk}
    session.save()
    for address, data in writes(workshop, sheet):
        for headers in ({}, HX):
            response = client.post(address, data, headers=headers)
            assert response.status_code == 302 and "/compte/" in response["Location"], address
    assert not Revision.objects.exists()


def test_another_workshops_facilitator_is_told_why(client, stranger, workshop, sheet):
    WorkshopFactory(facilitators=[stranger])
    client.force_login(stranger)
    for address, data in writes(workshop, sheet):
        for headers in ({}, HX):
            response = client.post(address, data, headers=headers)
            assert response.status_code == 403, address
            assert FACILITATORS_ONLY in visible_text(response)
    assert not Revision.objects.exists()


def test_a_sheet_or_field_not_of_this_workshop_is_a_404(facilitator_client, workshop, sheet):
    own = WorkshopFactory(facilitators=[workshop.facilitators.get()])
    for address, data in writes(own, sheet):
        response = facilitator_client.post(address, data, headers=HX)
        assert response.status_code == 404
        assert "Cette fiche n'est pas une fiche de cet atelier." in visible_text(response)
    response = save(facilitator_client, workshop, sheet, "nope", "x", 0)
    assert response.status_code == 404
    assert "Cette fiche n'a pas de champ « nope »." in visible_text(response)
    assert not Revision.objects.exists() and Sheet.objects.count() == 1
