"""The live state as JSON bytes, cached per workshop until the workshop changes.

Phones and integrations poll `GET /api/v1/workshops/{id}`; between two changes they all get the
same bytes, so such a read costs two cache lookups instead of five queries. The phone pages
start from the same kind of cached state (`phone_state`). Every change gives the
workshop a new random version: after each published event, and on every save or delete of a
workshop, step or participant (which also covers the admin site and test factories). Readers key
the JSON by the version they read first, so a reader racing a change can at worst store an old
copy under a version nobody asks for any more. The cache is Redis when several server processes
share it, so a change made through one process is seen by the others.
"""

import contextlib
import copy
import dataclasses
import json
import secrets
import time
from collections import OrderedDict

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from coprod.agenda.models import Step
from coprod.core.page_shell import Shell
from coprod.participants.models import Participant
from coprod.participants.session import workshop_participant
from coprod.realtime import events
from coprod.voting import services as voting_services
from coprod.workshops.models import Workshop

from . import state as live_state

# Seconds: a last resort for a change that neither publishes an event nor saves one of the models.
TTL = 60


def _version_key(workshop_id: int) -> str:
    return f"live-version:{workshop_id}"


def version(workshop_id: int) -> str:
    """The workshop's current version; while the cache cannot be reached, a new one at every
    call, so that nothing read before is served again (every read goes to the database)."""
    key = _version_key(workshop_id)
    value = cache.get(key)
    if value is None:
        cache.add(key, secrets.token_hex(8), timeout=None)
        value = cache.get(key)
    return value or secrets.token_hex(8)


def bump(workshop_id: int) -> None:
    cache.set(_version_key(workshop_id), secrets.token_hex(8), timeout=None)


# Monotonic seconds; tests move it on.
_clock = time.monotonic


class LocalCopies:
    """This process's copies of entries keyed by version. A new version leaves the old copies
    unasked for, the oldest go first past `limit`; none is used for longer than TTL, the same
    last resort as the shared cache's. Spares a cache round trip and an unpickling per read."""

    def __init__(self, limit: int) -> None:
        self.limit, self.entries = limit, OrderedDict()

    def get(self, key, default=None):
        found = self.entries.get(key)
        if found is None or found[1] < _clock():
            return default
        return found[0]

    def put(self, key, value) -> None:
        if len(self.entries) >= self.limit:
            # popitem is one step under the GIL: request threads may evict at the same time.
            with contextlib.suppress(KeyError):
                self.entries.popitem(last=False)  # the oldest
        self.entries[key] = (value, _clock() + TTL)


LOCAL_ENTRIES = 256
_local = LocalCopies(LOCAL_ENTRIES)


def _cached(workshop_id: int, name: str, build, at_version: str | None = None):
    key = f"live-{name}:{workshop_id}:{at_version or version(workshop_id)}"
    value = _local.get(key)
    if value is None:
        value = cache.get(key)
        if value is None:
            value = build()
            cache.set(key, value, TTL)
        _local.put(key, value)
    return value


def state_json(workshop_id: int) -> bytes:
    """The API's JSON of the workshop's live state (the workshop must exist)."""

    def build():
        # From the phones' cached state: one database reading per version serves both.
        state = phone_state(workshop_id)
        return json.dumps(live_state.as_json(state), cls=DjangoJSONEncoder).encode()

    return _cached(workshop_id, "json", build)


def phone_state(workshop_id: int, at_version: str | None = None) -> live_state.LiveState:
    """What every phone page of the workshop starts from: the state without panels and the key
    of the open ballots. A shallow copy each time, with a fresh `now`: callers set attributes on
    it (panels, sheets) but never change the shared workshop, steps or lists in place."""

    at_version = at_version or version(workshop_id)

    def build():
        state = live_state.load(workshop_id, with_panels=False)
        state.ballot_key = voting_services.phone_key(state.workshop)
        state.version = at_version
        return state

    shared = _cached(workshop_id, "phone", build, at_version)
    return dataclasses.replace(shared, now=timezone.now())


# This process's phone page shells (coprod.core.page_shell), by workshop version and variant.
_shells = LocalCopies(LOCAL_ENTRIES)


def phone_shell(state: live_state.LiveState, variant: tuple, build) -> Shell:
    """The phone page of the state's version as a shell, built once per variant (language,
    signed-in or not): every phone of the workshop reloads it after a change."""
    key = (state.workshop.pk, state.version, *variant)
    shell = _shells.get(key)
    if shell is None:
        shell = build()
        if state.version:
            _shells.put(key, shell)
    return shell


# This process's participants, by workshop version: every phone re-reads its regions after each
# event, and a participant's row only changes by a save, which gives the workshop a new version.
_participants = LocalCopies(4096)
_ABSENT = object()


def participant(workshop_id: int, participant_id: int, at_version: str | None = None):
    """The workshop's participant with this id, or None, as a private copy the caller may change
    and save."""
    key = (workshop_id, participant_id, at_version or version(workshop_id))
    found = _participants.get(key, _ABSENT)
    if found is _ABSENT:
        found = workshop_participant(workshop_id, participant_id)
        _participants.put(key, found)
    return copy.copy(found)


def phone_reading(workshop_id: int, participant_id: int):
    """A phone's participant (or None) and the live state, both read at one version."""
    current = version(workshop_id)
    return participant(workshop_id, participant_id, current), phone_state(workshop_id, current)


def _on_model_change(sender, instance, **kwargs) -> None:
    workshop_id = instance.pk if sender is Workshop else instance.workshop_id
    # Now, for this transaction's own reads, and again once the change is visible to others.
    bump(workshop_id)
    transaction.on_commit(lambda: bump(workshop_id))


def _on_published(sender, workshop_id, **kwargs) -> None:
    bump(workshop_id)


def connect() -> None:
    for model in (Workshop, Step, Participant):
        post_save.connect(_on_model_change, sender=model, dispatch_uid=f"state-cache-{model}")
        post_delete.connect(_on_model_change, sender=model, dispatch_uid=f"state-del-{model}")
    events.published.connect(_on_published, dispatch_uid="state-cache-published")
