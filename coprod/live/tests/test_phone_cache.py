"""Phones re-read their page and regions after every event, from a cache of the workshop's
current version (live.state_cache): between two changes they cost no query, and every change
still shows on the next read."""

import time

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.test import Client

from coprod.agenda.kinds import StepKind
from coprod.agenda.models import Step
from coprod.live import state_cache
from coprod.participants.models import Participant
from coprod.participants.services import join, mark_connection
from coprod.participants.session import remember_participant
from coprod.testing.pages import visible_text
from coprod.testing.phones import join_as

pytestmark = pytest.mark.django_db

PHONE_PAGES = ["/p/{pk}/", "/p/{pk}/live/", "/p/{pk}/moi/"]


@pytest.mark.parametrize("url", PHONE_PAGES)
def test_phone_reads_between_changes_do_not_touch_the_database(
    client, workshop, run_to, django_assert_num_queries, django_capture_on_commit_callbacks, url
):
    with django_capture_on_commit_callbacks(execute=True):
        join_as(client, workshop)
        run_to(workshop, StepKind.ROUND_TABLE)
    url = url.format(pk=workshop.pk)
    assert client.get(url).status_code == 200
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response.status_code == 200
    assert 'value="Jeanne Martin"' in response.content.decode()  # their round-table card


def test_a_socket_opening_or_closing_leaves_the_phones_cached(
    client, workshop, run_to, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """Presence (a phone waking up, a page reloading) is not part of what phones show: before
    issue 17 each socket open or close emptied every phone's cache."""
    with django_capture_on_commit_callbacks(execute=True):
        participant = join_as(client, workshop)
        run_to(workshop, StepKind.ROUND_TABLE)
    url = f"/p/{workshop.pk}/moi/"
    assert client.get(url).status_code == 200
    for connected in (True, False):
        with django_capture_on_commit_callbacks(execute=True):
            mark_connection(participant.pk, connected=connected)
        with django_assert_num_queries(0):
            assert client.get(url).status_code == 200


def test_in_a_full_room_no_phone_pushes_another_out_of_the_cache(
    workshop, run_to, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """More phones than Django's local cache holds by default (300 entries): their sessions
    must not evict each other, or every read queries the database again."""
    workshop.expected_participants = 400
    workshop.save()
    phones = []
    for i in range(400):
        with django_capture_on_commit_callbacks(execute=True):
            participant, _ = join(code=workshop.join_code, name=f"Téléphone {i}")
        phone = Client()
        session = phone.session
        remember_participant(session, participant)
        session.save()
        phones.append(phone)
    with django_capture_on_commit_callbacks(execute=True):
        run_to(workshop, StepKind.ROUND_TABLE)
    url = f"/p/{workshop.pk}/moi/"
    assert all(phone.get(url).status_code == 200 for phone in phones)
    with django_assert_num_queries(0):
        answers = [phone.get(url) for phone in phones]
    assert all('value="Téléphone' in answer.content.decode() for answer in answers)


@pytest.mark.parametrize("url", PHONE_PAGES)
def test_a_participant_deleted_on_the_admin_site_is_sent_back_to_the_code_form(
    client, workshop, rf, django_capture_on_commit_callbacks, url
):
    with django_capture_on_commit_callbacks(execute=True):
        participant = join_as(client, workshop)
    url = url.format(pk=workshop.pk)
    assert client.get(url).status_code == 200  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        admin.site.get_model_admin(Participant).delete_model(rf.post("/"), participant)
    response = client.get(url)
    if url == f"/p/{workshop.pk}/":
        assert response.status_code == 302
        assert response["Location"] == "/"
    else:
        assert response.status_code == 403


def test_an_edited_card_shows_on_the_next_read(
    client, workshop, run_to, django_capture_on_commit_callbacks
):
    join_as(client, workshop)
    run_to(workshop, StepKind.ROUND_TABLE)
    me = f"/p/{workshop.pk}/moi/"
    assert 'value="Jeanne Martin"' in client.get(me).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/p/{workshop.pk}/carte/", {"name": "Jeanne M.", "organisation": "CCAS"})
    page = client.get(me).content.decode()
    assert 'value="Jeanne M."' in page and 'value="CCAS"' in page


def test_a_phone_sees_the_step_its_facilitator_just_opened(client, workshop, run_to):
    join_as(client, workshop)
    assert "L'atelier va bientôt commencer." in visible_text(client.get(f"/p/{workshop.pk}/"))
    run_to(workshop, StepKind.MOOD)
    assert "Comment ça va ?" in visible_text(client.get(f"/p/{workshop.pk}/live/"))


def test_a_change_that_publishes_nothing_shows_after_the_ttl(
    client, workshop, run_to, monkeypatch, django_capture_on_commit_callbacks
):
    """The last resort for an update from a script (no event): once the copies are older than
    the TTL, in this process as in the shared cache, phones read it."""
    with django_capture_on_commit_callbacks(execute=True):
        join_as(client, workshop)
        current = run_to(workshop, StepKind.ROUND_TABLE)
    url = f"/p/{workshop.pk}/"
    assert "Tour de table" in visible_text(client.get(url))
    Step.objects.filter(pk=current.pk).update(title="Tour de table des élus")
    assert "Tour de table des élus" not in visible_text(client.get(url))  # cached meanwhile

    later = time.monotonic() + state_cache.TTL + 1
    monkeypatch.setattr(state_cache, "_clock", lambda: later)
    # The shared cache's own copy has expired by then too.
    cache.delete(f"live-phone:{workshop.pk}:{state_cache.version(workshop.pk)}")
    assert "Tour de table des élus" in visible_text(client.get(url))
