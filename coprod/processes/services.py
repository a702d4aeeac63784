"""Process writes."""

from django.db import transaction

from .models import PriorityItem, Process


def create_process(
    *, actor, title, description="", priority_items=(), target_publics=()
) -> Process:
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
