"""The sheets live: phones choose a table and write its sheet field by field (saved, or the
conflict with both versions), comment with the charter's rule; the board shows the progress and
the critiques, then the finalised sheets and the referents; the console the overview."""

import pytest

from coprod.action_sheets import services
from coprod.action_sheets.models import Comment, Revision, Seat
from coprod.agenda.kinds import StepKind
from coprod.participants.session import SESSION_KEY
from coprod.processes.models import TargetPublic
from coprod.testing.factories import ParticipantFactory, SheetFactory
from coprod.testing.pages import visible_text

from .conftest import assert_conflict_kept

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def phone_of(client, workshop, participant):
    session = client.session
    session[SESSION_KEY] = {str(workshop.pk): participant.pk}
    session.save()
    return client


@pytest.fixture
def phone(client, workshop, alice):
    return phone_of(client, workshop, alice)


@pytest.fixture
def tables(workshop):
    return [SheetFactory(workshop=workshop, number=n) for n in (1, 2)]


def field_url(workshop, sheet, name):
    return f"/p/{workshop.pk}/fiches/{sheet.pk}/{name}/"


# --- Phone: tables --------------------------------------------------------------------------------


def test_phone_unseated_lists_the_tables_and_joins_one(phone, workshop, tables, alice, run_to):
    run_to(workshop, StepKind.PROJECTS)
    page = phone.get(f"/p/{workshop.pk}/")
    text = visible_text(page)
    assert "Choisissez votre table" in text
    assert "Rejoindre la table 1" in text and "Rejoindre la table 2" in text
    assert 'id="phone-sheets"' in page.content.decode()
    answer = phone.post(f"/p/{workshop.pk}/fiches/table/", {"sheet": tables[1].pk}, headers=HX)
    assert answer.status_code == 200
    assert "Vous êtes à la table 2" in visible_text(answer)
    assert Seat.objects.get(participant=alice).sheet == tables[1]
    # One form for the sheet: each field with its version, a labelled control, its own save
    # address and status; one button (for phones without JavaScript), not one per field.
    body = answer.content.decode()
    assert 'name="base-title" value="0"' in body
    assert f'data-save="/p/{workshop.pk}/fiches/{tables[1].pk}/title/"' in body
    assert '<label for="sf-objective" data-label>Objectif</label>' in body
    assert 'role="status" id="sf-objective-status"' in body
    assert body.count('type="submit" id="save') == 1 and 'id="save-sheet"' in body


def test_phone_seat_refuses_a_table_of_another_workshop(phone, workshop, tables, run_to):
    run_to(workshop, StepKind.PROJECTS)
    other = SheetFactory()
    assert phone.post(f"/p/{workshop.pk}/fiches/table/", {"sheet": other.pk}).status_code == 404


def test_phone_shows_nothing_of_the_sheets_in_other_steps(phone, workshop, tables, run_to):
    run_to(workshop, StepKind.LEVERS)
    body = phone.get(f"/p/{workshop.pk}/").content.decode()
    assert 'id="phone-sheets"' not in body and "Rejoindre la table" not in body


def test_finalisation_phone_keeps_the_same_personal_region(phone, workshop, tables, alice, run_to):
    """From the projects step to the finalisation, what is being typed survives (same id)."""
    services.take_seat(alice, tables[0])
    run_to(workshop, StepKind.PROJECTS)
    first = phone.get(f"/p/{workshop.pk}/").content.decode()
    run_to(workshop, StepKind.FINALISATION)
    then = phone.get(f"/p/{workshop.pk}/").content.decode()
    assert 'id="phone-personal-sheets"' in first and 'id="phone-personal-sheets"' in then
    assert 'id="sheet-field-title"' in then


# --- Phone: fields --------------------------------------------------------------------------------


@pytest.fixture
def seated(workshop, tables, alice, bruno, run_to):
    run_to(workshop, StepKind.PROJECTS)
    services.take_seat(alice, tables[0])
    services.take_seat(bruno, tables[0])
    return tables[0]


def test_phone_saves_a_field(phone, workshop, seated):
    answer = phone.post(
        field_url(workshop, seated, "title"),
        {"value": "Navette des villages", "base_version": 0},
        headers=HX,
    )
    assert answer.status_code == 200
    body = answer.content.decode()
    assert 'role="status" id="sf-title-status" data-status>Enregistré</p>' in body
    assert 'data-version="1"' in body and 'name="base-title" value="1"' in body
    assert services.values_of(seated)["title"].value == "Navette des villages"


def test_phone_conflict_shows_both_versions_and_keeps_mine(phone, workshop, seated, bruno):
    services.save_field(seated, "objective", value="Leur texte", base_version=0, participant=bruno)
    answer = phone.post(
        field_url(workshop, seated, "objective"),
        {"value": "Mon texte", "base_version": 0},
        headers=HX,
    )
    # « Garder ma version » resubmits from their version: saved on top, nothing lost.
    assert_conflict_kept(answer, "objective", mine="Mon texte", theirs="Leur texte", who="Bruno")
    assert services.values_of(seated)["objective"].value == "Leur texte"
    kept = phone.post(
        field_url(workshop, seated, "objective"),
        {"value": "Mon texte", "base_version": 1},
        headers=HX,
    )
    assert kept.status_code == 200
    assert [r.value for r in Revision.objects.filter(sheet=seated, name="objective")] == [
        "Mon texte",
        "Leur texte",
    ]


def test_phone_keep_theirs_writes_nothing(phone, workshop, seated, bruno):
    services.save_field(seated, "objective", value="Leur texte", base_version=0, participant=bruno)
    answer = phone.post(
        field_url(workshop, seated, "objective"),
        {"value": "Mon texte", "base_version": 0, "choice": "theirs"},
        headers=HX,
    )
    assert answer.status_code == 200
    assert ">Leur texte</textarea>" in answer.content.decode()
    assert Revision.objects.filter(sheet=seated, name="objective").count() == 1


def test_phone_list_field_offers_the_process_publics(phone, workshop, seated):
    public = TargetPublic.objects.create(process=workshop.process, name="Personnes sans voiture")
    page = phone.get(f"/p/{workshop.pk}/").content.decode()
    assert f'id="sf-publics-{public.pk}"' in page
    answer = phone.post(
        field_url(workshop, seated, "publics"),
        {"value": [public.pk], "base_version": 0},
        headers=HX,
    )
    assert answer.status_code == 200
    assert services.values_of(seated)["publics"].value == [public.pk]
    assert f'value="{public.pk}" checked' in answer.content.decode()


def test_phone_field_error_keeps_the_text(phone, workshop, seated):
    long = "x" * 250
    answer = phone.post(
        field_url(workshop, seated, "title"), {"value": long, "base_version": 0}, headers=HX
    )
    assert answer.status_code == 400
    body = answer.content.decode()
    assert 'role="alert"' in body and "ne doit pas dépasser 200 caractères" in visible_text(answer)
    assert f'value="{long}"' in body


def test_phone_without_javascript_gets_a_page(phone, workshop, seated):
    answer = phone.post(field_url(workshop, seated, "title"), {"value": "A", "base_version": 0})
    assert answer.status_code == 200
    assert "<html" in answer.content.decode() and "Retour à l'atelier" in visible_text(answer)


def sheet_post(sheet, **values):
    """The whole sheet as its one button sends it: every field, from the versions given
    (`name=(value, base)`; the others empty from version 0)."""
    data = {}
    for field in services.values_of(sheet).values():
        value, base = values.get(field.name, ([] if field.field.is_list else "", 0))
        data[f"value-{field.name}"] = value
        data[f"base-{field.name}"] = base
    return data


def test_phone_without_javascript_sends_the_whole_sheet_at_once(phone, workshop, seated, bruno):
    """The one button saves what the person changed, answers each field in place, and leaves
    alone the fields they did not touch even when somebody else changed them meanwhile."""
    services.save_field(seated, "risks", value="Leur risque", base_version=0, participant=bruno)
    answer = phone.post(
        f"/p/{workshop.pk}/fiches/{seated.pk}/",
        sheet_post(seated, title=("Navette", 0), objective=("Relier les villages", 0)),
    )
    assert answer.status_code == 200
    values = services.values_of(seated)
    assert values["title"].value == "Navette" and values["objective"].value == "Relier les villages"
    assert values["risks"].value == "Leur risque"  # sent empty from version 0: untouched here
    assert Revision.objects.filter(sheet=seated).count() == 3
    body = answer.content.decode()
    assert "<html" in body and 'role="status" id="sf-title-status" data-status>Enregistré' in body
    assert 'name="base-title" value="1"' in body and 'value="Navette"' in body
    assert ">Leur risque</textarea>" in body


def test_phone_without_javascript_conflict_keeps_both_and_each_choice(
    phone, workshop, seated, bruno
):
    services.save_field(seated, "objective", value="Leur texte", base_version=0, participant=bruno)
    url = f"/p/{workshop.pk}/fiches/{seated.pk}/"
    answer = phone.post(url, sheet_post(seated, objective=("Mon texte", 0), title=("Navette", 0)))
    assert answer.status_code == 409
    text = visible_text(answer)
    assert "Quelqu'un a modifié ce champ pendant que vous écriviez" in text and "Leur texte" in text
    body = answer.content.decode()
    assert ">Mon texte</textarea>" in body and 'name="base-objective" value="1"' in body
    assert services.values_of(seated)["title"].value == "Navette"  # the other field is saved
    # « Garder la leur » leaves it; « Garder ma version » sends the form again from theirs.
    kept = phone.post(
        url, {**sheet_post(seated, objective=("Mon texte", 1)), "theirs": "objective"}
    )
    assert kept.status_code == 200
    assert ">Leur texte</textarea>" in kept.content.decode()
    assert services.values_of(seated)["objective"].value == "Leur texte"
    mine = phone.post(url, {**sheet_post(seated, objective=("Mon texte", 1)), "keep": "objective"})
    assert mine.status_code == 200
    assert services.values_of(seated)["objective"].value == "Mon texte"


def test_phone_without_javascript_error_keeps_every_text(phone, workshop, seated):
    long = "x" * 250
    answer = phone.post(
        f"/p/{workshop.pk}/fiches/{seated.pk}/",
        sheet_post(seated, title=(long, 0), objective=("Relier", 0)),
    )
    assert answer.status_code == 400
    body = answer.content.decode()
    assert f'value="{long}"' in body and "ne doit pas dépasser 200 caractères" in visible_text(
        answer
    )
    assert services.values_of(seated)["objective"].value == "Relier"


def test_phone_cannot_write_outside_the_sheet_steps(phone, workshop, tables, alice, run_to):
    services.take_seat(alice, tables[0])
    run_to(workshop, StepKind.LEVERS)
    answer = phone.post(
        field_url(workshop, tables[0], "title"), {"value": "A", "base_version": 0}, headers=HX
    )
    assert answer.status_code == 400
    assert "construction des projets" in visible_text(answer)


def test_anonymous_phone_is_refused(client, workshop, seated):
    answer = client.post(field_url(workshop, seated, "title"), {"value": "A", "base_version": 0})
    assert answer.status_code == 403


# --- Phone: comments ------------------------------------------------------------------------------


def test_critique_needs_a_suggestion_and_keeps_the_text(phone, workshop, seated):
    url = f"/p/{workshop.pk}/fiches/commentaire/"
    refused = phone.post(
        url,
        {"sheet": seated.pk, "field": "calendar", "text": "Trop tard", "is_critique": "1"},
        headers=HX,
    )
    assert refused.status_code == 400
    text = visible_text(refused)
    assert "Toute critique doit être associée à une suggestion" in text
    body = refused.content.decode()
    assert ">Trop tard</textarea>" in body and 'id="comment-critique" name="is_critique"' in body
    assert 'value="calendar" selected' in body
    assert not Comment.objects.exists()
    sent = phone.post(
        url,
        {
            "sheet": seated.pk,
            "text": "Trop tard",
            "is_critique": "1",
            "suggestion": "Commencer en juin",
        },
        headers=HX,
    )
    assert sent.status_code == 200
    assert "Merci, votre commentaire est envoyé." in visible_text(sent)
    comment = Comment.objects.get()
    assert comment.is_critique and comment.suggestion == "Commencer en juin"


# --- Board and console ----------------------------------------------------------------------------


def test_board_shows_progress_and_critiques(client, workshop, seated, alice, bruno):
    services.save_field(seated, "title", value="Navette", base_version=0, participant=alice)
    services.add_comment(
        seated, text="Coût élevé", is_critique=True, suggestion="Mutualiser", participant=bruno
    )
    page = client.get(f"/tableau/{workshop.pk}/?cle={workshop.board_key}", follow=True)
    text = visible_text(page)
    assert "L'avancement des fiches" in text
    assert "Table 1 — Navette" in text and "2 personnes" in text
    assert "remplie à 11 %" in text  # one required field of nine
    assert "Manque : Objectif, Publics cibles" in text
    assert "Critique : Coût élevé Suggestion : Mutualiser — Bruno" in text


def test_finalisation_board_shows_the_sheets_and_the_referents(
    client, workshop, tables, alice, bruno, facilitator, run_to
):
    run_to(workshop, StepKind.FINALISATION)
    public = TargetPublic.objects.create(process=workshop.process, name="Jeunes")
    for name, value in {
        "title": "Navette",
        "objective": "Relier les villages",
        "publics": [public.pk],
        "carrier": "La communauté de communes",
        "calendar": "Septembre — essai\nJanvier — bilan",
        "next_steps": "Trouver un minibus",
    }.items():
        services.save_field(tables[0], name, value=value, base_version=0, participant=alice)
    services.designate_referents(workshop, actor=facilitator, participants=[alice, bruno])
    text = visible_text(
        client.get(f"/tableau/{workshop.pk}/?cle={workshop.board_key}", follow=True)
    )
    assert "Les projets de l'atelier" in text
    assert "Duo de référents pour la restitution : Alice (Mairie) et Bruno (Association)" in text
    for shown in ("Navette", "Relier les villages", "Jeunes", "La communauté de communes"):
        assert shown in text
    assert "Janvier — bilan" in text and "Trouver un minibus" in text


def test_console_shows_the_overview_and_links(facilitator_client, workshop, seated, alice):
    services.save_field(seated, "title", value="Navette", base_version=0, participant=alice)
    page = facilitator_client.get(f"/animer/{workshop.pk}/")
    body = page.content.decode()
    assert f'href="/ateliers/{workshop.pk}/fiches/"' in body
    assert f'href="/ateliers/{workshop.pk}/fiches/{seated.pk}/"' in body
    assert "Navette" in visible_text(page)


def test_script_is_escaped_on_phone_board_and_console(
    client, facilitator_client, workshop, seated, alice, bruno
):
    for field in services.values_of(seated).values():
        if not field.field.is_list:
            services.save_field(seated, field.name, value=SCRIPT, base_version=0, participant=alice)
    services.add_comment(
        seated, text=SCRIPT, is_critique=True, suggestion=SCRIPT, participant=bruno
    )
    phone = phone_of(client, workshop, alice)
    pages = {
        "phone": phone.get(f"/p/{workshop.pk}/"),
        "phone live": phone.get(f"/p/{workshop.pk}/live/"),
        "board": facilitator_client.get(f"/tableau/{workshop.pk}/"),
        "console": facilitator_client.get(f"/animer/{workshop.pk}/"),
    }
    for where, response in pages.items():
        body = response.content.decode()
        assert response.status_code == 200, where
        assert ESCAPED in body, where
        assert SCRIPT not in body, where


@pytest.fixture
def crowded(workshop, tables):
    """Forty participants seated at two tables, a comment on each sheet."""
    people = [ParticipantFactory(workshop=workshop, organisation=f"S{i % 7}") for i in range(40)]
    for i, person in enumerate(people):
        Seat.objects.create(workshop=workshop, sheet=tables[i % 2], participant=person)
    return people


@pytest.mark.parametrize("kind", [StepKind.PROJECTS, StepKind.FINALISATION])
@pytest.mark.parametrize(
    "url", ["/animer/{pk}/", "/animer/{pk}/live/", "/tableau/{pk}/", "/tableau/{pk}/live/"]
)
def test_sheet_pages_use_few_queries_with_40_participants(
    facilitator_client, workshop, tables, crowded, run_to, django_assert_max_num_queries, kind, url
):
    """The board and console cost a bounded number of queries however many people came."""
    run_to(workshop, kind)
    for sheet in tables:
        services.save_field(
            sheet, "title", value=f"Fiche {sheet.number}", base_version=0, participant=crowded[0]
        )
        services.add_comment(sheet, text="Bien", participant=crowded[1])
    with django_assert_max_num_queries(24):
        response = facilitator_client.get(url.format(pk=workshop.pk))
    assert response.status_code == 200
    assert "Fiche 2" in visible_text(response)


def test_phone_pages_use_few_queries(
    client, workshop, tables, crowded, run_to, django_assert_max_num_queries
):
    run_to(workshop, StepKind.PROJECTS)
    phone = phone_of(client, workshop, crowded[0])
    with django_assert_max_num_queries(30):
        assert phone.get(f"/p/{workshop.pk}/").status_code == 200
    with django_assert_max_num_queries(20):
        assert phone.get(f"/p/{workshop.pk}/moi/").status_code == 200
