"""Who gets in, from the console: registration, a fresh code, approval, removal; and what a
waiting or removed phone sees."""

import pytest

from coprod.participants import services as participant_services
from coprod.participants.models import Participant
from coprod.testing.api import bearer
from coprod.testing.factories import ParticipantFactory
from coprod.testing.pages import visible_text
from coprod.testing.phones import join_as

from .test_views import HTMX

pytestmark = pytest.mark.django_db

Admission = Participant.Admission


def control(client, workshop, action):
    return client.post(f"/animer/{workshop.pk}/commande/{action}/", headers=HTMX)


def decide(client, workshop, participant, decision):
    return client.post(
        f"/animer/{workshop.pk}/participants/{participant.pk}/admission/",
        {"decision": decision},
        headers=HTMX,
    )


def test_closing_registration_from_the_console(facilitator_client, client, workshop):
    closed = control(facilitator_client, workshop, "close-registration")
    assert closed.status_code == 200
    assert "inscriptions fermées" in visible_text(closed)
    late = join_as(client, workshop, "Retardataire")
    assert late.admission == Admission.PENDING
    console = visible_text(facilitator_client.get(f"/animer/{workshop.pk}/"))
    assert "1 arrivée attend votre accord" in console
    assert "Accepter Retardataire" in console


def test_a_waiting_phone_is_told_so_and_opens_once_accepted(facilitator_client, client, workshop):
    control(facilitator_client, workshop, "close-registration")
    late = join_as(client, workshop, "Retardataire")
    waiting = client.get(f"/p/{workshop.pk}/")
    assert waiting.status_code == 200
    assert "vous pourrez participer dès son accord" in visible_text(waiting)
    assert client.get(f"/p/{workshop.pk}/moi/").status_code == 403
    assert client.get(f"/p/{workshop.pk}/admission/", headers=HTMX).status_code == 204
    assert decide(facilitator_client, workshop, late, "admit").status_code == 200
    answer = client.get(f"/p/{workshop.pk}/admission/", headers=HTMX)
    assert answer["HX-Redirect"] == f"/p/{workshop.pk}/"
    assert "L'atelier va bientôt commencer." in visible_text(client.get(f"/p/{workshop.pk}/"))


def test_a_refused_arrival_is_told_so(facilitator_client, client, workshop):
    control(facilitator_client, workshop, "close-registration")
    late = join_as(client, workshop, "Inconnu")
    decide(facilitator_client, workshop, late, "refuse")
    page = client.get(f"/p/{workshop.pk}/")
    assert page.status_code == 403
    assert "n'a pas été acceptée" in visible_text(page)


def test_removing_someone_from_the_console(facilitator_client, client, workshop):
    intruder = join_as(client, workshop, "Intrus")
    console = decide(facilitator_client, workshop, intruder, "remove")
    assert "1 personne refusée ou retirée" in visible_text(console)
    assert "0 participant présent" in visible_text(console)
    page = client.get(f"/p/{workshop.pk}/")
    assert page.status_code == 403
    assert "Vous avez été retiré·e de cet atelier" in visible_text(page)
    assert client.post(f"/p/{workshop.pk}/humeur/", {"value": 4}).status_code == 403
    decide(facilitator_client, workshop, intruder, "admit")  # a mistake, put right
    assert client.get(f"/p/{workshop.pk}/").status_code == 200


def test_a_new_code_shows_on_the_console_and_the_board_corner(facilitator_client, workshop):
    old = workshop.join_code
    answer = control(facilitator_client, workshop, "new-code")
    workshop.refresh_from_db()
    assert workshop.join_code != old
    assert workshop.join_code in answer.content.decode()
    corner = facilitator_client.get(f"/tableau/{workshop.pk}/rejoindre/")
    assert corner.status_code == 200
    assert workshop.join_code in visible_text(corner) and old not in visible_text(corner)


def test_the_burst_warning_shows_until_dismissed(facilitator_client, workshop):
    workshop.join_surge_at, workshop.join_surge_count = workshop.created_at, 23
    workshop.save()
    console = visible_text(facilitator_client.get(f"/animer/{workshop.pk}/"))
    assert "23 arrivées en moins de 10 secondes" in console
    control(facilitator_client, workshop, "dismiss-surge")
    assert "arrivées en moins de 10 secondes" not in visible_text(
        facilitator_client.get(f"/animer/{workshop.pk}/")
    )


def test_admission_controls_belong_to_the_workshop_s_facilitators(client, stranger, workshop):
    person = ParticipantFactory(workshop=workshop)
    client.force_login(stranger)
    assert control(client, workshop, "close-registration").status_code == 403
    assert decide(client, workshop, person, "remove").status_code == 403
    other = ParticipantFactory()  # of another workshop
    assert decide(client, workshop, other, "remove").status_code in (403, 404)
    person.refresh_from_db()
    workshop.refresh_from_db()
    assert (person.admission, workshop.registration_open) == (Admission.ADMITTED, True)


def test_a_facilitator_cannot_decide_for_another_workshop_s_participant(
    facilitator_client, workshop
):
    other = ParticipantFactory()
    assert decide(facilitator_client, workshop, other, "remove").status_code == 404
    other.refresh_from_db()
    assert other.admission == Admission.ADMITTED


def test_an_api_client_waiting_for_approval_is_told_why(client, facilitator, workshop):
    participant_services.set_registration(workshop, actor=facilitator, open=False)
    joined = client.post(
        "/api/v1/join",
        {"code": workshop.join_code, "name": "Tard"},
        content_type="application/json",
    )
    assert joined.status_code == 201
    assert joined.json()["admission"] == "pending"
    token = joined.json()["token"]
    read = client.get(f"/api/v1/workshops/{workshop.pk}", headers=bearer(token))
    assert read.status_code == 403
    assert "attend l'accord" in read.json()["detail"]
    participant_services.admit_all_pending(workshop, actor=facilitator)
    assert client.get(f"/api/v1/workshops/{workshop.pk}", headers=bearer(token)).status_code == 200
