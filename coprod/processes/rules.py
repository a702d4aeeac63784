"""Who may create processes (django-rules): chargés de mission, not every account.

An account may own processes when it owns one already, when it was given Django's
`processes.add_process` permission (directly or through a group, in the admin site), or when it
is a superuser. Workshop facilitators who own no process run workshops, they do not create
processes (nor import new ones from an archive).
"""

import rules
from django.contrib.auth.backends import ModelBackend


@rules.predicate
def owns_a_process(user):
    return user.is_authenticated and user.owned_processes.exists()


@rules.predicate
def granted_process_creation(user):
    # The model permission itself, read by Django's backend (asking has_perm here would come
    # back to this rule).
    return user.is_authenticated and ModelBackend().has_perm(user, "processes.add_process")


rules.add_perm(
    "processes.add_process", rules.is_superuser | owns_a_process | granted_process_creation
)


@rules.predicate
def owns_process(user, process):
    if process is None or not user.is_authenticated:
        return False
    return process.owners.filter(pk=user.pk).exists()


@rules.predicate
def facilitates_in_process(user, process):
    if process is None or not user.is_authenticated:
        return False
    return process.workshops.filter(facilitators=user).exists()


# Owners keep a process (its details, items and publics); the facilitators of its workshops
# read it, to prepare their own workshop from it.
rules.add_perm("processes.change_process", rules.is_superuser | owns_process)
rules.add_perm("processes.view_process", rules.is_superuser | owns_process | facilitates_in_process)
