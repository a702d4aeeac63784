from datetime import datetime
from typing import Annotated

from ninja import Field, Schema

from coprod.participants.models import (
    LINK_MAX,
    MOOD_WORD_MAX,
    NAME_MAX,
    ORGANISATION_MAX,
    OrganisationKind,
)

MAX_ID = 2**63 - 1
# An id (path, query or body) as the databases store it: beyond 64 bits, a 422 in French rather
# than an overflow in SQL.
Id = Annotated[int, Field(ge=0, le=MAX_ID)]
# A JSON true or false: pydantic would also take 0, 1, "yes" or "off", which the schema does
# not allow (a client sending them has a bug to be told about).
Flag = Annotated[bool, Field(strict=True)]


class StepOut(Schema):
    id: int
    position: int
    type: str = Field(description="Step kind: introduction, round_table, mood, proposals, …")
    title: str
    minutes: int
    status: str = Field(description="planned | running | paused | done")
    instructions: str = Field(description="What the participants read at this step")
    facilitator_notes: str | None = Field(
        None,
        description="The facilitator's private notes: only in answers to a facilitator's token, "
        "absent otherwise",
    )


class TimerOut(Schema):
    status: str = Field(description="running | paused")
    ends_at: datetime | None = Field(description="Absolute end time while running")
    remaining_seconds: int | None = Field(description="Seconds left while paused")


class WorkshopOut(Schema):
    id: int
    title: str
    question: str
    status: str = Field(description="draft | live | ended")
    steps: list[StepOut]
    current_step: int | None
    timer: TimerOut | None
    participants: int


class JoinIn(Schema):
    code: str = Field(max_length=12)
    name: str = Field(max_length=NAME_MAX)
    organisation: str = Field("", max_length=ORGANISATION_MAX)
    link_to_theme: str = Field("", max_length=LINK_MAX)
    # Checked by the join service (a clear French error), listed here for the schema's readers.
    organisation_kind: str = Field(
        "",
        max_length=20,
        description="Type of organisation, for the restitution's participation chart; empty if "
        "not given",
        json_schema_extra={"enum": ["", *OrganisationKind.values]},
    )
    name_consent: Flag = Field(
        False,
        description="The participant agrees that their name appears in the workshop's "
        "restitution; without it they are only counted with their organisation",
    )
    accept_charter: Flag = True
    client_key: str = Field(
        "",
        max_length=64,
        description="A random key of at least 16 characters: a retry with the same key (after "
        "a lost answer) returns the same participant and token. Keep it as secret as the token.",
    )


class JoinOut(Schema):
    workshop: int
    participant: int
    token: str = Field(description="Bearer token of this participant: keep it secret")
    admission: str = Field(
        description="admitted | pending (waits for a facilitator's approval)",
        json_schema_extra={"enum": ["admitted", "pending"]},
    )


class MoodIn(Schema):
    value: int = Field(ge=1, le=5)
    word: str = Field("", max_length=MOOD_WORD_MAX)


class MoodOut(Schema):
    value: int
    word: str


class Error(Schema):
    detail: str
