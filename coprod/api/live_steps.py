"""API v1 for the live steps 5–7: presented actions and their testimonies, levers, and the
orientation vote (« s'appuyer sur l'existant ou développer du nouveau ? »).

Participants testify and add levers during their steps and answer orientation votes; facilitator
tokens enter testimonies and levers for anyone and open, close and confirm orientations.
Orientation ballots are secret: aggregates for everyone, a participant's own answer for them.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from coprod.catalogue.models import FIELD_MAX, TITLE_MAX, Action, Lever, Presentation
from coprod.catalogue.models import Testimony as TestimonyModel
from coprod.catalogue.services import live as catalogue_live
from coprod.participants.models import Participant
from coprod.voting import services as voting
from coprod.voting.models import Orientation

from .access import facilitated_workshop, visible_workshop
from .auth import AnyToken
from .schemas import Error, Id

router = Router(tags=["live steps"], auth=AnyToken())


# --- Schemas ------------------------------------------------------------------------------------


class PresentedActionOut(Schema):
    id: int
    title: str
    organisation: str
    description: str
    publics: list[str]
    scope: str = Field(description="communes | intercommunality | park")
    places: str
    status: str = Field(description="planned | running | ended")


class PresentationOut(Schema):
    id: int
    position: int
    is_current: bool
    action: PresentedActionOut
    testimonies: int = Field(description="Testimonies given in this workshop (2 at most)")


class TestimonyOut(Schema):
    id: int
    action: int
    workshop: int | None
    witness_name: str = Field(
        description="Empty for a testimony of another workshop whose witness did not agree to "
        "be named in the restitution"
    )
    witness_organisation: str
    partners: str
    implementation: str
    content: str
    link_to_problem: str
    mine: bool = Field(False, description="Participant token only: your own testimony")


class TestimonyIn(Schema):
    partners: str = Field("", max_length=FIELD_MAX)
    implementation: str = Field("", max_length=FIELD_MAX)
    content: str = Field("", max_length=FIELD_MAX)
    link_to_problem: str = Field("", max_length=FIELD_MAX)
    participant: Id | None = Field(
        None, description="Facilitator only: the participant (without a phone) who testifies"
    )
    witness_name: str = Field("", max_length=120, description="Facilitator only: someone else")
    witness_organisation: str = Field("", max_length=120)


class LeverOut(Schema):
    id: int
    kind: str = Field(description="funding | policy | partner | event | infrastructure | other")
    title: str
    description: str
    due_on: date | None
    source: str
    priority_items: list[int]
    actions: list[int]


class LeverIn(Schema):
    kind: str = Field(description="funding | policy | partner | event | infrastructure | other")
    title: str = Field(max_length=TITLE_MAX)
    description: str = Field("", max_length=FIELD_MAX)
    due_on: date | None = None
    source: str = Field("", max_length=300)
    priority_items: list[Id] = Field([], description="Priority items of the workshop")
    actions: list[Id] = Field([], description="Actions presented in the workshop")
    client_key: str = Field(
        "", max_length=64, description="Same key again (a retry) returns the same lever"
    )
    author: Id | None = Field(None, description="Facilitator only: the participant written for")


class ActionCountOut(Schema):
    action: int
    title: str
    count: int


class OrientationOut(Schema):
    id: int
    synthesis: int | None
    priority_item: int | None
    subject: str
    status: str = Field(description="open | closed")
    voters: int
    counts: dict[str, int] = Field(description="build_on, new")
    actions: list[ActionCountOut] = Field(description="How many chose each action")
    decision: str = Field(description='"" (not decided yet), "build_on" or "new"')
    decided_actions: list[int]
    my_choice: str | None = Field(None, description="Participant token only: your answer")
    my_actions: list[int] | None = Field(None, description="Participant token only")


class OrientationBallotIn(Schema):
    choice: str = Field(description="build_on | new")
    actions: list[Id] = Field([], description="With build_on: among the presented actions")
    participant: Id | None = Field(None, description="Facilitator only: someone without a phone")


class DecisionIn(Schema):
    decision: str = Field(description="build_on | new")
    actions: list[Id] = Field([], description="With build_on: actions of the catalogue")


# --- Presented actions and testimonies ----------------------------------------------------------


def _presentation_out(p: Presentation, counts: dict) -> dict:
    a = p.action
    return {
        "id": p.pk,
        "position": p.position,
        "is_current": p.is_current,
        "action": {
            "id": a.pk,
            "title": a.title,
            "organisation": a.organisation,
            "description": a.description,
            "publics": [pub.name for pub in a.publics.all()],
            "scope": a.scope,
            "places": a.places,
            "status": a.status,
        },
        "testimonies": counts.get(a.pk, 0),
    }


def _counts(workshop) -> dict[int, int]:
    counts: dict[int, int] = {}
    for t in catalogue_live.testimonies(workshop):
        counts[t.action_id] = counts.get(t.action_id, 0) + 1
    return counts


@router.get(
    "/workshops/{workshop_id}/presentations",
    response={200: list[PresentationOut], 403: Error, 404: Error},
    summary="Actions presented in the workshop, in their order",
)
def list_presentations(request, workshop_id: Id):
    workshop = visible_workshop(request, workshop_id)
    found = Presentation.objects.filter(workshop=workshop).select_related("action")
    counts = _counts(workshop)
    return [_presentation_out(p, counts) for p in found.prefetch_related("action__publics")]


@router.get(
    "/workshops/{workshop_id}/presentations/current",
    response={200: PresentationOut, 403: Error, 404: Error},
    summary="The action on the board",
)
def current_presentation(request, workshop_id: Id):
    workshop = visible_workshop(request, workshop_id)
    found = catalogue_live.current_presentation(workshop)
    if found is None:
        return Status(404, {"detail": _("Aucune action n'est à l'écran.")})
    return _presentation_out(found, _counts(workshop))


def _testimony_out(t: TestimonyModel, who, workshop) -> dict:
    return {
        "id": t.pk,
        "action": t.action_id,
        "workshop": t.workshop_id,
        "witness_name": t.name_seen_from(workshop.pk),
        "witness_organisation": t.witness_organisation,
        "partners": t.partners,
        "implementation": t.implementation,
        "content": t.content,
        "link_to_problem": t.link_to_problem,
        "mine": isinstance(who, Participant) and t.witness_id == who.pk,
    }


@router.get(
    "/workshops/{workshop_id}/actions/{action_id}/testimonies",
    response={200: list[TestimonyOut], 403: Error, 404: Error},
    summary="Testimonies on an action of the organisation's catalogue (this and earlier workshops)",
)
def list_testimonies(request, workshop_id: Id, action_id: Id):
    workshop = visible_workshop(request, workshop_id)
    action = get_object_or_404(Action.objects.of_workshop(workshop), pk=action_id)
    found = (
        TestimonyModel.objects.filter(action=action)
        .select_related("witness")
        .order_by("created_at", "id")
    )
    return [_testimony_out(t, request.auth, workshop) for t in found]


@router.post(
    "/workshops/{workshop_id}/actions/{action_id}/testimonies",
    response={200: TestimonyOut, 201: TestimonyOut, 400: Error, 403: Error, 404: Error, 422: Error},
    summary="Testify on a presented action (participant, during the step; two witnesses at most) "
    "or enter a testimony (facilitator)",
)
def testify(request, workshop_id: Id, action_id: Id, payload: TestimonyIn):
    workshop = visible_workshop(request, workshop_id)
    presentation = get_object_or_404(
        Presentation.objects.select_related("workshop"), workshop=workshop, action_id=action_id
    )
    text = {
        f: getattr(payload, f) for f in ("partners", "implementation", "content", "link_to_problem")
    }
    if isinstance(request.auth, Participant):
        had = catalogue_live.my_testimony(presentation, request.auth) is not None
        testimony = catalogue_live.testify(presentation, participant=request.auth, **text)
        return Status(200 if had else 201, _testimony_out(testimony, request.auth, workshop))
    testimony = catalogue_live.testify(
        presentation,
        actor=request.auth,
        participant=payload.participant,
        witness_name=payload.witness_name,
        witness_organisation=payload.witness_organisation,
        **text,
    )
    return Status(201, _testimony_out(testimony, request.auth, workshop))


# --- Levers -------------------------------------------------------------------------------------


def _lever_out(lever: Lever) -> dict:
    return {
        "id": lever.pk,
        "kind": lever.kind,
        "title": lever.title,
        "description": lever.description,
        "due_on": lever.due_on,
        "source": lever.source,
        "priority_items": [i.pk for i in lever.priority_items.all()],
        "actions": [a.pk for a in lever.actions.all()],
    }


@router.get(
    "/workshops/{workshop_id}/levers",
    response={200: list[LeverOut], 403: Error, 404: Error},
    summary="Levers of the workshop, soonest deadline first, undated last",
)
def list_levers(request, workshop_id: Id):
    workshop = visible_workshop(request, workshop_id)
    return [_lever_out(lever) for lever in catalogue_live.levers_of(workshop)]


@router.post(
    "/workshops/{workshop_id}/levers",
    response={201: LeverOut, 400: Error, 403: Error, 404: Error, 422: Error},
    summary="Add a lever (participant during the levers step, or facilitator)",
)
def add_lever(request, workshop_id: Id, payload: LeverIn):
    workshop = visible_workshop(request, workshop_id)
    data = payload.dict(exclude={"client_key", "author"})
    if isinstance(request.auth, Participant):
        lever = catalogue_live.add_lever(
            workshop, author=request.auth, client_key=payload.client_key, **data
        )
    else:
        lever = catalogue_live.add_lever(
            workshop,
            actor=request.auth,
            author=payload.author,
            client_key=payload.client_key,
            **data,
        )
    return Status(201, _lever_out(lever))


# --- Orientation --------------------------------------------------------------------------------


def _orientation_out(row: dict, who) -> dict:
    o = row["orientation"]
    out = {
        "id": o.pk,
        "synthesis": o.synthesis_id,
        "priority_item": o.priority_item_id,
        "subject": o.subject,
        "status": o.status,
        "voters": row["voters"],
        "counts": row["counts"],
        "actions": row["actions"],
        "decision": o.decision,
        "decided_actions": [a.pk for a in o.actions.all()],
    }
    if isinstance(who, Participant):
        mine = voting.my_orientation_ballots(who, [o.pk]).get(o.pk)
        out["my_choice"] = mine["choice"] if mine else None
        out["my_actions"] = sorted(mine["actions"]) if mine else []
    return out


def _one(orientation: Orientation, who) -> dict:
    found = voting.orientations_of(orientation.workshop)
    row = next(
        r for r in voting.orientation_results(found) if r["orientation"].pk == orientation.pk
    )
    return _orientation_out(row, who)


def _orientation(request, workshop_id: Id, orientation_id: Id, *, facilitate=False):
    workshop = (facilitated_workshop if facilitate else visible_workshop)(request, workshop_id)
    return get_object_or_404(Orientation, pk=orientation_id, workshop=workshop)


@router.get(
    "/workshops/{workshop_id}/orientations",
    response={200: list[OrientationOut], 403: Error, 404: Error},
    summary="Orientation votes with their aggregates and decisions",
)
def list_orientations(request, workshop_id: Id):
    workshop = visible_workshop(request, workshop_id)
    rows = voting.orientation_results(voting.orientations_of(workshop))
    return [_orientation_out(row, request.auth) for row in rows]


@router.post(
    "/workshops/{workshop_id}/orientations/open",
    response={200: list[OrientationOut], 400: Error, 403: Error, 404: Error},
    summary="Open the orientation vote for every validated synthesis (else every priority item) "
    "(facilitator)",
)
def open_orientations(request, workshop_id: Id):
    workshop = facilitated_workshop(request, workshop_id)
    found = voting.open_orientations(workshop, actor=request.auth)
    return [_orientation_out(row, request.auth) for row in voting.orientation_results(found)]


@router.post(
    "/workshops/{workshop_id}/orientations/{orientation_id}/ballot",
    response={200: OrientationOut, 400: Error, 403: Error, 404: Error, 409: Error, 422: Error},
    summary="Answer an orientation vote: build_on (with actions) or new; changeable until closed",
)
def cast(request, workshop_id: Id, orientation_id: Id, payload: OrientationBallotIn):
    orientation = _orientation(request, workshop_id, orientation_id)
    if isinstance(request.auth, Participant):
        participant, actor = request.auth, None
    else:
        if not payload.participant:
            raise PermissionDenied(_("Indiquez la personne sans téléphone pour qui vous votez."))
        participant = get_object_or_404(
            Participant, pk=payload.participant, workshop_id=orientation.workshop_id
        )
        actor = request.auth
    voting.cast_orientation(
        orientation,
        participant=participant,
        choice=payload.choice,
        actions=payload.actions,
        actor=actor,
    )
    return _one(orientation, request.auth)


@router.post(
    "/workshops/{workshop_id}/orientations/{orientation_id}/close",
    response={200: OrientationOut, 403: Error, 404: Error, 409: Error},
    summary="Close an orientation vote (facilitator)",
)
def close(request, workshop_id: Id, orientation_id: Id):
    orientation = _orientation(request, workshop_id, orientation_id, facilitate=True)
    voting.close_orientation(orientation, actor=request.auth)
    return _one(orientation, request.auth)


@router.post(
    "/workshops/{workshop_id}/orientations/{orientation_id}/confirm",
    response={200: OrientationOut, 400: Error, 403: Error, 404: Error, 422: Error},
    summary="Confirm the group's decision and the actions it builds on (facilitator)",
)
def confirm(request, workshop_id: Id, orientation_id: Id, payload: DecisionIn):
    orientation = _orientation(request, workshop_id, orientation_id, facilitate=True)
    voting.confirm_orientation(
        orientation, actor=request.auth, decision=payload.decision, actions=payload.actions
    )
    return _one(orientation, request.auth)
