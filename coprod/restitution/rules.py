"""Who may see a restitution whose document is prepared in the background (coprod.jobs)."""

import rules

from .models import Publication
from .process_access import named_workshops


@rules.predicate
def is_published(user, workshop):
    return Publication.objects.filter(workshop=workshop, published=True).exists()


@rules.predicate
def sees_process(user, process):
    """Its owners, and the facilitators of its workshops (process_access)."""
    return process is not None and named_workshops(user, process) != set()


rules.add_perm("restitution.view_publication", is_published)
rules.add_perm("restitution.view_process", sees_process)
