"""API v1 for groups and syntheses: read them (anyone in the workshop); group, move, merge,
split, rename and write syntheses (facilitators)."""

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from coprod.grouping import services
from coprod.grouping.models import LABEL_MAX, Cluster
from coprod.grouping.services import MAX_GROUPS
from coprod.proposals.models import TEXT_MAX, Proposal

from .access import facilitated_workshop, visible_workshop
from .auth import AnyToken
from .schemas import Error, Id

router = Router(tags=["grouping"], auth=AnyToken())


class GroupOut(Schema):
    id: int
    number: int = Field(description="The group's number for its life (« Groupe 3 »)")
    label: str
    synthesis: str | None
    synthesis_status: str | None
    frozen: bool
    proposals: list[int]


class RegroupIn(Schema):
    k: int | None = Field(None, ge=1, le=MAX_GROUPS, description="Number of groups (optional)")


class MoveIn(Schema):
    to: Id | None = Field(None, description="Target group; null for a new group of its own")


class MergeIn(Schema):
    into: Id


class GroupEditIn(Schema):
    label: str | None = Field(None, max_length=LABEL_MAX)
    synthesis: str | None = Field(None, max_length=TEXT_MAX)


def _groups(workshop) -> list[dict]:
    return [
        {
            "id": view.cluster.pk,
            "number": view.cluster.number,
            "label": view.cluster.label,
            "synthesis": view.synthesis.text if view.synthesis else None,
            "synthesis_status": view.synthesis.status if view.synthesis else None,
            "frozen": view.cluster.frozen,
            "proposals": [p.pk for p in view.proposals],
        }
        for view in services.groups_of(workshop).groups
    ]


RESPONSES = {200: list[GroupOut], 400: Error, 403: Error, 404: Error, 422: Error}


@router.get("/workshops/{workshop_id}/groups", response=RESPONSES, summary="Groups of proposals")
def list_groups(request, workshop_id: Id):
    return _groups(visible_workshop(request, workshop_id))


@router.post(
    "/workshops/{workshop_id}/groups/regroup",
    response=RESPONSES,
    summary="Group the proposals by similarity (facilitator); frozen groups stay",
)
def regroup(request, workshop_id: Id, payload: RegroupIn):
    workshop = facilitated_workshop(request, workshop_id)
    services.auto_group(workshop, actor=request.auth, k=payload.k)
    return _groups(workshop)


@router.post(
    "/workshops/{workshop_id}/proposals/{proposal_id}/group",
    response=RESPONSES,
    summary="Move a proposal to another group or a new one (facilitator)",
)
def move(request, workshop_id: Id, proposal_id: Id, payload: MoveIn):
    workshop = facilitated_workshop(request, workshop_id)
    proposal = get_object_or_404(Proposal, pk=proposal_id, workshop=workshop)
    to = get_object_or_404(Cluster, pk=payload.to, workshop=workshop) if payload.to else None
    services.move_proposal(proposal, actor=request.auth, to=to)
    return _groups(workshop)


@router.patch(
    "/workshops/{workshop_id}/groups/{group_id}",
    response=RESPONSES,
    summary="Rename a group and/or write its synthesis (facilitator)",
)
def edit(request, workshop_id: Id, group_id: Id, payload: GroupEditIn):
    workshop = facilitated_workshop(request, workshop_id)
    cluster = get_object_or_404(Cluster, pk=group_id, workshop=workshop)
    if payload.label is not None:
        services.rename_cluster(cluster, actor=request.auth, label=payload.label)
    if payload.synthesis is not None:
        services.write_synthesis(cluster, actor=request.auth, text=payload.synthesis)
    return _groups(workshop)


@router.post(
    "/workshops/{workshop_id}/groups/{group_id}/merge",
    response=RESPONSES,
    summary="Merge a group into another (facilitator)",
)
def merge(request, workshop_id: Id, group_id: Id, payload: MergeIn):
    workshop = facilitated_workshop(request, workshop_id)
    cluster = get_object_or_404(Cluster, pk=group_id, workshop=workshop)
    into = get_object_or_404(Cluster, pk=payload.into, workshop=workshop)
    services.merge_clusters(cluster, into=into, actor=request.auth)
    return _groups(workshop)


@router.post(
    "/workshops/{workshop_id}/groups/{group_id}/split",
    response=RESPONSES,
    summary="Split a group in two by similarity (facilitator)",
)
def split(request, workshop_id: Id, group_id: Id):
    workshop = facilitated_workshop(request, workshop_id)
    cluster = get_object_or_404(Cluster, pk=group_id, workshop=workshop)
    services.split_cluster(cluster, actor=request.auth)
    return _groups(workshop)
