"""Simultaneous edits from many phones, on real transactions and connections (SQLite or
PostgreSQL, as DATABASE_URL says): one field is written by one person at a time, and whoever
started from an older version gets a conflict instead of erasing the other's words."""

import threading

import pytest
from django.db import connection

from coprod.action_sheets import services
from coprod.action_sheets.fields import FIELDS
from coprod.action_sheets.models import FieldValue, Revision
from coprod.agenda import services as agenda
from coprod.testing.factories import (
    ParticipantFactory,
    SheetFactory,
    UserFactory,
    WorkshopFactory,
    seed_agenda,
)

WRITERS = 10


def run_at_once(jobs):
    """Start every job at the same moment; return their results and the errors they raised."""
    barrier = threading.Barrier(len(jobs))
    results, errors = [], []

    def run(job):
        try:
            barrier.wait()
            results.append(job())
        except Exception as error:  # reported below, with the others
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results, errors


def live_tables(username):
    """A workshop at its projects step, one sheet, ten participants with a phone."""
    facilitator = UserFactory(username=username)
    workshop = WorkshopFactory(facilitators=[facilitator])
    seed_agenda(workshop)
    live = agenda.start_workshop(workshop, actor=facilitator)
    while live.kind != "projects":
        live = agenda.go_to_step(workshop, actor=facilitator, offset=+1)
    people = [ParticipantFactory(workshop=workshop) for _ in range(WRITERS)]
    return SheetFactory(workshop=workshop, number=1), people


def save(sheet, name, value, base, person):
    return lambda: services.save_field(
        sheet, name, value=value, base_version=base, participant=person
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("base", [0, 1], ids=["first-save", "existing-row"])
def test_ten_writers_on_one_field_one_wins_nine_conflicts(base):
    sheet, people = live_tables(f"camille-meme-champ-{base}")
    if base:
        services.save_field(
            sheet, "objective", value="Au départ", base_version=0, participant=people[0]
        )
    jobs = [save(sheet, "objective", f"Version de {p.name}", base, p) for p in people]
    results, errors = run_at_once(jobs)

    assert errors == []
    saved = [r for r in results if r.saved]
    conflicts = [r for r in results if not r.saved]
    assert len(saved) == 1 and len(conflicts) == WRITERS - 1
    winner = saved[0].state.value
    for result in conflicts:
        assert result.conflict.theirs == winner
        assert result.conflict.their_version == base + 1
        assert result.conflict.mine.startswith("Version de ")
        assert result.conflict.mine != winner
    row = FieldValue.objects.get(sheet=sheet, name="objective")
    assert (row.value, row.version) == (winner, base + 1)
    assert Revision.objects.filter(sheet=sheet, name="objective", version=base + 1).count() == 1
    assert Revision.objects.filter(sheet=sheet).count() == base + 1


@pytest.mark.django_db(transaction=True)
def test_ten_writers_on_ten_fields_all_saved():
    sheet, people = live_tables("camille-dix-champs")
    text_fields = [f for f in FIELDS if not f.is_list][:WRITERS]
    assert len(text_fields) == WRITERS
    jobs = [
        save(sheet, field.name, f"Écrit par {person.name}", 0, person)
        for field, person in zip(text_fields, people, strict=True)
    ]
    results, errors = run_at_once(jobs)

    assert errors == []
    assert all(r.saved for r in results) and len(results) == WRITERS
    values = services.values_of(sheet)
    for field, person in zip(text_fields, people, strict=True):
        assert values[field.name].value == f"Écrit par {person.name}"
        assert values[field.name].version == 1
    assert Revision.objects.filter(sheet=sheet).count() == WRITERS
