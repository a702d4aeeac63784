"""The facilitator's sheet pages: the overview (tables, seats, vote, referents); who may reach
them and one sheet's page (its fields: `test_sheet_views`)."""

import pytest
from django.urls import reverse

from coprod.action_sheets import services
from coprod.action_sheets.models import Referent, Revision, Seat, Sheet
from coprod.participants.session import SESSION_KEY
from coprod.testing.factories import ParticipantFactory
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
        ("post", url("save_sheet", workshop.pk, sheet.pk)),
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
