"""Creating workshops: join codes, facilitators, priority items."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from coprod.testing.factories import PriorityItemFactory, ProcessFactory
from coprod.workshops import codes, services
from coprod.workshops.models import Workshop

pytestmark = pytest.mark.django_db


def create(actor, process, **fields):
    return services.create_workshop(
        actor=actor, process=process, title="Atelier 1", question="Comment ?", **fields
    )


def test_created_workshop_has_a_valid_join_code_and_its_creator_as_facilitator(facilitator):
    workshop = create(facilitator, ProcessFactory(owners=[facilitator]))
    assert codes.looks_valid(workshop.join_code)
    assert list(workshop.facilitators.all()) == [facilitator]
    assert workshop.status == Workshop.Status.DRAFT
    assert not workshop.steps.exists()


def test_join_codes_and_board_keys_are_unique(facilitator):
    """Forty workshops get forty different codes and forty different board keys."""
    process = ProcessFactory()
    workshops = [create(facilitator, process) for _ in range(40)]
    assert len({w.join_code for w in workshops}) == 40
    assert len({w.board_key for w in workshops}) == 40


def test_workshop_inherits_the_process_priority_items_unless_told(facilitator):
    process = ProcessFactory()
    first, second = PriorityItemFactory(process=process), PriorityItemFactory(process=process)
    assert set(create(facilitator, process).priority_items.all()) == {first, second}
    assert list(create(facilitator, process, priority_items=[second]).priority_items.all()) == [
        second
    ]


def test_anonymous_visitor_cannot_create_a_workshop():
    with pytest.raises(PermissionDenied):
        create(AnonymousUser(), ProcessFactory())
    assert not Workshop.objects.exists()


def test_regenerated_join_code_replaces_the_old_one(workshop, facilitator, stranger):
    """A leaked code can be replaced; the old code no longer opens the workshop."""
    old = workshop.join_code
    new = services.regenerate_join_code(workshop, actor=facilitator)
    assert new != old and codes.looks_valid(new)
    assert not Workshop.objects.filter(join_code=old).exists()
    with pytest.raises(PermissionDenied):
        services.regenerate_join_code(workshop, actor=stranger)
