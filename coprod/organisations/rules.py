"""Who may do what in an organisation (django-rules). The process and workshop rules build on
these predicates; a server's superuser (its operator) may do everything."""

import rules

from .models import Membership


def _has_role(user, organisation, roles) -> bool:
    if organisation is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, organisation=organisation, role__in=roles).exists()


@rules.predicate
def is_organisation_admin(user, organisation):
    return _has_role(user, organisation, [Membership.Role.ADMIN])


@rules.predicate
def is_member(user, organisation):
    return _has_role(user, organisation, Membership.Role.values)


@rules.predicate
def creates_processes_somewhere(user):
    return user.is_authenticated and user.memberships.creating_processes().exists()


manages = rules.is_superuser | is_organisation_admin

rules.add_perm("organisations.view_organisation", rules.is_superuser | is_member)
rules.add_perm("organisations.change_organisation", manages)
rules.add_perm("organisations.manage_members", manages)
