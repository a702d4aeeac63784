"""API v1 for the action sheets: the sheets with their completeness, one sheet field by field,
saving a field from the version it was written on (409 with both versions when someone saved
it meanwhile), comments, history and restore, and the duo of referents.

Participant tokens write any sheet of their workshop during the projects and finalisation
steps; facilitator tokens at any time, and for someone without a phone (`participant`).
"""

from datetime import datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from coprod.action_sheets import services
from coprod.action_sheets.fields import BY_NAME
from coprod.action_sheets.models import COMMENT_MAX, Comment, Revision, Sheet
from coprod.participants.models import Participant

from .access import facilitated_workshop, visible_workshop
from .auth import AnyToken
from .schemas import Error, Flag, Id

router = Router(tags=["action sheets"], auth=AnyToken())
CONFLICT = 409

Value = str | list[int]


# --- Schemas ------------------------------------------------------------------------------------


class CompletenessOut(Schema):
    missing: list[str] = Field(description="Labels of the required fields still empty, in order")
    share: float = Field(description="Share of the required fields filled in, 0 to 1")
    done: bool


class SheetSummaryOut(Schema):
    id: int
    number: int = Field(description="The table")
    title: str
    seated: int = Field(description="How many people sit at this table")
    completeness: CompletenessOut
    last_at: datetime | None
    last_author: str


class FieldStateOut(Schema):
    name: str
    label: str
    kind: str = Field(description="line | text | publics | actions | levers (lists of ids)")
    required: bool
    max_length: int
    value: Value
    version: int = Field(description="0: never written; send it back as base_version")
    updated_at: datetime | None
    author_name: str


class SheetOut(Schema):
    id: int
    number: int
    orientation: int | None
    synthesis: int | None
    fields: list[FieldStateOut]
    completeness: CompletenessOut


class FieldIn(Schema):
    value: Value = Field(description="Text, or for list fields the chosen ids")
    base_version: int = Field(ge=0, description="The version this value was written from")
    participant: Id | None = Field(
        None, description="Facilitator only: the participant (without a phone) writing"
    )


class ConflictBody(Schema):
    name: str
    theirs: Value
    their_version: int
    their_author: str
    their_at: datetime | None
    mine: Value


class ConflictOut(Schema):
    detail: str
    conflict: ConflictBody
    current: FieldStateOut


class CommentIn(Schema):
    text: str = Field(max_length=COMMENT_MAX)
    field: str = Field("", description="A field's name, or empty for the whole sheet")
    is_critique: Flag = False
    suggestion: str = Field(
        "", max_length=COMMENT_MAX, description="Required with a critique (the charter's rule)"
    )
    participant: Id | None = Field(None, description="Facilitator only: written for")
    client_key: str = Field(
        "", max_length=64, description="Same key again (a retry) returns the same comment"
    )


class CommentOut(Schema):
    id: int
    field: str
    text: str
    is_critique: bool
    suggestion: str
    author_name: str
    created_at: datetime


class RevisionOut(Schema):
    id: int
    field: str
    value: Value
    version: int
    author_name: str
    created_at: datetime
    restored_from: int | None = Field(description="The revision this one restored")


class ReferentOut(Schema):
    position: int
    participant: int
    name: str
    organisation: str


class ReferentsIn(Schema):
    participants: list[Id] = Field(description="Exactly two participants of the workshop")


# --- Helpers ------------------------------------------------------------------------------------


def _sheet(request, workshop_id: Id, sheet_id: Id) -> Sheet:
    workshop = visible_workshop(request, workshop_id)
    return get_object_or_404(
        Sheet.objects.select_related("workshop"), pk=sheet_id, workshop=workshop
    )


def _state_out(state: services.FieldState) -> dict:
    field = BY_NAME[state.name]
    return {
        "name": state.name,
        "label": str(field.label),
        "kind": field.kind,
        "required": field.required,
        "max_length": field.max_length,
        "value": state.value,
        "version": state.version,
        "updated_at": state.updated_at,
        "author_name": state.author_name,
    }


def _writer(request, participant: int | None) -> dict:
    """Who writes: a participant token for itself; a facilitator token, maybe for someone."""
    if isinstance(request.auth, Participant):
        return {"participant": request.auth}
    return {"actor": request.auth, "participant": participant}


def _comment_out(c: Comment) -> dict:
    return {
        "id": c.pk,
        "field": c.field,
        "text": c.text,
        "is_critique": c.is_critique,
        "suggestion": c.suggestion,
        "author_name": c.author_name,
        "created_at": c.created_at,
    }


def _revision_out(r: Revision) -> dict:
    return {
        "id": r.pk,
        "field": r.name,
        "value": services.decode(BY_NAME[r.name], r.value),
        "version": r.version,
        "author_name": r.author_name,
        "created_at": r.created_at,
        "restored_from": r.restored_from_id,
    }


# --- Sheets -------------------------------------------------------------------------------------


@router.get(
    "/workshops/{workshop_id}/sheets",
    response={200: list[SheetSummaryOut], 403: Error, 404: Error},
    summary="The action sheets of a workshop, with their completeness",
)
def list_sheets(request, workshop_id: Id):
    workshop = visible_workshop(request, workshop_id)
    return [
        {
            "id": row["id"],
            "number": row["number"],
            "title": row["title"],
            "seated": row["seated_count"],
            "completeness": {
                "missing": row["missing"],
                "share": row["share"],
                "done": row["done"],
            },
            "last_at": row["last_at"],
            "last_author": row["last_author"],
        }
        for row in services.sheets_overview(workshop)
    ]


@router.get(
    "/workshops/{workshop_id}/sheets/{sheet_id}",
    response={200: SheetOut, 403: Error, 404: Error},
    summary="One sheet, every field with its value and version",
)
def get_sheet(request, workshop_id: Id, sheet_id: Id):
    sheet = _sheet(request, workshop_id, sheet_id)
    values = services.values_of(sheet)
    return {
        "id": sheet.pk,
        "number": sheet.number,
        "orientation": sheet.orientation_id,
        "synthesis": sheet.synthesis_id,
        "fields": [_state_out(state) for state in values.values()],
        "completeness": services.completeness(sheet, values),
    }


@router.patch(
    "/workshops/{workshop_id}/sheets/{sheet_id}/fields/{name}",
    response={200: FieldStateOut, 400: Error, 403: Error, 404: Error, 409: ConflictOut, 422: Error},
    summary="Save a field from the version it was written on (409 with both versions if "
    "someone saved it meanwhile)",
)
def save_field(request, workshop_id: Id, sheet_id: Id, name: str, payload: FieldIn):
    sheet = _sheet(request, workshop_id, sheet_id)
    if name not in BY_NAME:
        return Status(
            404, {"detail": _("Cette fiche n'a pas de champ « %(name)s ».") % {"name": name}}
        )
    result = services.save_field(
        sheet,
        name,
        value=payload.value,
        base_version=payload.base_version,
        **_writer(request, payload.participant),
    )
    if not result.saved:
        c = result.conflict
        return Status(
            CONFLICT,
            {
                "detail": _conflict_text(),
                "conflict": {
                    "name": c.name,
                    "theirs": c.theirs,
                    "their_version": c.their_version,
                    "their_author": c.their_author,
                    "their_at": c.their_at,
                    "mine": c.mine,
                },
                "current": _state_out(result.state),
            },
        )
    return _state_out(result.state)


def _conflict_text() -> str:
    return _(
        "Quelqu'un a modifié ce champ pendant que vous écriviez : rien n'est enregistré. "
        "Gardez votre version (renvoyez-la avec their_version) ou la leur."
    )


@router.get(
    "/workshops/{workshop_id}/sheets/{sheet_id}/history",
    response={200: list[RevisionOut], 400: Error, 403: Error, 404: Error},
    summary="Every change of the sheet (or of one field), newest first",
)
def history(request, workshop_id: Id, sheet_id: Id, field: str = ""):
    sheet = _sheet(request, workshop_id, sheet_id)
    return [_revision_out(r) for r in services.history(sheet, field or None)]


@router.post(
    "/workshops/{workshop_id}/sheets/{sheet_id}/history/{revision_id}/restore",
    response={200: FieldStateOut, 400: Error, 403: Error, 404: Error},
    summary="Write an old version of a field again, as its newest version",
)
def restore(request, workshop_id: Id, sheet_id: Id, revision_id: Id):
    sheet = _sheet(request, workshop_id, sheet_id)
    revision = get_object_or_404(
        Revision.objects.select_related("sheet"), pk=revision_id, sheet=sheet
    )
    result = services.restore(revision, **_writer(request, None))
    return _state_out(result.state)


# --- Comments -----------------------------------------------------------------------------------


@router.get(
    "/workshops/{workshop_id}/sheets/{sheet_id}/comments",
    response={200: list[CommentOut], 403: Error, 404: Error},
    summary="Comments and critiques of a sheet, oldest first",
)
def list_comments(request, workshop_id: Id, sheet_id: Id):
    sheet = _sheet(request, workshop_id, sheet_id)
    return [_comment_out(c) for c in services.comments_of(sheet)]


@router.post(
    "/workshops/{workshop_id}/sheets/{sheet_id}/comments",
    response={201: CommentOut, 400: Error, 403: Error, 404: Error, 422: Error},
    summary="Comment a sheet or one of its fields; a critique needs a suggestion",
)
def add_comment(request, workshop_id: Id, sheet_id: Id, payload: CommentIn):
    sheet = _sheet(request, workshop_id, sheet_id)
    comment = services.add_comment(
        sheet,
        text=payload.text,
        field=payload.field,
        is_critique=payload.is_critique,
        suggestion=payload.suggestion,
        client_key=payload.client_key,
        **_writer(request, payload.participant),
    )
    return Status(201, _comment_out(comment))


# --- Referents ----------------------------------------------------------------------------------


def _referents_out(workshop) -> list[dict]:
    return [
        {
            "position": r.position,
            "participant": r.participant_id,
            "name": r.participant.name,
            "organisation": r.participant.organisation,
        }
        for r in services.referents_of(workshop)
    ]


@router.get(
    "/workshops/{workshop_id}/referents",
    response={200: list[ReferentOut], 403: Error, 404: Error},
    summary="The duo of referents who present the workshop at the restitution",
)
def list_referents(request, workshop_id: Id):
    return _referents_out(visible_workshop(request, workshop_id))


@router.put(
    "/workshops/{workshop_id}/referents",
    response={200: list[ReferentOut], 400: Error, 403: Error, 404: Error, 422: Error},
    summary="Designate the duo of referents (facilitator)",
)
def designate_referents(request, workshop_id: Id, payload: ReferentsIn):
    workshop = facilitated_workshop(request, workshop_id)
    services.designate_referents(workshop, actor=request.auth, participants=payload.participants)
    return _referents_out(workshop)
