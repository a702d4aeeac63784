"""`GET /api/v1/workshops/{id}` is served from a cache (live.state_cache): every change must
still show on the next read, whichever way it was made."""

import pytest
from django.contrib import admin

from coprod.agenda import services as agenda
from coprod.agenda.models import Step
from coprod.participants import services as participant_services
from coprod.testing.factories import ParticipantFactory, WorkshopFactory
from coprod.workshops import services as workshop_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def read(client, workshop):
    ParticipantFactory(workshop=workshop, token="jeton-de-jeanne")

    def read_state():
        response = client.get(
            f"/api/v1/workshops/{workshop.pk}", headers={"Authorization": "Bearer jeton-de-jeanne"}
        )
        assert response.status_code == 200
        return response.json()

    return read_state


def test_a_step_change_shows_on_the_next_read(read, workshop, facilitator):
    assert read()["current_step"] is None
    with_commit = agenda.start_workshop(workshop, actor=facilitator)
    assert read()["current_step"] == with_commit.pk
    second = agenda.go_to_step(workshop, actor=facilitator, offset=+1)
    state = read()
    assert state["current_step"] == second.pk
    assert [s["status"] for s in state["steps"][:2]] == ["done", "running"]


def test_a_paused_timer_shows_its_remaining_seconds(read, workshop, facilitator):
    agenda.start_workshop(workshop, actor=facilitator)
    assert read()["timer"]["status"] == "running"
    agenda.pause_timer(workshop, actor=facilitator)
    assert read()["timer"]["status"] == "paused"


def test_an_edited_workshop_and_agenda_show_on_the_next_read(read, workshop, facilitator):
    assert read()["title"] == workshop.title
    workshop_services.update_workshop(workshop, actor=facilitator, title="Atelier renommé")
    assert read()["title"] == "Atelier renommé"
    first = workshop.steps.order_by("position").first()
    agenda.update_step(
        first,
        actor=facilitator,
        kind=first.kind,
        title="Accueil",
        minutes=12,
        instructions="Bienvenue.",
    )
    assert read()["steps"][0] | {"id": None} == {
        "id": None,
        "position": 1,
        "type": first.kind,
        "title": "Accueil",
        "minutes": 12,
        "status": "planned",
        "instructions": "Bienvenue.",
    }


def test_a_change_made_on_the_admin_site_shows_too(
    read, workshop, rf, django_capture_on_commit_callbacks
):
    """The admin site saves models without the services: it publishes for them."""
    read()
    step = workshop.steps.order_by("position").last()
    step.minutes = 99
    with django_capture_on_commit_callbacks(execute=True):
        admin.site.get_model_admin(Step).save_model(rf.post("/"), step, form=None, change=True)
    assert read()["steps"][-1]["minutes"] == 99


def test_joins_and_departures_change_the_count(read, workshop):
    assert read()["participants"] == 1
    participant, _ = participant_services.join(
        code=workshop.join_code, name="Paul", organisation="Mairie"
    )
    assert read()["participants"] == 2
    participant.delete()
    assert read()["participants"] == 1


def test_a_replayed_template_shows_its_steps(
    read, workshop, facilitator, django_capture_on_commit_callbacks
):
    """Applying a template writes its steps in bulk (no model signal): its published event
    after commit is what refreshes the cached state."""
    before = [s["id"] for s in read()["steps"]]
    with django_capture_on_commit_callbacks(execute=True):
        workshop.steps.all().delete()
        agenda.apply_template(workshop, actor=facilitator)
    after = [s["id"] for s in read()["steps"]]
    assert len(after) == len(before) and not set(after) & set(before)


def test_reads_between_changes_do_not_touch_the_database(read, django_assert_num_queries):
    read()
    with django_assert_num_queries(0):
        read()


def test_a_deleted_participant_token_stops_working_at_once(client, workshop):
    ParticipantFactory(workshop=workshop, token="jeton-de-paul")
    url, headers = f"/api/v1/workshops/{workshop.pk}", {"Authorization": "Bearer jeton-de-paul"}
    assert client.get(url, headers=headers).status_code == 200  # token now cached
    workshop.participants.get().delete()
    assert client.get(url, headers=headers).status_code == 401


def test_a_cached_token_still_opens_only_its_own_workshop(client, read, workshop, facilitator):
    read()  # jeton-de-jeanne now cached
    other = WorkshopFactory(facilitators=[facilitator])
    response = client.get(
        f"/api/v1/workshops/{other.pk}", headers={"Authorization": "Bearer jeton-de-jeanne"}
    )
    assert response.status_code == 403
