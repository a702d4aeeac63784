"""API v1 for proposals: list, submit (phone or facilitator), support, hide."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from coprod.participants.models import Participant
from coprod.proposals import services
from coprod.proposals.models import TEXT_MAX, Proposal

from .access import facilitated_workshop, visible_workshop
from .auth import AnyToken
from .schemas import Error, Flag, Id

router = Router(tags=["proposals"], auth=AnyToken())


class ProposalIn(Schema):
    text: str = Field(max_length=TEXT_MAX)
    priority_item: Id | None = Field(None, description="Chosen automatically when omitted")
    client_key: str = Field(
        "", max_length=64, description="Same key again (a retry) returns the same proposal"
    )
    author: Id | None = Field(None, description="Facilitator only: the participant written for")


class ProposalOut(Schema):
    id: int
    text: str
    priority_item: int | None
    off_topic: bool | None = Field(
        description="Facilitator token only (null for participants): the matching is confident "
        "that the proposal is close to no priority item, a suggestion to check"
    )
    supports: int


class HiddenIn(Schema):
    hidden: Flag


def _out(request, proposal: Proposal, supports: int | None = None) -> dict:
    # « Hors sujet ? » was often wrong: a suggestion for facilitators, never shown to the room.
    facilitator = not isinstance(request.auth, Participant)
    return {
        "id": proposal.pk,
        "text": proposal.text,
        "priority_item": proposal.priority_item_id,
        "off_topic": proposal.off_topic if facilitator else None,
        "supports": proposal.supports.count() if supports is None else supports,
    }


@router.get(
    "/workshops/{workshop_id}/proposals",
    response={200: list[ProposalOut], 403: Error, 404: Error},
    summary="Visible proposals of a workshop",
)
def list_proposals(request, workshop_id: Id):
    workshop = visible_workshop(request, workshop_id)
    listed = workshop.proposals.visible().annotate(n=Count("supports")).order_by("created_at")
    return [_out(request, p, p.n) for p in listed]


@router.post(
    "/workshops/{workshop_id}/proposals",
    response={201: ProposalOut, 400: Error, 403: Error, 404: Error, 422: Error, 429: Error},
    summary="Submit a proposal (participant) or enter one (facilitator)",
    description=(
        "A participant sends at most PROPOSALS_PER_MINUTE (10) proposals in any minute: past "
        "that, 429 with a Retry-After header (seconds). A retry with the same client_key is "
        "never refused. Facilitators are not limited."
    ),
)
def submit(request, workshop_id: Id, payload: ProposalIn, response: HttpResponse):
    workshop = visible_workshop(request, workshop_id)
    if isinstance(request.auth, Participant):
        try:
            proposal = services.submit_proposal(
                workshop,
                text_value=payload.text,
                priority_item=payload.priority_item,
                author=request.auth,
                client_key=payload.client_key,
            )
        except services.TooFast as refused:
            response["Retry-After"] = str(refused.retry_after)
            return Status(429, {"detail": " ".join(refused.messages)})
    else:
        author = (
            get_object_or_404(Participant, pk=payload.author, workshop=workshop)
            if payload.author
            else None
        )
        proposal = services.submit_proposal(
            workshop,
            text_value=payload.text,
            priority_item=payload.priority_item,
            author=author,
            actor=request.auth,
            source=Proposal.Source.PAPER,
            client_key=payload.client_key,
        )
    return Status(201, _out(request, proposal))


@router.post(
    "/workshops/{workshop_id}/proposals/{proposal_id}/support",
    response={200: ProposalOut, 400: Error, 403: Error, 404: Error},
    summary="Support an existing proposal (participant)",
)
def support(request, workshop_id: Id, proposal_id: Id):
    workshop = visible_workshop(request, workshop_id)
    proposal = get_object_or_404(Proposal, pk=proposal_id, workshop=workshop)
    if not isinstance(request.auth, Participant):
        raise PermissionDenied(_("Seuls les participants soutiennent une proposition."))
    services.support_proposal(proposal, participant=request.auth)
    return _out(request, proposal)


@router.post(
    "/workshops/{workshop_id}/proposals/{proposal_id}/hidden",
    response={200: ProposalOut, 403: Error, 404: Error},
    summary="Hide or show a proposal (facilitator; it is kept)",
)
def hide(request, workshop_id: Id, proposal_id: Id, payload: HiddenIn):
    workshop = facilitated_workshop(request, workshop_id)
    proposal = get_object_or_404(Proposal, pk=proposal_id, workshop=workshop)
    return _out(request, services.set_hidden(proposal, actor=request.auth, hidden=payload.hidden))
