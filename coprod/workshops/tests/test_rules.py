"""Who may see, change and run a workshop: a role × permission matrix."""

import pytest
from django.contrib.auth.models import AnonymousUser

from coprod.testing.factories import ProcessFactory, UserFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

PERMS = ["workshops.view_workshop", "workshops.change_workshop", "workshops.run_workshop"]


@pytest.fixture
def people():
    facilitator, owner = UserFactory(), UserFactory()
    workshop = WorkshopFactory(process=ProcessFactory(owners=[owner]), facilitators=[facilitator])
    return workshop, {
        "facilitator": facilitator,
        "process owner": owner,
        "superuser": UserFactory(is_superuser=True),
        "other facilitator": WorkshopFactory(facilitators=[UserFactory()]).facilitators.get(),
        "anonymous": AnonymousUser(),
    }


@pytest.mark.parametrize("perm", PERMS)
@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("facilitator", True),
        ("process owner", True),
        ("superuser", True),
        ("other facilitator", False),
        ("anonymous", False),
    ],
)
def test_workshop_permissions_by_role(people, role, allowed, perm):
    """Only the workshop's facilitators, its process owners and superusers may see or run it."""
    workshop, users = people
    assert users[role].has_perm(perm, workshop) is allowed


@pytest.mark.parametrize(("role", "allowed"), [("facilitator", True), ("anonymous", False)])
def test_any_account_may_create_a_workshop(people, role, allowed):
    _workshop, users = people
    assert users[role].has_perm("workshops.add_workshop") is allowed
