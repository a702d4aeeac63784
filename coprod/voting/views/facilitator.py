"""The facilitator's vote controls (under each synthesis) and polls page. POST only; each
answer goes back where it was called from."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coprod.core.params import posted_id
from coprod.grouping.models import Synthesis
from coprod.participants.models import Participant
from coprod.workshops.access import facilitated

from .. import services
from ..forms import AnswerForm, OpenVoteForm, PollForm
from ..live import grades_best_first
from ..models import ConsentBallot, Poll, ValidationVote
from .phone import ballot_from_post, cast_poll


def _back(request, workshop):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("voting:polls", workshop.pk)


def _error(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@login_required
@require_POST
def open_vote(request, workshop_id, synthesis_id):
    workshop = facilitated(request, workshop_id)
    synthesis = get_object_or_404(Synthesis, pk=synthesis_id, cluster__workshop=workshop)
    form = OpenVoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez la part du groupe qui doit être d'accord."))
        return _back(request, workshop)
    try:
        services.open_validation(
            synthesis,
            actor=request.user,
            min_share=form.cleaned_data["min_share"],
            allow_open_objections=form.cleaned_data["allow_open_objections"],
        )
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Vote ouvert : les téléphones affichent la synthèse."))
    return _back(request, workshop)


@login_required
@require_POST
def close_vote(request, workshop_id, vote_id):
    workshop = facilitated(request, workshop_id)
    vote = get_object_or_404(ValidationVote, pk=vote_id, workshop=workshop)
    try:
        vote = services.close_validation(vote, actor=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        if vote.validated:
            messages.success(request, _("Vote clos : la synthèse est validée."))
        else:
            reasons = " ".join(services.tally(vote)["reasons"])
            messages.warning(
                request, _("Vote clos : la synthèse n'est pas validée. %(why)s") % {"why": reasons}
            )
    return _back(request, workshop)


@login_required
@require_POST
def answer(request, workshop_id, ballot_id):
    workshop = facilitated(request, workshop_id)
    ballot = get_object_or_404(ConsentBallot, pk=ballot_id, vote__workshop=workshop)
    form = AnswerForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Écrivez la réponse à l'objection (500 caractères au plus)."))
        services.answer_objection(ballot, actor=request.user, answer=form.cleaned_data["answer"])
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Réponse enregistrée : l'objection ne bloque plus le vote."))
    return _back(request, workshop)


@login_required
@require_POST
def consent_for(request, workshop_id, vote_id):
    """The answer of someone without a phone, said aloud or written on paper."""
    workshop = facilitated(request, workshop_id)
    vote = get_object_or_404(ValidationVote, pk=vote_id, workshop=workshop)
    person = get_object_or_404(
        Participant, pk=posted_id(request.POST.get("participant")), workshop=workshop
    )
    try:
        services.cast_consent(
            vote,
            participant=person,
            choice=request.POST.get("choice", ""),
            reason=request.POST.get("reason", ""),
            suggestion=request.POST.get("suggestion", ""),
            actor=request.user,
        )
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Réponse de %(name)s enregistrée.") % {"name": person.name})
    return _back(request, workshop)


@login_required
@require_GET
def synthesis_controls(request, workshop_id, synthesis_id):
    """The controls under one synthesis, alone (to refresh them when a tally moves)."""
    workshop = facilitated(request, workshop_id)
    synthesis = get_object_or_404(Synthesis, pk=synthesis_id, cluster__workshop=workshop)
    vote = services.current_votes(workshop).get(synthesis.pk)
    # Loaded into another page (the grouping page): its forms come back to that page.
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = ""
    return render(
        request,
        "voting/_synthesis_controls.html",
        {"workshop": workshop, "synthesis": synthesis, "vote": vote, "next": back},
    )


# --- The facilitator's polls page ----------------------------------------------------------------


def _all_syntheses(workshop):
    return list(Synthesis.objects.filter(cluster__workshop=workshop).select_related("cluster"))


def _polls_page(request, workshop, *, form=None, status=200):
    polls = []
    for poll in Poll.objects.filter(workshop=workshop).order_by("-created_at", "-id"):
        polls.append(
            {
                "poll": poll,
                "options": list(poll.options.all()),
                "results": services.poll_results(poll)
                if poll.status != Poll.Status.DRAFT
                else None,
            }
        )
    context = {
        "workshop": workshop,
        "poll_form": form or PollForm(syntheses=_all_syntheses(workshop)),
        "polls": polls,
        "votes": services.summaries(services.open_votes(workshop)),
        "validated": services.validated_syntheses(workshop),
        "offline_people": list(workshop.participants.admitted().filter(has_phone=False)),
        "grades": grades_best_first(),
        "choices": ConsentBallot.Choice.choices,
    }
    return render(request, "voting/polls.html", context, status=status)


@login_required
@require_GET
def polls(request, workshop_id):
    return _polls_page(request, facilitated(request, workshop_id))


@login_required
@require_POST
def create_poll(request, workshop_id):
    workshop = facilitated(request, workshop_id)
    form = PollForm(request.POST, syntheses=_all_syntheses(workshop))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.create_poll(
                workshop,
                actor=request.user,
                title=data["title"],
                method=data["method"],
                syntheses=data["syntheses"],
                dots=data["dots"],
                max_per_item=data["max_per_item"],
                client_key=data["client_key"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Vote préparé : ouvrez-le quand le groupe est prêt."))
            return redirect("voting:polls", workshop.pk)
    return _polls_page(request, workshop, form=form, status=400)


@login_required
@require_POST
def move_poll(request, workshop_id, poll_id, action):
    workshop = facilitated(request, workshop_id)
    poll = get_object_or_404(Poll, pk=poll_id, workshop=workshop)
    try:
        if action == "open":
            services.open_poll(poll, actor=request.user)
            messages.success(request, _("Vote ouvert sur les téléphones."))
        else:
            services.close_poll(poll, actor=request.user)
            messages.success(request, _("Vote clos : le classement est affiché."))
    except ValidationError as error:
        _error(request, error)
    return _back(request, workshop)


@login_required
@require_POST
def poll_for(request, workshop_id, poll_id):
    """Grades or dots of someone without a phone."""
    workshop = facilitated(request, workshop_id)
    poll = get_object_or_404(Poll, pk=poll_id, workshop=workshop)
    person = get_object_or_404(
        Participant, pk=posted_id(request.POST.get("participant")), workshop=workshop
    )
    try:
        cast_poll(poll, ballot_from_post(request, poll), participant=person, actor=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Vote de %(name)s enregistré.") % {"name": person.name})
    return _back(request, workshop)
