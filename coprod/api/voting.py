"""API v1 for votes: validation of syntheses by consent, prioritisation polls.

Ballots are secret: everyone reads aggregates; a participant also reads their own answer; a
facilitator also reads the objections' reasons and suggestions (never who wrote them).
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from coprod.grouping.models import Synthesis
from coprod.participants.models import Participant
from coprod.voting import services
from coprod.voting.models import REASON_MAX, ConsentBallot, Poll, ValidationVote

from .access import facilitated_workshop, visible_workshop
from .auth import AnyToken
from .schemas import Error, Flag, Id

router = Router(tags=["voting"], auth=AnyToken())

CONFLICT = 409


class ObjectionOut(Schema):
    id: int
    reason: str
    suggestion: str
    answer: str
    answered_at: datetime | None


class VoteOut(Schema):
    id: int
    synthesis: int
    text: str
    status: str = Field(description="open | closed")
    min_share: str = Field(description='"1/2", "2/3", "3/4" or "1"')
    allow_open_objections: bool
    voters: int
    counts: dict[str, int] = Field(description="for, live_with, objection")
    percent_agreeing: int = Field(description="for + live_with, in % of voters")
    open_objections: int
    validated_if_closed_now: bool
    validated: bool | None = Field(description="The result, once closed")
    my_choice: str | None = Field(None, description="Participant token only: your answer")
    objections: list[ObjectionOut] | None = Field(None, description="Facilitator token only")


class ConsentIn(Schema):
    choice: str = Field(description="for | live_with | objection")
    reason: str = Field("", max_length=REASON_MAX)
    suggestion: str = Field("", max_length=REASON_MAX)
    participant: Id | None = Field(
        None, description="Facilitator only: someone without a phone answering aloud"
    )


class OpenVoteIn(Schema):
    min_share: str = Field("2/3", description='"1/2", "2/3" (default), "3/4" or "1"')
    allow_open_objections: Flag = False


class AnswerIn(Schema):
    answer: str = Field(max_length=500)


class OptionOut(Schema):
    id: int
    label: str
    synthesis: int | None


class PollOut(Schema):
    id: int
    title: str
    method: str = Field(description="majority_judgment | dots")
    status: str = Field(description="draft | open | closed")
    dots: int
    max_per_item: int
    options: list[OptionOut]
    voters: int
    mine: dict[int, int] | None = Field(None, description="Participant token only")


class ResultRowOut(Schema):
    option: int
    label: str
    rank: int
    dots: int | None = None
    median_grade: int | None = None
    counts: list[int] | None = Field(None, description="Judgments per grade, worst first")


class ResultsOut(Schema):
    poll: int
    voters: int
    grades: list[str] = Field(description="Grade labels, worst first (index = grade)")
    ranking: list[ResultRowOut]


class PollIn(Schema):
    title: str = Field(max_length=200)
    method: str = "majority_judgment"
    syntheses: list[Id] | None = Field(None, description="Default: the validated syntheses")
    dots: int = 3
    max_per_item: int = 2
    client_key: str = Field(
        "", max_length=64, description="Same key again (a retry) returns the same poll"
    )


class GradesIn(Schema):
    grades: dict[Id, int] = Field(description="option id → grade, 0 (À rejeter) … 6 (Excellent)")
    participant: Id | None = Field(None, description="Facilitator only: someone without a phone")


class DotsIn(Schema):
    dots: dict[Id, int] = Field(description="option id → dots")
    participant: Id | None = Field(None, description="Facilitator only: someone without a phone")


def _vote_out(summary: dict, who) -> dict:
    vote = summary["vote"]
    out = {
        "id": vote.pk,
        "synthesis": vote.synthesis_id,
        "text": vote.synthesis.text,
        "status": vote.status,
        "min_share": vote.min_share,
        "allow_open_objections": vote.allow_open_objections,
        "voters": summary["voters"],
        "counts": summary["counts"],
        "percent_agreeing": summary["percent"],
        "open_objections": summary["open_objections"],
        "validated_if_closed_now": summary["outcome"].validated,
        "validated": vote.validated,
    }
    if isinstance(who, Participant):
        out["my_choice"] = (
            ConsentBallot.objects.filter(vote=vote, participant=who)
            .values_list("choice", flat=True)
            .first()
        )
    else:
        out["objections"] = services.tally(vote)["objections"]
    return out


def _voter(request, workshop, participant_id):
    """Who the ballot is for: the participant holding the token, or (facilitator) someone
    without a phone."""
    if isinstance(request.auth, Participant):
        return request.auth, None
    if not participant_id:
        raise PermissionDenied(_("Indiquez la personne sans téléphone pour qui vous votez."))
    return get_object_or_404(Participant, pk=participant_id, workshop=workshop), request.auth


@router.get(
    "/workshops/{workshop_id}/votes",
    response={200: list[VoteOut], 403: Error, 404: Error},
    summary="Validation votes of a workshop, latest round of each synthesis, with aggregates",
)
def list_votes(request, workshop_id: Id):
    workshop = visible_workshop(request, workshop_id)
    votes = list(services.current_votes(workshop).values())
    for vote in votes:
        vote.synthesis  # noqa: B018 (loaded once, for the text)
    return [_vote_out(s, request.auth) for s in services.summaries(votes)]


@router.post(
    "/workshops/{workshop_id}/syntheses/{synthesis_id}/votes",
    response={201: VoteOut, 400: Error, 403: Error, 404: Error, 422: Error},
    summary="Put a synthesis to the vote (facilitator)",
)
def open_vote(request, workshop_id: Id, synthesis_id: Id, payload: OpenVoteIn):
    workshop = facilitated_workshop(request, workshop_id)
    synthesis = get_object_or_404(Synthesis, pk=synthesis_id, cluster__workshop=workshop)
    vote = services.open_validation(
        synthesis,
        actor=request.auth,
        min_share=payload.min_share,
        allow_open_objections=payload.allow_open_objections,
    )
    return Status(201, _vote_out(services.summarise(vote), request.auth))


@router.post(
    "/workshops/{workshop_id}/votes/{vote_id}/consent",
    response={200: VoteOut, 400: Error, 403: Error, 404: Error, 409: Error, 422: Error},
    summary="Answer a validation vote: for, live_with, or objection with reason and suggestion",
)
def consent(request, workshop_id: Id, vote_id: Id, payload: ConsentIn):
    workshop = visible_workshop(request, workshop_id)
    vote = get_object_or_404(
        ValidationVote.objects.select_related("synthesis"), pk=vote_id, workshop=workshop
    )
    participant, actor = _voter(request, workshop, payload.participant)
    services.cast_consent(
        vote,
        participant=participant,
        choice=payload.choice,
        reason=payload.reason,
        suggestion=payload.suggestion,
        actor=actor,
    )
    return _vote_out(services.summarise(vote), request.auth)


@router.post(
    "/workshops/{workshop_id}/votes/objections/{ballot_id}/answer",
    response={200: ObjectionOut, 400: Error, 403: Error, 404: Error, 409: Error, 422: Error},
    summary="Answer an objection (facilitator)",
)
def answer(request, workshop_id: Id, ballot_id: Id, payload: AnswerIn):
    workshop = facilitated_workshop(request, workshop_id)
    ballot = get_object_or_404(ConsentBallot, pk=ballot_id, vote__workshop=workshop)
    ballot = services.answer_objection(ballot, actor=request.auth, answer=payload.answer)
    return {
        "id": ballot.pk,
        "reason": ballot.reason,
        "suggestion": ballot.suggestion,
        "answer": ballot.answer,
        "answered_at": ballot.answered_at,
    }


@router.post(
    "/workshops/{workshop_id}/votes/{vote_id}/close",
    response={200: VoteOut, 403: Error, 404: Error, 409: Error},
    summary="Close a validation vote: the synthesis is validated or not (facilitator)",
)
def close_vote(request, workshop_id: Id, vote_id: Id):
    workshop = facilitated_workshop(request, workshop_id)
    vote = get_object_or_404(ValidationVote, pk=vote_id, workshop=workshop)
    vote = services.close_validation(vote, actor=request.auth)
    return _vote_out(services.summarise(vote), request.auth)


# --- Polls ---------------------------------------------------------------------------------------


def _poll_out(poll: Poll, who) -> dict:
    out = {
        "id": poll.pk,
        "title": poll.title,
        "method": poll.method,
        "status": poll.status,
        "dots": poll.dots,
        "max_per_item": poll.max_per_item,
        "options": [
            {"id": o.pk, "label": o.label, "synthesis": o.synthesis_id} for o in poll.options.all()
        ],
        "voters": services.voter_count(poll),
    }
    if isinstance(who, Participant):
        out["mine"] = services.my_ballot(poll, who)
    return out


def _poll(request, workshop_id: Id, poll_id: Id, *, facilitate=False) -> Poll:
    workshop = (facilitated_workshop if facilitate else visible_workshop)(request, workshop_id)
    return get_object_or_404(Poll, pk=poll_id, workshop=workshop)


@router.get(
    "/workshops/{workshop_id}/polls",
    response={200: list[PollOut], 403: Error, 404: Error},
    summary="Prioritisation polls (participants see open and closed ones)",
)
def list_polls(request, workshop_id: Id):
    workshop = visible_workshop(request, workshop_id)
    polls = Poll.objects.filter(workshop=workshop)
    if isinstance(request.auth, Participant):
        polls = polls.exclude(status=Poll.Status.DRAFT)
    return [_poll_out(p, request.auth) for p in polls]


@router.post(
    "/workshops/{workshop_id}/polls",
    response={201: PollOut, 400: Error, 403: Error, 404: Error, 422: Error},
    summary="Prepare a poll over syntheses (facilitator)",
)
def create_poll(request, workshop_id: Id, payload: PollIn):
    workshop = facilitated_workshop(request, workshop_id)
    poll = services.create_poll(
        workshop,
        actor=request.auth,
        title=payload.title,
        method=payload.method,
        syntheses=payload.syntheses,
        dots=payload.dots,
        max_per_item=payload.max_per_item,
        client_key=payload.client_key,
    )
    return Status(201, _poll_out(poll, request.auth))


@router.post(
    "/workshops/{workshop_id}/polls/{poll_id}/open",
    response={200: PollOut, 403: Error, 404: Error, 409: Error},
    summary="Open a poll on the phones (facilitator)",
)
def open_poll(request, workshop_id: Id, poll_id: Id):
    poll = _poll(request, workshop_id, poll_id, facilitate=True)
    return _poll_out(services.open_poll(poll, actor=request.auth), request.auth)


@router.post(
    "/workshops/{workshop_id}/polls/{poll_id}/close",
    response={200: PollOut, 403: Error, 404: Error, 409: Error},
    summary="Close a poll (facilitator)",
)
def close_poll(request, workshop_id: Id, poll_id: Id):
    poll = _poll(request, workshop_id, poll_id, facilitate=True)
    return _poll_out(services.close_poll(poll, actor=request.auth), request.auth)


@router.get(
    "/workshops/{workshop_id}/polls/{poll_id}/results",
    response={200: ResultsOut, 403: Error, 404: Error, 409: Error},
    summary="Ranking and merit profiles (participants: once the poll is closed)",
)
def results(request, workshop_id: Id, poll_id: Id):
    poll = _poll(request, workshop_id, poll_id)
    if isinstance(request.auth, Participant) and poll.status != Poll.Status.CLOSED:
        return Status(CONFLICT, {"detail": _("Le classement s'affiche à la clôture du vote.")})
    found = services.poll_results(poll)
    return {
        "poll": poll.pk,
        "voters": found["voters"],
        "grades": [str(g["label"]) for g in found["grades"]],
        "ranking": [
            {
                "option": row["option"].pk,
                "label": row["option"].label,
                "rank": row["rank"],
                "dots": row.get("dots"),
                "median_grade": row.get("median"),
                "counts": row.get("counts"),
            }
            for row in found["rows"]
        ],
    }


@router.post(
    "/workshops/{workshop_id}/polls/{poll_id}/grades",
    response={200: PollOut, 400: Error, 403: Error, 404: Error, 409: Error, 422: Error},
    summary="Grade every option (majority judgment); changeable until the poll closes",
)
def grades(request, workshop_id: Id, poll_id: Id, payload: GradesIn):
    poll = _poll(request, workshop_id, poll_id)
    participant, actor = _voter(request, poll.workshop, payload.participant)
    services.cast_grades(poll, participant=participant, grades=payload.grades, actor=actor)
    return _poll_out(poll, request.auth)


@router.post(
    "/workshops/{workshop_id}/polls/{poll_id}/dots",
    response={200: PollOut, 400: Error, 403: Error, 404: Error, 409: Error, 422: Error},
    summary="Place dots on options; changeable until the poll closes",
)
def dots(request, workshop_id: Id, poll_id: Id, payload: DotsIn):
    poll = _poll(request, workshop_id, poll_id)
    participant, actor = _voter(request, poll.workshop, payload.participant)
    services.cast_dots(poll, participant=participant, dots=payload.dots, actor=actor)
    return _poll_out(poll, request.auth)
