"""Who may do what with a process (django-rules).

Only an organisation's administrators and chargés de mission create processes, in their own
organisation (organisations.services.organisation_for_new_process picks which). The owners keep
a process; the organisation's administrators too. The people with a role in one of its
workshops read it, to prepare their workshop from it.
"""

import rules

from coprod.organisations.rules import creates_processes_somewhere, is_organisation_admin

rules.add_perm("processes.add_process", rules.is_superuser | creates_processes_somewhere)


@rules.predicate
def owns_process(user, process):
    if process is None or not user.is_authenticated:
        return False
    return process.owners.filter(pk=user.pk).exists()


@rules.predicate
def administers_process(user, process):
    return process is not None and is_organisation_admin(user, process.organisation)


@rules.predicate
def has_a_workshop_role(user, process):
    if process is None or not user.is_authenticated:
        return False
    workshops = process.workshops
    return (
        workshops.filter(facilitators=user).exists()
        or workshops.filter(teammates__user=user).exists()
    )


keeps = rules.is_superuser | owns_process | administers_process

rules.add_perm("processes.change_process", keeps)
rules.add_perm("processes.view_process", keeps | has_a_workshop_role)
