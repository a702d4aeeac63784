"""Process writes."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from .models import PriorityItem, Process


def create_process(
    *, actor, title, description="", priority_items=(), target_publics=()
) -> Process:
    """A new process owned by `actor`, who must be allowed to own processes (processes.rules)."""
    if not actor.has_perm("processes.add_process"):
        raise PermissionDenied(
            _("Seuls les chargés de mission créent une démarche : demandez-le à l'un d'eux.")
        )
    with transaction.atomic():
        process = Process.objects.create(title=title, description=description)
        process.owners.add(actor)
        PriorityItem.objects.bulk_create(
            PriorityItem(process=process, text=text, position=i)
            for i, text in enumerate(priority_items, start=1)
        )
        for name in target_publics:
            process.target_publics.create(name=name)
    return process
