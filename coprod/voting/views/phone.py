"""Votes on the phones: answer a consent vote, grade options, place dots.

Each vote, poll and orientation is a section of the phone's panel; its form swaps only that
section (htmx), so an answer or an error on one leaves what is chosen or refused on the others
as it is, and each is counted on its own. Without JavaScript the endpoints answer a small page
holding the whole panel.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import reswap, retarget

from coprod.core.forms import error_text
from coprod.core.params import posted_id
from coprod.core.views import phone_answer
from coprod.participants.session import require_participant

from .. import services
from ..forms import ConsentForm
from ..live import phone_panel_context
from ..models import ConsentBallot, Orientation, Poll, ValidationVote

SECTIONS = {
    # key prefix: (the context's list, the name the section template reads, its template)
    "v": ("votes", "item", "voting/_phone_consent.html"),
    "p": ("polls", "entry", "voting/_phone_poll.html"),
    "o": ("orientations", "entry", "voting/_phone_orientation.html"),
}
ORIENTATION_FIELDS = ("choice", "actions")


def _phone_answer(request, participant, *, key=None, status=200, **context):
    """htmx: the section of `key` alone (its form's target); the whole panel in its region when
    that vote is no longer shown (closed meanwhile: the error goes on top). Without htmx: a
    page holding the whole panel."""
    context = phone_panel_context(participant, **context)
    if request.htmx and key:
        group, name, template = SECTIONS[key[0]]
        section = next((s for s in context[group] if s["key"] == key), None)
        if section is not None:
            return render(request, template, {**context, name: section}, status=status)
        response = render(request, "voting/_phone_panel.html", context, status=status)
        return reswap(retarget(response, "closest .personal"), "innerHTML")
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
            return _phone_answer(
                request, participant, key=key, forms={vote.pk: form}, reveal=[vote.pk]
            )
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
            return _phone_answer(request, participant, key=key, saved=key)
    return _phone_answer(
        request,
        participant,
        key=key,
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
            key=f"p{poll.pk}",
            status=400,
            poll_values={poll.pk: kept},
            errors={f"p{poll.pk}": " ".join(error.messages)},
        )
    return _phone_answer(request, participant, key=f"p{poll.pk}", saved=f"p{poll.pk}")


# --- Orientation: build on existing actions, or develop something new ---------------------------
# (each open orientation on the phone: `voting.live.orientation_entries`)


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
            key=key,
            status=400,
            orientation_values={orientation.pk: sent},
            **_orientation_errors(key, error),
        )
    return _phone_answer(request, participant, key=key, saved=key)


def _orientation_errors(key: str, error: ValidationError) -> dict:
    """A refusal of the choice or of the actions goes beside them; any other above the vote."""
    if not hasattr(error, "error_dict"):
        return {"errors": {key: " ".join(error.messages)}}
    by_field = {field: " ".join(messages) for field, messages in error.message_dict.items()}
    on_top = [m for f, m in by_field.items() if f not in ORIENTATION_FIELDS]
    return {
        "errors": {key: " ".join(on_top)} if on_top else {},
        "field_errors": {key: {f: m for f, m in by_field.items() if f in ORIENTATION_FIELDS}},
    }
