"""Fixtures shared by every app's tests: accounts, a prepared workshop, clients, a clock."""

import copy
import itertools
import os
from datetime import UTC, datetime, timedelta

import pytest
from django import test
from django.http import HttpRequest
from django.utils import timezone, translation

from coprod.organisations.models import Organisation
from coprod.testing.factories import (
    OrganisationFactory,
    UserFactory,
    WorkshopFactory,
    join,
    may_own_processes,
    seed_agenda,
)

# One network address per test client: the join-rate counters live in the shared cache (Redis
# in CI), and the per-address cap must not carry failed tries from one test into another.
_addresses = (f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}" for n in itertools.count(1))


_tests = itertools.count(1)


class Client(test.Client):
    """Django's test client whose `login()` goes through the login throttle as a sign-in on the
    login page does: django-axes refuses an authentication without the request."""

    def login(self, **credentials):
        request = HttpRequest()
        request.META["REMOTE_ADDR"] = self.defaults.get("REMOTE_ADDR", "127.0.0.1")
        return super().login(request=request, **credentials)


# The apps whose tests all carry the `live` marker: what CI runs again under COPROD_SERVER=stock,
# with the browser and multi-process tests of every app.
LIVE_APPS = {"live", "realtime"}


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.parent.name == "tests" and item.path.parent.parent.name in LIVE_APPS:
            item.add_marker(pytest.mark.live)


@pytest.fixture(autouse=True)
def _own_cache_keys(settings):
    """Each test its own cache keys (a prefix, nothing is cleared): a participant's token or a
    live-state version cached by one test, whose rows were then rolled back, must not answer the
    next one — with Redis the cache outlives the test process too."""
    caches = copy.deepcopy(settings.CACHES)
    default = caches["default"]
    default["KEY_PREFIX"] = f"{default.get('KEY_PREFIX', '')}test{os.getpid()}-{next(_tests)}"
    settings.CACHES = caches


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings, tmp_path):
    """Background tasks run in the test's own thread, as soon as they are queued: a view that
    starts a job answers with the job already done (tests of the worker itself run the real
    `coprod worker`). Each test keeps its jobs' files in a folder of its own."""
    from coprod.core.tasks import IMMEDIATE_BACKEND

    settings.TASKS = {"default": {"BACKEND": IMMEDIATE_BACKEND}}
    settings.DATA_DIR = tmp_path / "data"


@pytest.fixture(autouse=True)
def _static_files_unhashed(settings):
    """Pages rendered in the test process name static files by their plain names: nothing is
    collected for it. The servers the browser tests start serve the collected, hashed files."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _strict_events(settings):
    """An event published with a type or data realtime.events.EVENTS does not list fails the
    test (production logs it and publishes a plain "something changed")."""
    settings.STRICT_EVENTS = True


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _french_by_default():
    """Each test starts in French: a request in English activates English in the thread, which
    would otherwise carry over into the next test."""
    with translation.override("fr"):
        yield


@pytest.fixture
def client():
    """A browser of its own, seen from its own network address."""
    return Client(REMOTE_ADDR=next(_addresses))


@pytest.fixture
def organisation(db):
    """The test's organisation: the processes of ProcessFactory() belong to it."""
    return Organisation.objects.first() or OrganisationFactory(name="Parc de test")


@pytest.fixture
def facilitator(organisation):
    """An animateur of the test's organisation."""
    return join(UserFactory(username="camille"), organisation)


@pytest.fixture
def chargee(db):
    """An account allowed to own processes (a chargée de mission)."""
    return may_own_processes(UserFactory(username="claude"))


@pytest.fixture
def stranger(db):
    """Logged in, but facilitates none of the test's workshops."""
    return UserFactory(username="dominique")


@pytest.fixture
def workshop(facilitator):
    """A draft workshop of `facilitator` with the seed's charter and nine-step agenda."""
    workshop = WorkshopFactory(facilitators=[facilitator])
    seed_agenda(workshop)
    return workshop


@pytest.fixture
def facilitator_client(facilitator):
    client = Client(REMOTE_ADDR=next(_addresses))
    client.force_login(facilitator)
    return client


@pytest.fixture
def facilitator_token(facilitator):
    """An API bearer token of `facilitator` (send it with coprod.testing.api.bearer)."""
    from coprod.accounts.services import create_api_token

    return create_api_token(facilitator)


class Clock:
    """The time Django's `timezone.now()` answers, moved by hand."""

    def __init__(self, now: datetime):
        self.now = now

    def advance(self, **delta) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(datetime(2026, 3, 12, 13, 0, tzinfo=UTC))
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


@pytest.fixture
def run_to(facilitator):
    """Start `workshop` if needed and move on, as its facilitator would, to the step of `kind`."""
    from coprod.agenda import services as agenda

    def run_to(workshop, kind):
        live = workshop.steps.live().first() or agenda.start_workshop(workshop, actor=facilitator)
        while live.kind != kind:
            live = agenda.go_to_step(workshop, actor=facilitator, offset=+1)
        return live

    return run_to


@pytest.fixture
def smtp_server():
    """A real SMTP server on a free loopback port (coprod/testing/smtp.py), without
    authentication: give a `coprod` process `smtp_server.env`, read `smtp_server.messages`."""
    from coprod.testing.smtp import SmtpServer

    with SmtpServer() as server:
        yield server
