"""Every creating write sent twice with its client key (a double click, a retry after a lost
answer) creates once: steps, workshops, polls, sheets, comments (coprod.core.idempotency).
Proposals, levers and participants have their own tests in their apps."""

import pytest

from coprod.action_sheets import services as sheets
from coprod.action_sheets.models import Comment, Sheet
from coprod.agenda import services as agenda
from coprod.testing.factories import SheetFactory
from coprod.voting import services as voting
from coprod.voting.models import Poll
from coprod.workshops import services as workshops
from coprod.workshops.models import Workshop

pytestmark = pytest.mark.django_db


def twice(call):
    return call(), call()


def test_a_step_added_twice_is_one_step(workshop, facilitator):
    before = workshop.steps.count()
    first, again = twice(
        lambda: agenda.add_step(
            workshop, actor=facilitator, kind="free", title="Pause", minutes=10, client_key="s-1"
        )
    )
    assert again == first
    assert workshop.steps.count() == before + 1


def test_a_new_workshop_saved_twice_is_one_workshop(workshop, facilitator):
    first, again = twice(
        lambda: workshops.create_workshop(
            actor=facilitator,
            process=workshop.process,
            title="Atelier 5",
            question="Quelles actions ?",
            client_key="w-1",
        )
    )
    assert again == first
    assert Workshop.objects.filter(title="Atelier 5").count() == 1


def test_a_poll_created_twice_is_one_poll(workshop, facilitator):
    first, again = twice(
        lambda: voting.create_poll(
            workshop, actor=facilitator, title="Priorités", labels=["A", "B"], client_key="p-1"
        )
    )
    assert again == first
    assert Poll.objects.filter(workshop=workshop).count() == 1


def test_blank_sheets_created_twice_are_made_once(workshop, facilitator):
    first, again = twice(
        lambda: sheets.create_sheets(workshop, actor=facilitator, count=3, client_key="f-1")
    )
    assert [s.pk for s in again] == [s.pk for s in first]
    assert Sheet.objects.filter(workshop=workshop).count() == 3


def test_a_comment_sent_twice_is_one_comment(workshop, facilitator):
    sheet = SheetFactory(workshop=workshop, number=1)
    first, again = twice(
        lambda: sheets.add_comment(
            sheet, text="Penser aux horaires du marché", actor=facilitator, client_key="c-1"
        )
    )
    assert again == first
    assert Comment.objects.filter(sheet=sheet).count() == 1


def test_without_a_key_each_write_counts(workshop, facilitator):
    """The key is what makes a retry: two deliberate polls are two polls."""
    for _ in range(2):
        voting.create_poll(workshop, actor=facilitator, title="Priorités", labels=["A", "B"])
    assert Poll.objects.filter(workshop=workshop).count() == 2
