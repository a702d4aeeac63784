"""The one way feature apps announce a change: after commit, to the workshop's hubs.

Events carry what changed, not how it looks: each server process's hub renders the audience
regions once per (coalesced) change and fans them out to its own sockets.
"""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

# Event types whose bursts may be merged: only the latest state matters (tallies, rosters).
COALESCED = frozenset(
    {
        "mood.updated",
        "participants.changed",
        "proposals.changed",
        "groups.changed",
        "tally.updated",
        "testimonies.changed",
        "levers.changed",
    }
)


def group_name(workshop_id: int) -> str:
    return f"workshop.{workshop_id}"


def publish_on_commit(workshop_id: int, event_type: str, data: dict | None = None) -> None:
    """Announce `event_type` for a workshop once the current transaction commits."""
    message = {"type": "workshop.event", "event": event_type, "data": data or {}}
    transaction.on_commit(lambda: _send(workshop_id, message))


def _send(workshop_id: int, message: dict) -> None:
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(group_name(workshop_id), message)
