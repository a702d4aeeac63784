"""Who may do what with a workshop: a role × permission matrix (coprod.workshops.rules)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from coprod.organisations.models import Membership
from coprod.testing.factories import (
    OrganisationFactory,
    ProcessFactory,
    UserFactory,
    WorkshopFactory,
    join,
)
from coprod.workshops.models import Teammate

pytestmark = pytest.mark.django_db

VIEW, CHANGE, TEAM = "workshops.view_workshop", "workshops.change_workshop", "workshops.manage_team"
RUN, ENTER = "workshops.run_workshop", "workshops.enter_contributions"

# What each role may do in one workshop: everything else is refused.
MATRIX = {
    "superuser": {VIEW, CHANGE, TEAM, RUN, ENTER},
    "organisation admin": {VIEW, CHANGE, TEAM, RUN, ENTER},
    "process owner": {VIEW, CHANGE, TEAM, RUN, ENTER},
    "animateur": {VIEW, CHANGE, TEAM, RUN, ENTER},
    "co-animateur": {VIEW, RUN, ENTER},
    "scribe": {VIEW, ENTER},
    "observateur": {VIEW},
    "member of the organisation": set(),
    "animateur of another workshop": set(),
    "admin of another organisation": set(),
    "anonymous": set(),
}


@pytest.fixture
def people():
    organisation = OrganisationFactory()
    owner = UserFactory()
    process = ProcessFactory(organisation=organisation, owners=[owner])
    workshop = WorkshopFactory(process=process, facilitators=[UserFactory()])
    users = {
        "superuser": UserFactory(is_superuser=True),
        "organisation admin": join(UserFactory(), organisation, Membership.Role.ADMIN),
        "process owner": owner,
        "animateur": workshop.facilitators.get(),
        "member of the organisation": join(UserFactory(), organisation),
        "animateur of another workshop": WorkshopFactory(
            process=process, facilitators=[UserFactory()]
        ).facilitators.get(),
        "admin of another organisation": join(
            UserFactory(), OrganisationFactory(), Membership.Role.ADMIN
        ),
        "anonymous": AnonymousUser(),
    }
    for role, choice in [
        ("co-animateur", Teammate.Role.CO_FACILITATOR),
        ("scribe", Teammate.Role.SCRIBE),
        ("observateur", Teammate.Role.OBSERVER),
    ]:
        users[role] = UserFactory()
        Teammate.objects.create(workshop=workshop, user=users[role], role=choice)
    return workshop, users


@pytest.mark.parametrize("perm", [VIEW, CHANGE, TEAM, RUN, ENTER])
@pytest.mark.parametrize("role", MATRIX)
def test_each_role_may_do_what_the_matrix_says_in_a_workshop(people, role, perm):
    workshop, users = people
    assert users[role].has_perm(perm, workshop) is (perm in MATRIX[role])


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("superuser", True),
        ("organisation admin", True),
        ("process owner", True),
        ("animateur", True),
        ("member of the organisation", True),
        ("co-animateur", False),
        ("scribe", False),
        ("observateur", False),
        ("admin of another organisation", False),
        ("anonymous", False),
    ],
)
def test_the_organisation_s_members_add_workshops_to_its_processes(people, role, allowed):
    """Teammates invited to one workshop do not prepare others."""
    workshop, users = people
    assert users[role].has_perm("workshops.add_workshop", workshop.process) is allowed
