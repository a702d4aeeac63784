"""The one way feature apps announce a change: after commit, to the workshop's hubs.

Events carry what changed, not how it looks: each server process's hub renders the audience
regions once per (coalesced) change and fans them out to its own sockets.
"""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.dispatch import Signal

# Event types whose bursts may be merged: only the latest state matters (tallies, rosters).
# The hub keeps only the last event of a type from a burst, data included, for the JSON sockets
# too. So `sheet.changed` ({sheet, field, version}) and `sheet.commented` ({sheet}) are NOT
# merged: an API client (or a phone) must hear of every field that moved on, not only the last
# one of a burst, and each save must reach the table at once (they flush immediately). Their
# HTML regions are small (see `live.regions.SHEET_TEMPLATES`) so a frame per save stays cheap.
COALESCED = frozenset(
    {
        "mood.updated",
        "participants.changed",
        "proposals.changed",
        "groups.changed",
        "tally.updated",
        "testimonies.changed",
        "levers.changed",
        # Seats: who sits where is read afresh on each flush; the event carries nothing.
        "tables.changed",
    }
)


# Sent after commit, before the hubs hear of the change, with `workshop_id`: caches of the
# workshop's state forget it (see live.state_cache).
published = Signal()


def group_name(workshop_id: int) -> str:
    return f"workshop.{workshop_id}"


def publish_on_commit(workshop_id: int, event_type: str, data: dict | None = None) -> None:
    """Announce `event_type` for a workshop once the current transaction commits."""
    message = {"type": "workshop.event", "event": event_type, "data": data or {}}
    # Robust: the write is committed, so a failure to announce it is logged, never raised into
    # the request (it would answer 500 for a change that was made).
    transaction.on_commit(lambda: _send(workshop_id, message), robust=True)


def _send(workshop_id: int, message: dict) -> None:
    published.send(sender=None, workshop_id=workshop_id)
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(group_name(workshop_id), message)
