"""Votes on the phones: answer a consent vote, grade options, place dots.

Endpoints answer the phone panel partial (htmx swaps it into `.personal`); without JavaScript
they answer a small page holding the same panel.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coprod.core.forms import error_text
from coprod.core.params import posted_id
from coprod.core.views import phone_answer
from coprod.participants.session import require_participant

from .. import services
from ..forms import ConsentForm
from ..models import ConsentBallot, Grade, Orientation, OrientationBallot, Poll, ValidationVote


def grades_best_first():
    return [(g.value, g.label) for g in reversed(Grade)]


def _poll_entry(poll: Poll, values: dict, **extra) -> dict:
    options = list(poll.options.all())
    return {
        "poll": poll,
        "options": [{"option": o, "value": values.get(o.pk)} for o in options],
        **extra,
    }


def phone_panel_context(participant, *, forms=None, poll_values=None, **extra) -> dict:
    """What a phone shows while votes are open: every open validation vote and poll, each with
    the participant's own answer, so they can change it until the vote closes.

    `forms` maps a vote id to a bound ConsentForm (after an error: what was typed is kept);
    `poll_values` maps a poll id to the values just sent. `extra` may hold `saved` (a vote or
    poll key such as "v3" / "p2"), `errors` ({key: message}) and `reveal` (vote ids whose
    objection fields must show).
    """
    forms = forms or {}
    poll_values = poll_values or {}
    errors = extra.pop("errors", {})
    reveal = set(extra.pop("reveal", ()))
    workshop = participant.workshop
    mine = {
        b.vote_id: b
        for b in ConsentBallot.objects.filter(
            participant=participant, vote__status=ValidationVote.Status.OPEN
        )
    }
    votes = []
    for vote in services.open_votes(workshop):
        ballot = mine.get(vote.pk)
        form = forms.get(vote.pk) or ConsentForm(
            initial={
                "choice": ballot.choice if ballot else None,
                "reason": ballot.reason if ballot else "",
                "suggestion": ballot.suggestion if ballot else "",
            },
            prefix=f"v{vote.pk}",
        )
        chosen = form["choice"].value()
        votes.append(
            {
                "vote": vote,
                "synthesis": vote.synthesis,
                "ballot": ballot,
                "form": form,
                "chosen": chosen,
                "show_objection": chosen == ConsentBallot.Choice.OBJECTION or vote.pk in reveal,
                "error": errors.get(f"v{vote.pk}"),
                "key": f"v{vote.pk}",
            }
        )
    polls = []
    for poll in Poll.objects.filter(workshop=workshop, status=Poll.Status.OPEN):
        key = f"p{poll.pk}"
        values = poll_values.get(poll.pk)
        has_ballot = False
        if values is None:
            values = services.my_ballot(poll, participant)
            has_ballot = bool(values)
        polls.append(
            _poll_entry(poll, values, error=errors.get(key), key=key, has_ballot=has_ballot)
        )
    orientations = orientation_entries(
        participant, values=extra.pop("orientation_values", None), errors=errors
    )
    shown = (
        {item["key"] for item in votes}
        | {entry["key"] for entry in polls}
        | {entry["key"] for entry in orientations}
    )
    return {
        "workshop": workshop,
        "me": participant,
        # An error about a vote no longer shown (it closed meanwhile) goes on top of the panel.
        "error": " ".join(m for k, m in errors.items() if k not in shown and m),
        "votes": votes,
        "polls": polls,
        "orientations": orientations,
        "orientation_choices": OrientationBallot.Choice.choices,
        "grades": grades_best_first(),
        "choices": ConsentBallot.Choice.choices,
        **extra,
    }


def _phone_answer(request, participant, *, status=200, **context):
    context = phone_panel_context(participant, **context)
    return phone_answer(
        request, "voting/_phone_panel.html", context, heading=_("Votes"), status=status
    )


@require_GET
def phone_panel(request, workshop_id):
    return _phone_answer(request, require_participant(request, workshop_id))


@require_POST
def phone_consent(request, workshop_id, vote_id):
    participant = require_participant(request, workshop_id)
    vote = get_object_or_404(ValidationVote, pk=vote_id, workshop_id=workshop_id)
    form = ConsentForm(request.POST, prefix=f"v{vote.pk}")
    key = f"v{vote.pk}"
    if form.is_valid():
        data = form.cleaned_data
        objection = data["choice"] == ConsentBallot.Choice.OBJECTION
        if (
            objection
            and not request.POST.get(f"{key}-details")
            and not (data["reason"].strip() or data["suggestion"].strip())
        ):
            # First tap on « objection »: show the two fields to fill in, nothing is recorded.
            return _phone_answer(request, participant, forms={vote.pk: form}, reveal=[vote.pk])
        try:
            services.cast_consent(
                vote,
                participant=participant,
                choice=data["choice"],
                reason=data["reason"],
                suggestion=data["suggestion"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form.add_error(None, error)
            else:
                form.add_error(None, " ".join(error.messages))
        else:
            return _phone_answer(request, participant, saved=key)
    return _phone_answer(
        request,
        participant,
        status=400,
        forms={vote.pk: form},
        reveal=[vote.pk],
        errors={key: error_text(form)},
    )


def ballot_from_post(request, poll: Poll) -> dict[int, str]:
    prefix = "dots" if poll.uses_dots else "grade"
    return {
        o: request.POST.get(f"{prefix}-{poll.pk}-{o}", "")
        for o in poll.options.values_list("pk", flat=True)
    }


def cast_poll(poll: Poll, values: dict, *, participant, actor=None) -> None:
    if poll.uses_dots:
        services.cast_dots(poll, participant=participant, dots=values, actor=actor)
    else:
        services.cast_grades(poll, participant=participant, grades=values, actor=actor)


@require_POST
def phone_poll(request, workshop_id, poll_id):
    participant = require_participant(request, workshop_id)
    poll = get_object_or_404(Poll, pk=poll_id, workshop_id=workshop_id)
    values = ballot_from_post(request, poll)
    try:
        cast_poll(poll, values, participant=participant)
    except ValidationError as error:
        kept = {}
        for option, value in values.items():
            try:
                kept[option] = int(value)
            except (TypeError, ValueError):
                kept[option] = None
        return _phone_answer(
            request,
            participant,
            status=400,
            poll_values={poll.pk: kept},
            errors={f"p{poll.pk}": " ".join(error.messages)},
        )
    return _phone_answer(request, participant, saved=f"p{poll.pk}")


# --- Orientation: build on existing actions, or develop something new ---------------------------


def orientation_entries(participant, *, values=None, errors=None) -> list[dict]:
    """Each open orientation with the participant's answer (or what they just sent, after an
    error) and the actions they may build on."""
    workshop = participant.workshop
    errors = errors or {}
    open_ones = services.orientations_of(workshop, status=Orientation.Status.OPEN)
    if not open_ones:
        return []
    mine = services.my_orientation_ballots(participant, [o.pk for o in open_ones])
    actions = services.candidate_actions(workshop)
    entries = []
    for orientation in open_ones:
        key = f"o{orientation.pk}"
        sent = (values or {}).get(orientation.pk)
        ballot = mine.get(orientation.pk)
        current = sent or ballot or {"choice": "", "actions": set()}
        entries.append(
            {
                "orientation": orientation,
                "key": key,
                "ballot": ballot,
                "choice": current["choice"],
                "chosen": current["actions"],
                "actions": actions,
                "error": errors.get(key),
            }
        )
    return entries


@require_POST
def phone_orientation(request, workshop_id, orientation_id):
    participant = require_participant(request, workshop_id)
    orientation = get_object_or_404(Orientation, pk=orientation_id, workshop_id=workshop_id)
    key = f"o{orientation.pk}"
    choice = request.POST.get(f"{key}-choice", "")
    actions = request.POST.getlist(f"{key}-actions")
    try:
        services.cast_orientation(
            orientation, participant=participant, choice=choice, actions=actions
        )
    except ValidationError as error:
        sent = {
            "choice": choice,
            "actions": {posted_id(a) for a in actions},
        }
        return _phone_answer(
            request,
            participant,
            status=400,
            orientation_values={orientation.pk: sent},
            errors={key: " ".join(error.messages)},
        )
    return _phone_answer(request, participant, saved=key)
