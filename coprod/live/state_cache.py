"""The live state as JSON bytes, cached per workshop until the workshop changes.

Phones and integrations poll `GET /api/v1/workshops/{id}`; between two changes they all get the
same bytes, so such a read costs two cache lookups instead of five queries. The phone pages
start from the same kind of cached state (`phone_state`). The workshop gets a new random
version only from `realtime.events.publish_on_commit`: once per committed transaction that
published a change of its live state (`events.changed`), before any hub hears of it, so a phone
re-reading after a push never gets the state from before. Presence (sockets opening and
closing) is not part of that state and leaves the version alone. Readers key the JSON by the
version they read first, so a reader racing a change can at worst store an old copy under a
version nobody asks for any more. Inside a transaction that has published a change, reads of
that workshop go to the database and store nothing (`events.changing`): the change is not
committed yet, and other readers must not see it cached. The cache is Redis when several server
processes share it, so a change made through one process is seen by the others. A change that
publishes nothing (a script's bulk update) shows once the copies are older than TTL.
"""

import contextlib
import copy
import dataclasses
import json
import secrets
import threading
import time
from collections import OrderedDict

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from coprod.core.page_shell import Shell
from coprod.participants.session import workshop_participant
from coprod.realtime import events
from coprod.voting import services as voting_services

from . import state as live_state

# Seconds: a last resort for a change that neither publishes an event nor saves one of the models.
TTL = 60


def _version_key(workshop_id: int) -> str:
    return f"live-version:{workshop_id}"


# Workshops this thread's open transaction has published a change of (not committed yet).
_changing = threading.local()


def version(workshop_id: int) -> str:
    """The workshop's current version, or "" when reads must go to the database and store
    nothing: while the cache cannot be reached (so nothing read before is served again), and
    inside a transaction that changed the workshop."""
    if _in_changing_transaction(workshop_id):
        return ""
    key = _version_key(workshop_id)
    value = cache.get(key)
    if value is None:
        cache.add(key, secrets.token_hex(8), timeout=None)
        value = cache.get(key)
    return value or ""


def _mark(workshop_id: int) -> str:
    # By the version's full cache key: marks left by a rolled-back transaction (every test's)
    # then never reach a reader of another cache (each test has a key prefix of its own).
    return cache.make_key(_version_key(workshop_id))


def _in_changing_transaction(workshop_id: int) -> bool:
    marked = getattr(_changing, "marks", None)
    if not marked or _mark(workshop_id) not in marked:
        return False
    if transaction.get_connection().in_atomic_block:
        return True
    marked.discard(_mark(workshop_id))  # rolled back: nothing changed
    return False


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
    at_version = version(workshop_id) if at_version is None else at_version
    if not at_version:
        return build()
    key = f"live-{name}:{workshop_id}:{at_version}"
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

    at_version = version(workshop_id) if at_version is None else at_version

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
    at_version = version(workshop_id) if at_version is None else at_version
    if not at_version:
        return workshop_participant(workshop_id, participant_id)
    key = (workshop_id, participant_id, at_version)
    found = _participants.get(key, _ABSENT)
    if found is _ABSENT:
        found = workshop_participant(workshop_id, participant_id)
        _participants.put(key, found)
    return copy.copy(found)


def phone_reading(workshop_id: int, participant_id: int):
    """A phone's participant (or None) and the live state, both read at one version."""
    current = version(workshop_id)
    return participant(workshop_id, participant_id, current), phone_state(workshop_id, current)


def _on_changing(sender, workshop_id, **kwargs) -> None:
    marked = getattr(_changing, "marks", None)
    if marked is None:
        marked = _changing.marks = set()
    marked.add(_mark(workshop_id))


def _on_changed(sender, workshop_id, **kwargs) -> None:
    marked = getattr(_changing, "marks", None)
    if marked:
        marked.discard(_mark(workshop_id))
    bump(workshop_id)


def connect() -> None:
    events.changing.connect(_on_changing, dispatch_uid="state-cache-changing")
    events.changed.connect(_on_changed, dispatch_uid="state-cache-changed")
