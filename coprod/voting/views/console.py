"""The votes in the facilitator's console: tallies, objections to answer, who has not voted,
the answers of people without a phone, and opening and closing votes, without leaving it.

Each control posts with htmx and gets the console's votes region back (`#console-votes`, or
`#console-orientation` in the orientation step) with a sentence for the console's polite live
region; the board and the phones follow through the services' events. Without JavaScript the
forms post and come back to the console.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from coprod.core.forms import refusal_text
from coprod.core.params import posted_id
from coprod.grouping.models import Synthesis
from coprod.participants.models import Participant
from coprod.workshops.access import console_endpoint, console_region

from .. import services
from ..forms import AnswerForm, OpenVoteForm
from ..models import ConsentBallot, Orientation, Poll, ValidationVote
from .orientation import _context as orientation_context
from .phone import ballot_from_post, cast_poll

REGIONS = {
    "votes": "voting/live/console_votes.html",
    "orientation": "voting/live/console_orientation_votes.html",
}


def _answer(request, workshop, *, region="votes", **message):
    """The region again (htmx), or back to the console with the message."""
    if region == "votes" and request.htmx:
        message["votes"] = services.console_votes(workshop)
    return console_region(request, workshop, REGIONS[region], **message)


def orientation_region_context(workshop, *, sent=None, errors=None) -> dict:
    """The orientation page's context (results, decision forms, candidate actions), each open
    orientation with who has not answered and the people without a phone."""
    context = orientation_context(workshop, sent=sent, errors=errors)
    people = services.room_people(workshop)
    voted = services.orientation_voters([row["orientation"] for row in context["results"]])
    for row in context["results"]:
        if row["orientation"].is_open:
            row.update(services.turnout(people, voted.get(row["orientation"].pk, set())))
    return context


def _run(request, workshop, write, notice, *, region="votes", **extra):
    try:
        result = write()
    except ValidationError as error:
        return _answer(request, workshop, region=region, error=refusal_text(error), **extra)
    except PermissionDenied as refusal:  # e.g. a vote « for » someone who has a phone
        return _answer(request, workshop, region=region, error=str(refusal), status=403)
    text = notice(result) if callable(notice) else notice
    return _answer(request, workshop, region=region, notice=text)


def _person(workshop, participant_id) -> Participant:
    return get_object_or_404(Participant, pk=participant_id, workshop=workshop)


@console_endpoint(methods=("GET",))
def votes_region(request, workshop):
    """The votes region alone (after a reconnection, or to check it)."""
    return _answer(request, workshop)


# --- Validation of a synthesis by consent -------------------------------------------------------


@console_endpoint()
def open_vote(request, workshop, synthesis_id):
    synthesis = get_object_or_404(Synthesis, pk=synthesis_id, cluster__workshop=workshop)
    form = OpenVoteForm(request.POST)
    if not form.is_valid():
        return _answer(
            request, workshop, error=_("Choisissez la part du groupe qui doit être d'accord.")
        )
    return _run(
        request,
        workshop,
        lambda: services.open_validation(
            synthesis,
            actor=request.user,
            min_share=form.cleaned_data["min_share"],
            allow_open_objections=form.cleaned_data["allow_open_objections"],
        ),
        _("Vote de validation ouvert : les téléphones affichent la synthèse."),
    )


@console_endpoint()
def close_vote(request, workshop, vote_id):
    vote = get_object_or_404(ValidationVote, pk=vote_id, workshop=workshop)

    def outcome(closed):
        if closed.validated:
            return _("Vote clos : la synthèse est validée.")
        reasons = " ".join(services.tally(closed)["reasons"])
        return _("Vote clos : la synthèse n'est pas validée. %(why)s") % {"why": reasons}

    return _run(
        request, workshop, lambda: services.close_validation(vote, actor=request.user), outcome
    )


@console_endpoint()
def answer_objection(request, workshop, ballot_id):
    """Answer an objection where it shows; the services tell the phones (tally.updated)."""
    ballot = get_object_or_404(ConsentBallot, pk=ballot_id, vote__workshop=workshop)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _answer(
            request,
            workshop,
            error=_("Écrivez la réponse à l'objection (500 caractères au plus)."),
        )
    return _run(
        request,
        workshop,
        lambda: services.answer_objection(
            ballot, actor=request.user, answer=form.cleaned_data["answer"]
        ),
        _("Réponse enregistrée : l'objection ne bloque plus le vote."),
    )


@console_endpoint()
def consent_for(request, workshop, vote_id, participant_id):
    """The answer of someone without a phone, said aloud or written on paper."""
    vote = get_object_or_404(ValidationVote, pk=vote_id, workshop=workshop)
    person = _person(workshop, participant_id)
    return _run(
        request,
        workshop,
        lambda: services.cast_consent(
            vote,
            participant=person,
            choice=request.POST.get("choice", ""),
            reason=request.POST.get("reason", ""),
            suggestion=request.POST.get("suggestion", ""),
            actor=request.user,
        ),
        _("Réponse de %(name)s enregistrée.") % {"name": person.name},
    )


# --- Prioritisation polls ----------------------------------------------------------------------


@console_endpoint()
def move_poll(request, workshop, poll_id, action):
    poll = get_object_or_404(Poll, pk=poll_id, workshop=workshop)
    if action == "open":
        return _run(
            request,
            workshop,
            lambda: services.open_poll(poll, actor=request.user),
            _("Vote de priorités ouvert sur les téléphones."),
        )
    return _run(
        request,
        workshop,
        lambda: services.close_poll(poll, actor=request.user),
        _("Vote clos : le classement est affiché au tableau."),
    )


@console_endpoint()
def poll_for(request, workshop, poll_id, participant_id):
    """Grades or dots of someone without a phone."""
    poll = get_object_or_404(Poll, pk=poll_id, workshop=workshop)
    person = _person(workshop, participant_id)
    return _run(
        request,
        workshop,
        lambda: cast_poll(
            poll, ballot_from_post(request, poll), participant=person, actor=request.user
        ),
        _("Vote de %(name)s enregistré.") % {"name": person.name},
    )


# --- Orientation: build on existing actions or develop something new ---------------------------


@console_endpoint(methods=("GET",))
def orientation_region(request, workshop):
    return _answer(request, workshop, region="orientation")


@console_endpoint()
def open_orientations(request, workshop):
    return _run(
        request,
        workshop,
        lambda: services.open_orientations(workshop, actor=request.user),
        _("Vote d'orientation ouvert sur les téléphones."),
        region="orientation",
    )


@console_endpoint()
def close_orientation(request, workshop, orientation_id):
    found = get_object_or_404(Orientation, pk=orientation_id, workshop=workshop)
    return _run(
        request,
        workshop,
        lambda: services.close_orientation(found, actor=request.user),
        _("Vote clos : confirmez maintenant la décision."),
        region="orientation",
    )


@console_endpoint()
def confirm_orientation(request, workshop, orientation_id):
    found = get_object_or_404(Orientation, pk=orientation_id, workshop=workshop)
    decision = request.POST.get("decision", "")
    actions = request.POST.getlist("actions")
    try:
        services.confirm_orientation(found, actor=request.user, decision=decision, actions=actions)
    except ValidationError as error:
        sent = {found.pk: {"decision": decision, "actions": {posted_id(a) for a in actions}}}
        return _answer(
            request,
            workshop,
            region="orientation",
            error=refusal_text(error),
            sent=sent,
        )
    return _answer(
        request,
        workshop,
        region="orientation",
        notice=_("Décision enregistrée pour la construction du projet."),
    )


@console_endpoint()
def orientation_for(request, workshop, orientation_id, participant_id):
    """The orientation answer of someone without a phone."""
    found = get_object_or_404(Orientation, pk=orientation_id, workshop=workshop)
    person = _person(workshop, participant_id)
    return _run(
        request,
        workshop,
        lambda: services.cast_orientation(
            found,
            participant=person,
            choice=request.POST.get("choice", ""),
            actions=request.POST.getlist("actions"),
            actor=request.user,
        ),
        _("Réponse de %(name)s enregistrée.") % {"name": person.name},
        region="orientation",
    )
