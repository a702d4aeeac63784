"""Who may keep the catalogue. The catalogue is the organisation's, shared by its processes,
and reached from one of them: from a process, those who keep it (its chargés de mission, its
organisation's administrators) and the animateurs and co-animateurs of its workshops keep the
catalogue; observers and scribes only read what their workshop shows. Nobody of another
organisation reaches it: its actions are only ever read through a process of their
organisation (`Action.objects.of_process`)."""

import rules
from django.db.models import Q

from coprod.processes.rules import keeps
from coprod.workshops.models import Teammate


@rules.predicate
def runs_a_workshop_of(user, process):
    if process is None or not user.is_authenticated:
        return False
    return (
        process.workshops.filter(
            Q(facilitators=user)
            | Q(teammates__user=user, teammates__role=Teammate.Role.CO_FACILITATOR)
        )
        .distinct()
        .exists()
    )


can_keep = keeps | runs_a_workshop_of

rules.add_perm("catalogue.view_catalogue", can_keep)
rules.add_perm("catalogue.change_catalogue", can_keep)
