"""Who may see a process's restitution, and whose names they may read in it.

Its process owners, its organisation's administrators (and superusers) see everything. Someone with a role in one of its workshops sees
the process's restitution too (the duos present every workshop at the same session), but with
participants named only in the workshops they facilitate: the others are shown as in their
public version. Participants and everybody else are refused. The same rules serve the pages and
the API (where `user` may be a participant, from their token).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from coprod.processes.models import Process
from coprod.workshops.models import Workshop


def named_workshops(user, process: Process) -> set[int] | None:
    """None when `user` may read every name of the process's restitution; else the ids of the
    workshops where they may (an empty set: they may not see it at all)."""
    if not getattr(user, "is_authenticated", False) or not hasattr(user, "is_superuser"):
        return set()
    if user.has_perm("processes.change_process", process):  # owners, organisation admins
        return None
    return set(
        Workshop.objects.filter(process=process)
        .filter(Q(facilitators=user) | Q(teammates__user=user))
        .values_list("pk", flat=True)
    )


def require_process(user, process: Process) -> set[int] | None:
    """`named_workshops`, or a French refusal when `user` may not see the restitution."""
    named = named_workshops(user, process)
    if named is not None and not named:
        raise PermissionDenied(
            _(
                "La restitution de la démarche est réservée à ses chargés de mission et aux "
                "animateurs de ses ateliers."
            )
        )
    return named
