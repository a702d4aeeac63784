"""The event catalogue (`realtime.events.EVENTS`): what `publish_on_commit` accepts, that every
type is published by some service, that docs/realtime.md says what the table says, and that
the live state's version changes once per transaction."""

import logging

import pytest
from django.test import Client

from coprod.agenda import services as agenda
from coprod.live import regions, state_cache
from coprod.participants import services as participants
from coprod.realtime import catalogue, events
from coprod.realtime.events import EVENTS, EventError, publish_on_commit
from coprod.testing.room import room_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent():
    """The events handed to the channel layer, as (type, data)."""
    out = []

    def record(sender, workshop_id, event_type, data, **kwargs):
        out.append((event_type, data))

    events.published.connect(record, dispatch_uid="test-sent")
    yield out
    events.published.disconnect(dispatch_uid="test-sent")


def test_every_type_is_published_by_some_service(
    workshop, facilitator, django_capture_on_commit_callbacks
):
    """A whole workshop, action by action through the services and the phone's forms."""
    room = room_of(workshop, facilitator, Client(), django_capture_on_commit_callbacks)
    published = set()
    for _what, action in room.actions():
        published.update(room.run(action))
    assert published == {name for name, event in EVENTS.items() if not event.internal}


def test_the_doc_lists_every_type_with_its_audiences():
    text = catalogue.DOC.read_text()
    assert catalogue.rewritten(text) == text, (
        "docs/realtime.md differs from realtime.events.EVENTS: "
        "run `python -m coprod.realtime.catalogue --write`"
    )
    for name, event in EVENTS.items():
        row = next(line for line in text.splitlines() if line.startswith(f"| `{name}` |"))
        assert (", ".join(event.audiences) or "none") in row


def test_the_phones_get_what_the_table_gives_them(workshop):
    """No frame for a change of theirs they do not see; only the re-read of their own part for
    a moderated proposal; their whole region for a step change."""
    both = {("participant", "fr"), ("board", "fr")}
    assert ("participant", "fr") not in regions.render(workshop.pk, ["mood.updated"], both)
    moderated = regions.render(workshop.pk, ["proposals.moderated"], both)
    assert 'id="phone-mine"' in moderated[("participant", "fr")]
    assert "phone-live" not in moderated[("participant", "fr")]
    assert "board-live" in moderated[("board", "fr")]
    assert (
        "phone-live" in regions.render(workshop.pk, ["step.changed"], both)[("participant", "fr")]
    )


@pytest.mark.parametrize(
    ("event_type", "data"),
    [
        ("step.chnaged", {"step": 1}),  # a typo
        ("step.changed", {}),  # a field missing
        ("step.changed", {"step": "12"}),  # of another type
        ("step.changed", {"step": True}),
        ("tally.updated", {"vote": 1, "ballot": 3}),  # a field too many (a secret one)
        ("resync", {}),  # the channel layer's own
    ],
)
def test_a_type_or_data_the_table_does_not_list_is_refused(workshop, sent, event_type, data):
    with pytest.raises(EventError):
        publish_on_commit(workshop.pk, event_type, data)


def test_in_production_a_bad_event_is_logged_and_sent_without_its_data(
    workshop, sent, settings, caplog, django_capture_on_commit_callbacks
):
    """The change it announces is committed: pages still hear of it, API clients get no field
    the table does not list."""
    settings.STRICT_EVENTS = False
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        publish_on_commit(workshop.pk, "tally.updated", {"vote": 1, "ballot": 3})
        publish_on_commit(workshop.pk, "tally.upadted", {})
    assert sent == [("tally.updated", {}), ("resync", {})]
    assert "tally.upadted" in caplog.text


def test_accepted_data_reach_the_layer_as_given(workshop, sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        publish_on_commit(workshop.pk, "step.changed", {"step": None})
        publish_on_commit(
            workshop.pk, "sheet.changed", {"sheet": 1, "field": "title", "version": 2}
        )
    assert sent == [
        ("step.changed", {"step": None}),
        ("sheet.changed", {"sheet": 1, "field": "title", "version": 2}),
    ]


@pytest.fixture
def versions(monkeypatch):
    """Every new version the live state gets."""
    bumps = []
    bump = state_cache.bump
    monkeypatch.setattr(state_cache, "bump", lambda w: (bumps.append(w), bump(w)))
    return bumps


def test_one_next_step_gives_the_live_state_one_new_version(
    workshop, facilitator, versions, django_capture_on_commit_callbacks
):
    """It saves two steps and publishes once: five new versions before, one now."""
    with django_capture_on_commit_callbacks(execute=True):
        agenda.start_workshop(workshop, actor=facilitator)
    versions.clear()
    with django_capture_on_commit_callbacks(execute=True):
        agenda.go_to_step(workshop, actor=facilitator, offset=+1)
    assert versions == [workshop.pk]


def test_a_transaction_publishing_several_events_gives_one_new_version(
    workshop, facilitator, versions, django_capture_on_commit_callbacks
):
    """Removing someone publishes three events (the roster, the tallies, the sockets)."""
    from coprod.live.services import remove_participant

    person, _created = participants.join(code=workshop.join_code, name="Karim")
    versions.clear()
    with django_capture_on_commit_callbacks(execute=True):
        remove_participant(person, actor=facilitator)
    assert versions == [workshop.pk]


def test_a_socket_opening_or_closing_keeps_the_version(
    workshop, versions, django_capture_on_commit_callbacks
):
    """Presence is not part of the phones' state: their caches stay warm."""
    with django_capture_on_commit_callbacks(execute=True):
        person, _created = participants.join(code=workshop.join_code, name="Karim")
    before = state_cache.version(workshop.pk)
    with django_capture_on_commit_callbacks(execute=True):
        participants.mark_connection(person.pk, connected=True)
        participants.mark_connection(person.pk, connected=False)
    assert versions[1:] == []  # only the join's
    assert state_cache.version(workshop.pk) == before != ""
