"""Writes of the restitution app: publishing a workshop's restitution and withdrawing it."""

from django.db import transaction
from django.utils import timezone

from coprod.realtime.events import publish_on_commit
from coprod.workshops.models import Workshop
from coprod.workshops.services import require

from .models import Publication


def publish(workshop: Workshop, *, actor) -> Publication:
    """Make the public restitution visible at its address; phones of the ended workshop link to
    it."""
    require(actor, "workshops.run_workshop", workshop)
    with transaction.atomic():
        publication, _created = Publication.objects.select_for_update().get_or_create(
            workshop=workshop
        )
        if not publication.published:
            publication.published = True
            publication.published_at = timezone.now()
            publication.save(update_fields=["published", "published_at"])
            publish_on_commit(workshop.pk, "restitution.changed")
    return publication


def unpublish(workshop: Workshop, *, actor) -> None:
    """The restitution is no longer public (its address stays the same for a later publish)."""
    require(actor, "workshops.run_workshop", workshop)
    with transaction.atomic():
        if Publication.objects.filter(workshop=workshop, published=True).update(published=False):
            publish_on_commit(workshop.pk, "restitution.changed")
