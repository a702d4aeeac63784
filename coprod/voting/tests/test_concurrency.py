"""Simultaneous ballots: every participant taps twice at the same moment, from many threads.

Runs on real transactions and connections (SQLite or PostgreSQL, as DATABASE_URL says).
"""

import threading

import pytest
from django.db import connection

from coprod.testing.factories import ParticipantFactory, UserFactory, WorkshopFactory, seed_agenda
from coprod.voting import services
from coprod.voting.models import ConsentBallot

from .conftest import BUS, make_synthesis

PARTICIPANTS = 20


def run_at_once(jobs):
    """Start every job at the same moment; return the errors they raised."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait()
            job()
        except Exception as error:  # reported below, with the others
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return errors


@pytest.mark.django_db(transaction=True)
def test_simultaneous_double_taps_store_one_ballot_each():
    facilitator = UserFactory(username="camille-concurrence")
    workshop = WorkshopFactory(facilitators=[facilitator])
    seed_agenda(workshop)
    vote = services.open_validation(make_synthesis(workshop, BUS), actor=facilitator)
    people = [ParticipantFactory(workshop=workshop) for _ in range(PARTICIPANTS)]

    def tap(person, choice):
        return lambda: services.cast_consent(vote, participant=person, choice=choice)

    jobs = []
    for i, person in enumerate(people):
        jobs.append(tap(person, "for"))
        jobs.append(tap(person, "live_with" if i % 2 else "for"))
    errors = run_at_once(jobs)

    assert errors == []
    assert ConsentBallot.objects.filter(vote=vote).count() == PARTICIPANTS
    assert (
        ConsentBallot.objects.filter(vote=vote).values("participant").distinct().count()
        == PARTICIPANTS
    )
    summary = services.tally(vote)
    assert summary["voters"] == PARTICIPANTS
    assert summary["counts"]["for"] >= PARTICIPANTS // 2


@pytest.mark.django_db(transaction=True)
def test_no_ballot_is_counted_after_the_close():
    facilitator = UserFactory(username="camille-cloture")
    workshop = WorkshopFactory(facilitators=[facilitator])
    vote = services.open_validation(make_synthesis(workshop, BUS), actor=facilitator)
    people = [ParticipantFactory(workshop=workshop) for _ in range(PARTICIPANTS)]
    closed = {}

    def close():
        closed["vote"] = services.close_validation(vote, actor=facilitator)

    jobs = [lambda p=p: services.cast_consent(vote, participant=p, choice="for") for p in people]
    errors = run_at_once([*jobs, close])

    assert all(isinstance(e, services.VoteClosed) for e in errors)
    stored = ConsentBallot.objects.filter(vote=vote).count()
    assert stored + len(errors) == PARTICIPANTS
    # The outcome was computed on exactly the ballots that were stored.
    assert closed["vote"].validated is (stored > 0)
