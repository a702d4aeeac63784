"""The facilitator's sheet pages: the overview (tables, seats, vote, referents) and one sheet
(fields with conflicts, history, comments)."""

import pytest
from django.urls import reverse

from coprod.action_sheets import services
from coprod.action_sheets.fields import FIELDS
from coprod.action_sheets.models import Comment, Referent, Revision, Seat, Sheet
from coprod.participants.session import SESSION_KEY
from coprod.processes.models import TargetPublic
from coprod.testing.factories import CommentFactory, ParticipantFactory
from coprod.voting.models import Poll

from .conftest import BUS, make_synthesis

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"


def url(name, *args):
    return reverse(f"action_sheets:{name}", args=args)


@pytest.fixture
def phone(client, workshop, alice):
    """A browser that joined `workshop` as Alice."""
    session = client.session
    session[SESSION_KEY] = {str(workshop.pk): alice.pk}
    session.save()
    return client


# --- The overview ------------------------------------------------------------------------------


def test_overview_lists_sheets_with_completeness(facilitator_client, workshop, sheet, facilitator):
    services.save_field(
        sheet, "title", value="Navette solidaire", base_version=0, actor=facilitator
    )
    page = facilitator_client.get(url("manage", workshop.pk)).content.decode()
    assert "<caption>" in page and 'scope="col"' in page
    assert "Navette solidaire" in page
    assert "Objectif" in page  # missing
    assert "Créer les fiches à partir des orientations" in page
    assert "Lancer le vote de priorité entre les fiches" in page


def test_overview_queries_stay_bounded(
    facilitator_client, workshop, facilitator, django_assert_max_num_queries
):
    for n in range(6):
        ParticipantFactory(workshop=workshop, organisation=f"Structure {n % 3}")
    services.assign_tables(workshop, actor=facilitator, count=3)
    with django_assert_max_num_queries(25):
        assert facilitator_client.get(url("manage", workshop.pk)).status_code == 200


def test_create_from_syntheses_then_blank(facilitator_client, workshop):
    make_synthesis(workshop, BUS)
    response = facilitator_client.post(url("create", workshop.pk))
    assert response.status_code == 302
    assert services.values_of(Sheet.objects.get())["title"].value == BUS
    response = facilitator_client.post(url("create", workshop.pk), {"create-count": "2"})
    assert response.status_code == 302
    assert Sheet.objects.count() == 3


def test_create_without_start_says_why(facilitator_client, workshop):
    response = facilitator_client.post(url("create", workshop.pk))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page and "ni orientation décidée" in page


def test_assign_and_move_a_person(facilitator_client, workshop, alice, bruno):
    response = facilitator_client.post(url("assign", workshop.pk), {"assign-count": "2"})
    assert response.status_code == 302
    assert Seat.objects.count() == 2
    target = Sheet.objects.get(number=2)
    response = facilitator_client.post(
        url("seat", workshop.pk), {"participant": alice.pk, "sheet": target.pk}
    )
    assert response.status_code == 302
    assert Seat.objects.get(participant=alice).sheet == target
    response = facilitator_client.post(url("assign", workshop.pk), {"assign-count": "99"})
    assert response.status_code == 400
    assert "20 tables au plus" in response.content.decode()


def test_priority_vote_and_referents(facilitator_client, workshop, facilitator, alice, bruno):
    services.create_sheets(workshop, actor=facilitator, count=2)
    response = facilitator_client.post(url("poll", workshop.pk), {"method": "majority_judgment"})
    assert response.status_code == 302
    assert Poll.objects.get().is_open
    response = facilitator_client.post(
        url("referents", workshop.pk), {"first": alice.pk, "second": alice.pk}
    )
    assert response.status_code == 400
    assert "deux personnes différentes" in response.content.decode()
    response = facilitator_client.post(
        url("referents", workshop.pk), {"first": alice.pk, "second": bruno.pk}
    )
    assert response.status_code == 302
    assert list(Referent.objects.values_list("participant", flat=True)) == [alice.pk, bruno.pk]


# --- One sheet ---------------------------------------------------------------------------------


def test_sheet_page_shows_every_field_with_its_version(facilitator_client, workshop, sheet):
    page = facilitator_client.get(url("sheet", workshop.pk, sheet.pk)).content.decode()
    for field in FIELDS:
        assert f'id="field-{field.name}"' in page
        assert str(field.label).replace("'", "&#x27;") in page
    assert 'name="base_version" value="0"' in page
    assert "Il manque :" in page


def test_saving_a_field_redirects_to_it(facilitator_client, workshop, sheet):
    response = facilitator_client.post(
        url("save", workshop.pk, sheet.pk, "objective"),
        {"value": "Relier les villages", "base_version": "0"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#field-objective")
    assert services.values_of(sheet)["objective"].version == 1


def test_list_field_is_saved_from_checkboxes(facilitator_client, workshop, sheet):
    public = TargetPublic.objects.create(process=workshop.process, name="Personnes âgées")
    page = facilitator_client.get(url("sheet", workshop.pk, sheet.pk)).content.decode()
    assert "Personnes âgées" in page and "<legend>" in page
    facilitator_client.post(
        url("save", workshop.pk, sheet.pk, "publics"), {"value": [public.pk], "base_version": "0"}
    )
    assert services.values_of(sheet)["publics"].value == [public.pk]


def test_conflict_page_keeps_both_texts(facilitator_client, workshop, sheet, alice, projects_step):
    services.save_field(
        sheet, "objective", value="Le texte d'Alice", base_version=0, participant=alice
    )
    response = facilitator_client.post(
        url("save", workshop.pk, sheet.pk, "objective"),
        {"value": "Mon texte à moi", "base_version": "0"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Quelqu'un a modifié ce champ pendant que vous écriviez" in page
    assert "Le texte d&#x27;Alice" in page and "Mon texte à moi" in page
    assert "Garder ma version" in page and "Garder la leur" in page
    assert 'name="base_version" value="1"' in page
    assert services.values_of(sheet)["objective"].value == "Le texte d'Alice"
    # « Garder ma version » sends mine again, from their version.
    response = facilitator_client.post(
        url("save", workshop.pk, sheet.pk, "objective"),
        {"value": "Mon texte à moi", "base_version": "1"},
    )
    assert response.status_code == 302
    assert services.values_of(sheet)["objective"].value == "Mon texte à moi"


def test_error_keeps_the_typed_text(facilitator_client, workshop, sheet):
    response = facilitator_client.post(
        url("save", workshop.pk, sheet.pk, "title"), {"value": "x" * 250, "base_version": "0"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        'role="alert"' in page and "« Titre du projet » ne doit pas dépasser 200 caractères" in page
    )
    assert "x" * 250 in page


def test_unknown_field_is_a_404(facilitator_client, workshop, sheet):
    response = facilitator_client.post(
        url("save", workshop.pk, sheet.pk, "nope"), {"value": "x", "base_version": "0"}
    )
    assert response.status_code == 404


def test_history_and_restore(facilitator_client, workshop, sheet, facilitator):
    services.save_field(sheet, "objective", value="Premier jet", base_version=0, actor=facilitator)
    services.save_field(sheet, "objective", value="Second jet", base_version=1, actor=facilitator)
    page = facilitator_client.get(url("sheet", workshop.pk, sheet.pk)).content.decode()
    assert "Restaurer cette version" in page and "Premier jet" in page
    first = Revision.objects.get(version=1)
    response = facilitator_client.post(url("restore", workshop.pk, sheet.pk, first.pk))
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
    for page in (
        facilitator_client.get(url("sheet", workshop.pk, sheet.pk)).content.decode(),
        facilitator_client.get(url("manage", workshop.pk)).content.decode(),
    ):
        assert SCRIPT not in page
    page = facilitator_client.get(url("sheet", workshop.pk, sheet.pk)).content.decode()
    assert page.count("&lt;script&gt;") >= len([f for f in FIELDS if not f.is_list])


def test_conflict_escapes_both_versions(facilitator_client, workshop, sheet, facilitator):
    services.save_field(sheet, "objective", value=SCRIPT, base_version=0, actor=facilitator)
    response = facilitator_client.post(
        url("save", workshop.pk, sheet.pk, "objective"),
        {"value": SCRIPT + "!", "base_version": "0"},
    )
    assert response.status_code == 409
    assert SCRIPT not in response.content.decode()


# --- Who may --------------------------------------------------------------------------------------


def facilitator_urls(workshop, sheet):
    return [
        ("get", url("manage", workshop.pk)),
        ("get", url("sheet", workshop.pk, sheet.pk)),
        ("post", url("create", workshop.pk)),
        ("post", url("assign", workshop.pk)),
        ("post", url("seat", workshop.pk)),
        ("post", url("poll", workshop.pk)),
        ("post", url("referents", workshop.pk)),
        ("post", url("save", workshop.pk, sheet.pk, "title")),
        ("post", url("comment", workshop.pk, sheet.pk)),
    ]


def test_strangers_are_refused(client, stranger, workshop, sheet):
    client.force_login(stranger)
    for method, address in facilitator_urls(workshop, sheet):
        assert getattr(client, method)(address).status_code == 403, address


def test_participants_cannot_reach_facilitator_pages(phone, workshop, sheet):
    for method, address in facilitator_urls(workshop, sheet):
        response = getattr(phone, method)(address)
        assert response.status_code == 302 and "/compte/" in response["Location"], address
    assert not Revision.objects.exists()


def test_sheet_of_another_workshop_is_a_404(facilitator_client, workshop, facilitator):
    from coprod.testing.factories import WorkshopFactory

    other = WorkshopFactory(facilitators=[facilitator])
    foreign = Sheet.objects.create(workshop=other, number=1)
    assert facilitator_client.get(url("sheet", workshop.pk, foreign.pk)).status_code == 404


def test_admin_lists_sheets_read_only(client, workshop, sheet, facilitator):
    from coprod.testing.factories import UserFactory

    services.save_field(sheet, "title", value=SCRIPT, base_version=0, actor=facilitator)
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    for name in ("sheet", "revision", "comment", "referent"):
        response = client.get(reverse(f"admin:action_sheets_{name}_changelist"))
        assert response.status_code == 200, name
    page = client.get(reverse("admin:action_sheets_sheet_change", args=[sheet.pk])).content.decode()
    assert SCRIPT not in page
    assert client.get(reverse("admin:action_sheets_sheet_add")).status_code == 403
