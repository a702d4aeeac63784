"""The one way feature apps announce a change: after commit, to the workshop's hubs.

Events carry what changed, not how it looks: each server process's hub renders the audience
regions once per (coalesced) change and fans them out to its own sockets. `EVENTS` is the
catalogue of every event: who sees it, what it carries; `docs/realtime.md` is generated from it
(`python -m coprod.realtime.catalogue --write`).
"""

import logging
import threading
from dataclasses import dataclass

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import transaction
from django.dispatch import Signal

log = logging.getLogger(__name__)

BOARD, PARTICIPANT, FACILITATOR = "board", "participant", "facilitator"
EVERYONE = (BOARD, PARTICIPANT, FACILITATOR)
ID = int  # a primary key: booleans are refused although Python counts them as ints


@dataclass(frozen=True)
class Event:
    """One event type.

    `audiences`: the HTML live regions re-rendered and pushed (others get nothing; JSON sockets
    get every type). `payloads`: the shapes `data` may take, field name → type. `coalesced`:
    bursts may be merged, only the latest state matters (the hub keeps the last event of the
    type from a burst, data included, for JSON sockets too). `region`: "sheets" when a flush
    made only of such events pushes the sheets region alone (see live.regions). `versioned`:
    the change is part of the workshop's live state, so its cached copies are forgotten
    (presence is not). `phone_refetch`: ids of personal parts of the phone page that each phone
    re-reads (its own content, which no shared push can carry). `internal`: sent by the channel
    layer itself, never through `publish_on_commit`.
    """

    meaning: str
    published_by: str
    audiences: tuple[str, ...] = ()
    payloads: tuple[dict, ...] = ({},)
    coalesced: bool = False
    region: str = "live"
    versioned: bool = True
    phone_refetch: tuple[str, ...] = ()
    internal: bool = False


EVENTS: dict[str, Event] = {
    "step.changed": Event(
        "The workshop started, moved to another step, or ended (`step` is null then).",
        "`agenda.services.start_workshop`, `go_to_step`, `end_workshop`",
        EVERYONE,
        ({"step": ID | None},),
    ),
    "timer.changed": Event(
        "The current step's timer was paused, resumed or extended.",
        "`agenda.services.pause_timer`, `resume_timer`, `extend_timer`",
        EVERYONE,
        ({"step": ID},),
    ),
    "agenda.changed": Event(
        "Steps were added, edited, moved or deleted (or a whole agenda imported).",
        "`agenda.services.apply_template`, `add_step`, `update_step`, `delete_step`, "
        "`move_step`; `archives.services` (an imported workshop); the admin site (steps)",
        EVERYONE,
    ),
    "workshop.changed": Event(
        "The workshop's title, question, charter or other settings were edited, or its "
        "process's priority items were renamed, reordered or removed.",
        "`workshops.services.update_workshop`; `processes.services.rename_priority_item`, "
        "`reorder_priority_items`, `move_priority_item`, `remove_priority_item`",
        EVERYONE,
    ),
    "participants.changed": Event(
        "Someone joined, edited their card, was admitted, refused or removed; a join surge "
        "was dismissed.",
        "`participants.services.join`, `add_participant_without_phone`, `update_identity`, "
        "`set_admission`, `admit_all_pending`, `dismiss_join_surge`; "
        "`privacy.rights.erase_name`, `erase_texts`; the admin site",
        (BOARD, FACILITATOR),
        coalesced=True,
    ),
    "presence.changed": Event(
        "A phone's live connection opened or closed: the console shows who is online.",
        "`participants.services.mark_connection` (from the consumer)",
        (FACILITATOR,),
        coalesced=True,
        # Sockets come and go all the time (a phone sleeps, a page reloads): the live state of
        # phones and the API does not hold presence, so its caches stay valid.
        versioned=False,
    ),
    "registration.changed": Event(
        "Registration was closed or reopened, or the join code regenerated.",
        "`participants.services.set_registration`, `workshops.services.regenerate_join_code`",
        # The board's join corner re-fetches itself (see "The board's join corner").
        (BOARD, FACILITATOR),
    ),
    "participant.removed": Event(
        "A participant was taken out of the room: every hub closes their sockets with 4403.",
        "`live.services.remove_participant`",
        payloads=({"participant": ID},),
    ),
    "mood.updated": Event(
        "A mood answer was cast or changed (votes are anonymous).",
        "`participants.services.cast_mood`; `privacy.rights.erase_texts`",
        (BOARD, FACILITATOR),
        coalesced=True,
    ),
    "proposals.changed": Event(
        "A proposal was sent (phone, post-it, import) or supported, or proposals moved to "
        "another priority item when theirs was removed.",
        "`proposals.services.submit_proposal`, `support_proposal`; "
        "`processes.services.remove_priority_item`; `privacy.rights.erase_texts`",
        (BOARD, FACILITATOR),
        coalesced=True,
    ),
    "proposals.moderated": Event(
        "The facilitator hid, showed again or re-linked a proposal: its author's phone lists "
        "« Déjà envoyées » afresh.",
        "`proposals.services.set_hidden`, `relink`",
        (BOARD, FACILITATOR),
        ({"proposal": ID},),
        phone_refetch=("phone-mine",),
    ),
    "groups.changed": Event(
        "Proposals were grouped, moved, merged or split; a group renamed; a synthesis written.",
        "`grouping.services.auto_group`, `move_proposal`, `merge_clusters`, `split_cluster`, "
        "`rename_cluster`, `write_synthesis`; `privacy.rights.erase_texts` (texts)",
        (BOARD, FACILITATOR),
        coalesced=True,
    ),
    "votes.changed": Event(
        "A validation vote, a poll or an orientation vote opened or closed: phones swap to "
        "(or from) their ballot.",
        "`voting.services.open_validation`, `close_validation`, `open_poll`, `close_poll`, "
        "`open_orientations`, `close_orientation`, `confirm_orientation`",
        EVERYONE,
        ({}, {"vote": ID}, {"poll": ID}, {"orientation": ID}),
    ),
    "tally.updated": Event(
        "A ballot was cast or changed, or ballots were withdrawn with someone removed "
        "(ballots are secret: aggregates only).",
        "`voting.services.cast_consent`, `cast_grades`, `cast_dots`, `cast_orientation`, "
        "`withdraw_open_ballots`",
        (BOARD, FACILITATOR),
        ({"vote": ID}, {"poll": ID}, {"orientation": ID}, {"withdrawn": int}),
        coalesced=True,
    ),
    "objection.answered": Event(
        "The facilitator answered an objection: it no longer blocks, and the objector's phone "
        "shows the answer.",
        "`voting.services.answer_objection`",
        (BOARD, FACILITATOR),
        ({"vote": ID},),
        phone_refetch=("phone-objections",),
    ),
    "presentation.changed": Event(
        "The existing action on the board changed: phones offer to testify on the new one.",
        "`catalogue.services.live.present_actions`, `show`, `show_next`, `move`, `withdraw`",
        EVERYONE,
    ),
    "testimonies.changed": Event(
        "A testimony was given, edited or deleted: phones show how many witnesses the action "
        "on screen has.",
        "`catalogue.services.live.testify` (phones and facilitator), `delete_testimony`; "
        "`privacy.rights.erase_name`, `erase_texts`",
        (BOARD, FACILITATOR),
        ({}, {"action": ID}),
        coalesced=True,
        # Not the phones' whole region: one typing a testimony keeps the form as it is.
        phone_refetch=("phone-witnesses",),
    ),
    "levers.changed": Event(
        "A lever was added, edited or deleted.",
        "`catalogue.services.live.add_lever` (phones and facilitator), `update_lever`, "
        "`delete_lever`; `privacy.rights.erase_texts`",
        (BOARD, FACILITATOR),
        coalesced=True,
    ),
    "sheet.changed": Event(
        "A field of an action sheet was saved or restored. Not coalesced: every field's new "
        "version must reach API clients, and each save its table at once.",
        "`action_sheets.services.save_field`, `restore` (phones, laptops, facilitator, API)",
        EVERYONE,
        ({"sheet": ID, "field": str, "version": int},),
        region="sheets",
    ),
    "sheet.commented": Event(
        "A comment, or a critique with its suggestion, was left on a sheet.",
        "`action_sheets.services.add_comment`; `privacy.rights.erase_name`, `erase_texts`",
        EVERYONE,
        ({"sheet": ID},),
        region="sheets",
    ),
    "tables.changed": Event(
        "Sheets were created, tables assigned, or someone took a seat.",
        "`action_sheets.services.create_sheets`, `assign_tables`, `take_seat`, `seat_for`",
        EVERYONE,
        coalesced=True,
        region="sheets",
    ),
    "referents.changed": Event(
        "The duo of referents was designated: the referents' phones say so.",
        "`action_sheets.services.designate_referents`",
        (BOARD, FACILITATOR),
        region="sheets",
        phone_refetch=("phone-referent",),
    ),
    "restitution.changed": Event(
        "The workshop's restitution was published or withdrawn: the phones of an ended "
        "workshop link to it.",
        "`restitution.services.publish`, `unpublish`",
        EVERYONE,
    ),
    "resync": Event(
        "Redis answers again after an outage: what other processes changed meanwhile never "
        "arrived here, so every region is pushed again as it is now.",
        "`realtime.layers` (never `publish_on_commit`)",
        EVERYONE,
        internal=True,
    ),
}

COALESCED = frozenset(name for name, event in EVENTS.items() if event.coalesced)


class EventError(ValueError):
    """An event type missing from `EVENTS`, or data of a shape it does not list."""


def problem(event_type: str, data: dict) -> str:
    """Why `publish_on_commit` must not send this, or "" when it may."""
    event = EVENTS.get(event_type)
    if event is None:
        return f"unknown event type {event_type!r}: add it to realtime.events.EVENTS"
    if event.internal:
        return f"{event_type!r} is sent by the channel layer, not by publish_on_commit"
    if not any(_fits(shape, data) for shape in event.payloads):
        return f"{event_type!r} data {data!r} fits none of {[describe(s) for s in event.payloads]}"
    return ""


def _fits(shape: dict, data: dict) -> bool:
    return shape.keys() == data.keys() and all(
        not isinstance(value, bool) and isinstance(value, shape[name])
        for name, value in data.items()
    )


def describe(shape: dict) -> str:
    """A payload shape as the docs show it: {"sheet": int, "field": str}."""
    parts = [f'"{name}": {getattr(kind, "__name__", str(kind))}' for name, kind in shape.items()]
    return "{" + ", ".join(parts) + "}"


# Sent once per transaction and workshop, after commit and before any of its events reaches a
# hub, with `workshop_id`: caches of the workshop's live state forget it (live.state_cache).
# The hub sends it too when a `resync` says that events were lost.
changed = Signal()
# Sent when a transaction that will publish a versioned event for `workshop_id` registers it:
# reads made inside that transaction must not be served from (or stored in) the shared cache.
changing = Signal()
# Sent for each event handed to the channel layer, with `workshop_id`, `event_type`, `data`
# (for observers: the tests record what the services publish).
published = Signal()


def group_name(workshop_id: int) -> str:
    return f"workshop.{workshop_id}"


class _Batch:
    """The events of one transaction: the live state's version changes once for all of them."""

    def __init__(self) -> None:
        self.started = False
        self.announced: set[int] = set()


_batches = threading.local()


def _batch() -> _Batch:
    # Everything a transaction registers runs after its commit, so a batch whose sending has
    # started belongs to a committed transaction: the next publish opens a new one. A batch of a
    # rolled-back transaction never starts, and the next transaction simply goes on with it.
    batch = getattr(_batches, "current", None)
    if batch is None or batch.started:
        batch = _batches.current = _Batch()
    return batch


def publish_on_commit(workshop_id: int, event_type: str, data: dict | None = None) -> None:
    """Announce `event_type` for a workshop once the current transaction commits.

    A type missing from `EVENTS` or data of another shape is a programming error. With DEBUG
    (and in the tests, `STRICT_EVENTS`) it raises at once, inside the transaction, so it fails
    the test or the developer's request. In production the write it comes with is valid and is
    committed anyway: raising would answer 500 for a change that was made (or, inside the
    transaction, undo a participant's valid answer). So it is logged, the data are dropped, so
    that no unchecked field reaches API clients, and the pages still hear that something changed.
    """
    data = {} if data is None else data
    trouble = problem(event_type, data)
    if trouble:
        if settings.STRICT_EVENTS:
            raise EventError(trouble)
        log.error("event not published as is: %s", trouble)
        if event_type not in EVENTS or EVENTS[event_type].internal:
            event_type = "resync"  # every region afresh: whatever changed shows
        data = {}
    event = EVENTS[event_type]
    batch = _batch()
    if event.versioned:
        changing.send(sender=None, workshop_id=workshop_id)
    message = {"type": "workshop.event", "event": event_type, "data": data}
    # Robust: the write is committed, so a failure to announce it is logged, never raised into
    # the request (it would answer 500 for a change that was made).
    transaction.on_commit(
        lambda: _deliver(batch, workshop_id, message, event.versioned), robust=True
    )


def _deliver(batch: _Batch, workshop_id: int, message: dict, versioned: bool) -> None:
    batch.started = True
    if versioned and workshop_id not in batch.announced:
        batch.announced.add(workshop_id)
        changed.send(sender=None, workshop_id=workshop_id)
    _send(workshop_id, message)


def _send(workshop_id: int, message: dict) -> None:
    published.send(
        sender=None, workshop_id=workshop_id, event_type=message["event"], data=message["data"]
    )
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(group_name(workshop_id), message)
