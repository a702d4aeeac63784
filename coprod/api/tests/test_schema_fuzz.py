"""schemathesis against the API: no server error and no answer outside the schema, for a few
generated requests per operation, with a participant's and a facilitator's token.

The generated path ids mostly name real rows of a workshop that ran to its end and was opened
again at its projects step (so reads return real data and writes reach the services);
schemathesis' own ids (a 404) are kept when they are large. The hand-written cases of
test_bad_input.py stay as regression tests.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from coprod.accounts.services import create_api_token
from coprod.action_sheets.fields import BY_NAME
from coprod.action_sheets.models import Revision
from coprod.agenda.kinds import StepKind
from coprod.agenda.models import Step
from coprod.catalogue.models import Action
from coprod.grouping.models import Synthesis
from coprod.live import state_cache
from coprod.testing.api import bearer
from coprod.testing.factories import ParticipantFactory, UserFactory, WorkshopFactory, seed_agenda
from coprod.testing.scenarios import run_to_the_end
from coprod.voting.models import ConsentBallot, Orientation, Poll, ValidationVote
from coprod.workshops.models import Workshop

pytestmark = pytest.mark.django_db

app = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
# Server errors and answers outside the schema. Not positive_data_acceptance: a request the
# schema allows is still refused by the workshop's rules (a vote already closed, another step).
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
KEEP_GENERATED_ABOVE = 10**6  # such an id names no row: let it reach the 404s


@dataclass
class World:
    ids: dict  # real ids by path parameter name
    tokens: dict  # a bearer token by role


class _Clock:
    """The `clock` fixture's time, for a workshop built once for the module."""

    def __init__(self):
        self.now = datetime(2026, 3, 12, 13, 0, tzinfo=UTC)

    def advance(self, **delta):
        self.now += timedelta(**delta)
        return self.now


def _ids(ran) -> dict:
    workshop = ran.workshop
    in_workshop = {"synthesis__cluster__workshop": workshop}
    return {
        "workshop_id": [workshop.pk],
        "process_id": [workshop.process_id],
        "proposal_id": list(workshop.proposals.values_list("pk", flat=True)),
        "group_id": list(workshop.clusters.values_list("pk", flat=True)),
        "synthesis_id": list(
            Synthesis.objects.filter(cluster__workshop=workshop).values_list("pk", flat=True)
        ),
        "vote_id": list(ValidationVote.objects.filter(**in_workshop).values_list("pk", flat=True)),
        "ballot_id": list(
            ConsentBallot.objects.filter(vote__synthesis__cluster__workshop=workshop).values_list(
                "pk", flat=True
            )
        ),
        "poll_id": list(Poll.objects.filter(workshop=workshop).values_list("pk", flat=True)),
        "action_id": list(Action.objects.of_workshop(workshop).values_list("pk", flat=True)),
        "orientation_id": list(
            Orientation.objects.filter(workshop=workshop).values_list("pk", flat=True)
        ),
        "sheet_id": [s.pk for s in ran.sheets],
        "revision_id": list(
            Revision.objects.filter(sheet__workshop=workshop).values_list("pk", flat=True)
        ),
        "item_id": list(workshop.process.priority_items.values_list("pk", flat=True)),
        "public_id": list(workshop.process.target_publics.values_list("pk", flat=True)),
        "name": list(BY_NAME),
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The restitution tests' complete workshop, opened again at its projects step (sheets are
    edited, the rest is read), built once for the module and rolled back after it: each test
    runs inside it and rolls back its own writes."""
    clock = _Clock()
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        pytest.MonkeyPatch.context() as patch,
    ):
        patch.setattr(timezone, "now", lambda: clock.now)
        facilitator = UserFactory(username="camille")
        workshop = WorkshopFactory(facilitators=[facilitator])
        seed_agenda(workshop)
        ran = run_to_the_end(workshop, facilitator, clock)
        patch.undo()
        Workshop.objects.filter(pk=workshop.pk).update(status=Workshop.Status.LIVE)
        Step.objects.filter(workshop=workshop, kind=StepKind.PROJECTS).update(
            status=Step.Status.RUNNING,
            ends_at=timezone.now() + timedelta(hours=2),
            finished_at=None,
        )
        # The facilitator owns the process too, so the process writes reach the services.
        workshop.process.owners.add(facilitator)
        ParticipantFactory(workshop=workshop, token="jeton-du-fuzz")
        tokens = {"participant": "jeton-du-fuzz", "facilitator": create_api_token(facilitator)}
        yield World(ids=_ids(ran), tokens=tokens)
        transaction.set_rollback(True)


@pytest.fixture(scope="module", autouse=True)
def _connection_kept_across_requests():
    """As Django's test client does: a request ending must not close the connection that holds
    the test's transaction (PostgreSQL would lose it)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=["participant", "facilitator"])
def token(request, world):
    state_cache.bump(world.ids["workshop_id"][0])  # each test has cache keys of its own
    return world.tokens[request.param]


def _real_path(case, ids) -> None:
    """Valid generated ids become real ones (the value picks which); invalid ones (negative
    cases: null, a string, out of range) and large ones stay, as generated."""
    for name, value in (case.path_parameters or {}).items():
        choices = ids.get(name)
        if not choices:
            continue
        if isinstance(value, str):
            index = len(value)
        elif type(value) is int and 0 <= value <= KEEP_GENERATED_ABOVE:
            index = value
        else:
            continue
        case.path_parameters[name] = choices[index % len(choices)]


def _with_token(case, token) -> dict:
    """The token replaces the generated one; a case generated without any (a negative case)
    is sent without."""
    return bearer(token) if "Authorization" in (case.headers or {}) else {}


@schema.parametrize()
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error_and_no_answer_outside_the_schema(case, world, token):
    _real_path(case, world.ids)
    headers = _with_token(case, token)
    response = case.call(headers=headers, environ_overrides={"REMOTE_ADDR": "10.9.9.9"})
    case.validate_response(response, checks=CHECKS)
