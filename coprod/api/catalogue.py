"""API v1 for the catalogue of existing actions, seen from a workshop (the catalogue of its
process's organisation, shared by all its processes).

Participants of the workshop and its facilitators read; facilitator tokens with
`catalogue.change_catalogue` on the process create and update.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from coprod.catalogue.models import FIELD_MAX, TEXT_MAX, TITLE_MAX, Action
from coprod.catalogue.services import actions as services
from coprod.participants.models import Participant

from .access import visible_workshop
from .auth import AnyToken
from .schemas import MAX_ID, Error, Id

router = Router(tags=["catalogue"], auth=AnyToken())
MAX_LIMIT = 200


class PublicOut(Schema):
    id: int
    name: str


class ActionOut(Schema):
    id: int
    title: str
    description: str
    organisation: str
    partners: str
    publics: list[PublicOut]
    scope: str = Field(description="communes | intercommunality | park")
    scope_label: str
    places: str
    status: str = Field(description="planned | running | ended")
    status_label: str
    started_on: date | None
    ended_on: date | None
    contact: str
    links: list[str]
    priority_items: list[int]
    is_example: bool


class ActionPage(Schema):
    count: int
    items: list[ActionOut]


class ActionIn(Schema):
    title: str = Field(max_length=TITLE_MAX)
    description: str = Field("", max_length=TEXT_MAX)
    organisation: str = Field("", max_length=TITLE_MAX)
    partners: str = Field("", max_length=FIELD_MAX)
    publics: list[Id] = Field([], description="Target public ids of the process")
    scope: str = Field(Action.Scope.COMMUNES, description="Code or French label")
    places: str = Field("", max_length=500)
    status: str = Field(Action.Status.RUNNING, description="Code or French label")
    started_on: date | None = None
    ended_on: date | None = None
    contact: str = Field("", max_length=300)
    links: list[str] = Field([], description="Web addresses (http or https)")
    priority_items: list[Id] = Field([], description="Priority item ids of the process")


class ActionFilters(Schema):
    q: str = Field("", max_length=services.QUERY_MAX, description="Words, any case or accent")
    public: Id | None = None
    scope: str | None = None
    item: Id | None = None
    status: str | None = None
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_ID)


def _out(action: Action) -> dict:
    return {
        "id": action.pk,
        "title": action.title,
        "description": action.description,
        "organisation": action.organisation,
        "partners": action.partners,
        "publics": [{"id": p.pk, "name": p.name} for p in action.publics.all()],
        "scope": action.scope,
        "scope_label": str(action.get_scope_display()),
        "places": action.places,
        "status": action.status,
        "status_label": str(action.get_status_display()),
        "started_on": action.started_on,
        "ended_on": action.ended_on,
        "contact": action.contact,
        "links": services.link_list(action),
        "priority_items": [i.pk for i in action.priority_items.all()],
        "is_example": action.is_example,
    }


def _action(workshop, action_id):
    return (
        Action.objects.of_workshop(workshop)
        .filter(pk=action_id)
        .prefetch_related("publics", "priority_items")
        .first()
    )


def _not_found():
    return Status(404, {"detail": _("Cette action n'est pas dans le catalogue de cet atelier.")})


def _editing_workshop(request, workshop_id):
    workshop = visible_workshop(request, workshop_id)
    if isinstance(request.auth, Participant):
        raise PermissionDenied(_("Un jeton de participant ne permet pas de modifier le catalogue."))
    return workshop


def _data(payload: ActionIn) -> dict:
    data = payload.dict()
    data["links"] = "\n".join(data["links"])
    return data


@router.get(
    "/workshops/{workshop_id}/actions",
    response={200: ActionPage, 403: Error, 404: Error, 422: Error},
    summary="Search the existing actions of the workshop's organisation",
)
def list_actions(request, workshop_id: Id, filters: Query[ActionFilters]):
    workshop = visible_workshop(request, workshop_id)
    found = services.search_actions(
        workshop.process,
        q=filters.q,
        public=filters.public,
        scope=filters.scope,
        item=filters.item,
        status=filters.status,
    )
    page = found.prefetch_related("publics", "priority_items")[
        filters.offset : filters.offset + filters.limit
    ]
    return {"count": found.count(), "items": [_out(a) for a in page]}


@router.get(
    "/workshops/{workshop_id}/actions/{action_id}",
    response={200: ActionOut, 403: Error, 404: Error},
    summary="One existing action",
)
def get_action(request, workshop_id: Id, action_id: Id):
    workshop = visible_workshop(request, workshop_id)
    action = _action(workshop, action_id)
    return _out(action) if action else _not_found()


@router.post(
    "/workshops/{workshop_id}/actions",
    response={201: ActionOut, 400: Error, 403: Error, 404: Error, 422: Error},
    summary="Add an action to the catalogue (facilitator)",
)
def create_action(request, workshop_id: Id, payload: ActionIn):
    workshop = _editing_workshop(request, workshop_id)
    action = services.save_action(workshop.process, actor=request.auth, data=_data(payload))
    return Status(201, _out(_action(workshop, action.pk)))


@router.put(
    "/workshops/{workshop_id}/actions/{action_id}",
    response={200: ActionOut, 400: Error, 403: Error, 404: Error, 422: Error},
    summary="Replace an action of the catalogue (facilitator)",
)
def update_action(request, workshop_id: Id, action_id: Id, payload: ActionIn):
    workshop = _editing_workshop(request, workshop_id)
    action = _action(workshop, action_id)
    if action is None:
        return _not_found()
    services.save_action(workshop.process, actor=request.auth, data=_data(payload), action=action)
    return _out(_action(workshop, action.pk))
