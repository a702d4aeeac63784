"""Who may keep the catalogue: those who keep the process (its owners, its organisation's
administrators), and the animateurs and co-animateurs of its workshops; observers and scribes
only read what their workshop shows."""

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
