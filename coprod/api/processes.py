"""API v1 for processes (démarches): their details, priority items and target publics.

Facilitator tokens only. A process is visible to its owners and to the facilitators of its
workshops (anyone else gets a 404: other processes are not revealed); only its owners change it
(403 for the facilitators). Creating one needs `processes.add_process` (processes.rules).
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from coprod.participants.models import Participant
from coprod.processes import services
from coprod.processes.models import (
    DESCRIPTION_MAX,
    ITEM_MAX,
    PUBLIC_MAX,
    TERRITORY_MAX,
    TITLE_MAX,
    PriorityItem,
    Process,
    TargetPublic,
)

from .auth import AnyToken
from .schemas import Error, Id

router = Router(tags=["processes"], auth=AnyToken())
MAX_ITEMS = 1000


class ProcessOut(Schema):
    id: int
    title: str
    description: str
    territory: str
    starts_on: date | None
    ends_on: date | None
    expected_participants: int
    workshops: list[int]
    may_edit: bool = Field(description="The token's account owns the process (or is a superuser)")


class ProcessIn(Schema):
    title: str = Field(max_length=TITLE_MAX)
    description: str = Field("", max_length=DESCRIPTION_MAX)
    territory: str = Field("", max_length=TERRITORY_MAX)
    starts_on: date | None = None
    ends_on: date | None = Field(None, description="Not before starts_on")
    expected_participants: int = Field(60, ge=1, le=5000)


class ProcessPatch(Schema):
    """Only the fields sent change."""

    title: str = Field(None, max_length=TITLE_MAX)
    description: str = Field(None, max_length=DESCRIPTION_MAX)
    territory: str = Field(None, max_length=TERRITORY_MAX)
    starts_on: date | None = None
    ends_on: date | None = None
    expected_participants: int = Field(None, ge=1, le=5000)


class ItemOut(Schema):
    id: int
    text: str
    position: int = Field(description="1 for the first item")
    proposals: int = Field(description="Proposals linked to the item, in all the workshops")


class ItemIn(Schema):
    text: str = Field(max_length=ITEM_MAX)


class OrderIn(Schema):
    items: list[Id] = Field(
        max_length=MAX_ITEMS, description="Every priority item id of the process, once, in order"
    )


class RemovalFilters(Schema):
    move_to: Id | None = Field(
        None, description="Another item of the process: the removed item's proposals move to it"
    )


class RemovedOut(Schema):
    moved: int = Field(description="Proposals moved to `move_to`")


class PublicOut(Schema):
    id: int
    name: str


class PublicIn(Schema):
    name: str = Field(max_length=PUBLIC_MAX)


def _account(request):
    if isinstance(request.auth, Participant):
        raise PermissionDenied(_("Un jeton de participant ne donne pas accès aux démarches."))
    return request.auth


def _visible(request, process_id) -> Process:
    return get_object_or_404(Process.objects.visible_to(_account(request)), pk=process_id)


def _kept(request, process_id) -> Process:
    process = _visible(request, process_id)
    services.require_owner(request.auth, process)
    return process


def _process_out(request, process: Process) -> dict:
    return {
        "id": process.pk,
        "title": process.title,
        "description": process.description,
        "territory": process.territory,
        "starts_on": process.starts_on,
        "ends_on": process.ends_on,
        "expected_participants": process.expected_participants,
        "workshops": list(process.workshops.order_by("pk").values_list("pk", flat=True)),
        "may_edit": request.auth.has_perm("processes.change_process", process),
    }


def _items(process: Process) -> list[dict]:
    items = process.priority_items.annotate(n=Count("proposals")).order_by("position", "pk")
    return [{"id": i.pk, "text": i.text, "position": i.position, "proposals": i.n} for i in items]


def _item_out(item: PriorityItem) -> dict:
    return next(i for i in _items(item.process) if i["id"] == item.pk)


@router.get(
    "/processes",
    response={200: list[ProcessOut], 403: Error},
    summary="Processes the token's account owns or facilitates a workshop of",
)
def list_processes(request):
    processes = Process.objects.visible_to(_account(request)).order_by("pk")
    return [_process_out(request, p) for p in processes]


@router.post(
    "/processes",
    response={201: ProcessOut, 403: Error},
    summary="Create a process (an account allowed to own processes)",
)
def create_process(request, payload: ProcessIn):
    process = services.create_process(actor=_account(request), **payload.dict())
    return Status(201, _process_out(request, process))


@router.get(
    "/processes/{process_id}",
    response={200: ProcessOut, 403: Error, 404: Error},
    summary="One process",
)
def get_process(request, process_id: Id):
    return _process_out(request, _visible(request, process_id))


@router.patch(
    "/processes/{process_id}",
    response={200: ProcessOut, 403: Error, 404: Error},
    summary="Edit a process (its owners)",
)
def update_process(request, process_id: Id, payload: ProcessPatch):
    process = _kept(request, process_id)
    services.update_process(process, actor=request.auth, **payload.dict(exclude_unset=True))
    return _process_out(request, process)


@router.get(
    "/processes/{process_id}/priority-items",
    response={200: list[ItemOut], 403: Error, 404: Error},
    summary="The process's priority items, in order",
)
def list_items(request, process_id: Id):
    return _items(_visible(request, process_id))


@router.post(
    "/processes/{process_id}/priority-items",
    response={201: ItemOut, 403: Error, 404: Error},
    summary="Add a priority item after the others (owners)",
)
def add_item(request, process_id: Id, payload: ItemIn):
    process = _kept(request, process_id)
    item = services.add_priority_item(process, actor=request.auth, text=payload.text)
    return Status(201, _item_out(item))


@router.put(
    "/processes/{process_id}/priority-items/order",
    response={200: list[ItemOut], 403: Error, 404: Error},
    summary="Put the priority items in a new order (owners)",
    description="`items` must name each item of the process exactly once (400 otherwise).",
)
def reorder_items(request, process_id: Id, payload: OrderIn):
    process = _kept(request, process_id)
    services.reorder_priority_items(process, actor=request.auth, ordered_ids=payload.items)
    return _items(process)


def _item(request, process_id, item_id) -> PriorityItem:
    process = _kept(request, process_id)
    return get_object_or_404(
        PriorityItem.objects.select_related("process"), pk=item_id, process=process
    )


@router.patch(
    "/processes/{process_id}/priority-items/{item_id}",
    response={200: ItemOut, 403: Error, 404: Error},
    summary="Change a priority item's text (owners)",
)
def rename_item(request, process_id: Id, item_id: Id, payload: ItemIn):
    item = _item(request, process_id, item_id)
    services.rename_priority_item(item, actor=request.auth, text=payload.text)
    return _item_out(item)


@router.delete(
    "/processes/{process_id}/priority-items/{item_id}",
    response={200: RemovedOut, 403: Error, 404: Error, 409: Error},
    summary="Remove a priority item (owners)",
    description=(
        "Refused (409) while proposals use the item, unless `move_to` names another item of "
        "the process: the proposals then move to it and the item is removed, together."
    ),
)
def remove_item(request, process_id: Id, item_id: Id, filters: Query[RemovalFilters]):
    item = _item(request, process_id, item_id)
    try:
        moved = services.remove_priority_item(item, actor=request.auth, move_to=filters.move_to)
    except services.ItemInUse as refusal:
        return Status(409, {"detail": " ".join(refusal.messages)})
    return {"moved": moved}


def _public_out(public: TargetPublic) -> dict:
    return {"id": public.pk, "name": public.name}


@router.get(
    "/processes/{process_id}/target-publics",
    response={200: list[PublicOut], 403: Error, 404: Error},
    summary="The process's target publics",
)
def list_publics(request, process_id: Id):
    process = _visible(request, process_id)
    return [_public_out(p) for p in process.target_publics.all()]


@router.post(
    "/processes/{process_id}/target-publics",
    response={201: PublicOut, 403: Error, 404: Error},
    summary="Add a target public (owners)",
)
def add_public(request, process_id: Id, payload: PublicIn):
    process = _kept(request, process_id)
    public = services.add_target_public(process, actor=request.auth, name=payload.name)
    return Status(201, _public_out(public))


@router.delete(
    "/processes/{process_id}/target-publics/{public_id}",
    response={204: None, 403: Error, 404: Error},
    summary="Remove a target public (owners)",
)
def remove_public(request, process_id: Id, public_id: Id):
    process = _kept(request, process_id)
    public = get_object_or_404(TargetPublic, pk=public_id, process=process)
    services.remove_target_public(public, actor=request.auth)
    return Status(204, None)
