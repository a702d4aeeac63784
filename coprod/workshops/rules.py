"""Who may do what with a workshop (django-rules).

The animateurs (`Workshop.facilitators`), the process's owners and its organisation's
administrators prepare and run it. Its teammates have narrower roles: a co-animateur drives the
console beside them, an observateur reads the console and the board, a scribe enters what
people without a phone wrote or voted, and nothing else.
"""

import rules

from coprod.organisations.models import Membership
from coprod.organisations.rules import is_organisation_admin
from coprod.processes.rules import owns_process

from .models import Teammate


def _teammate(user, workshop, roles) -> bool:
    if workshop is None or not user.is_authenticated:
        return False
    return Teammate.objects.filter(workshop=workshop, user=user, role__in=roles).exists()


@rules.predicate
def leads(user, workshop):
    """An animateur, an owner of its process, or an administrator of its organisation."""
    if workshop is None or not user.is_authenticated:
        return False
    return (
        workshop.facilitators.filter(pk=user.pk).exists()
        or owns_process(user, workshop.process)
        or is_organisation_admin(user, workshop.process.organisation)
    )


@rules.predicate
def co_facilitates(user, workshop):
    return _teammate(user, workshop, [Teammate.Role.CO_FACILITATOR])


@rules.predicate
def is_scribe(user, workshop):
    return _teammate(user, workshop, [Teammate.Role.SCRIBE])


@rules.predicate
def is_observer(user, workshop):
    return _teammate(user, workshop, [Teammate.Role.OBSERVER])


@rules.predicate
def prepares_in(user, process):
    """May add a workshop to `process`: its owners and its organisation's members (not the
    observers and scribes invited to one workshop)."""
    if process is None or not user.is_authenticated:
        return False
    return (
        owns_process(user, process)
        or Membership.objects.filter(user=user, organisation=process.organisation).exists()
    )


may_lead = rules.is_superuser | leads
may_run = may_lead | co_facilitates

rules.add_perm("workshops.change_workshop", may_lead)
rules.add_perm("workshops.manage_team", may_lead)
rules.add_perm("workshops.run_workshop", may_run)
rules.add_perm("workshops.enter_contributions", may_run | is_scribe)
rules.add_perm("workshops.view_workshop", may_run | is_scribe | is_observer)
rules.add_perm("workshops.add_workshop", rules.is_superuser | prepares_in)
