"""The facilitator's orientation page: open the vote « s'appuyer sur l'existant ou développer du
nouveau ? », follow its counts, then confirm the group's decision and the actions it builds on.

Buttons post with htmx and get the page's region back (the focus stays on the pressed button,
by its id); without JavaScript they post and come back to the page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coprod.catalogue.models import Action
from coprod.core.params import posted_id
from coprod.workshops.access import facilitated

from .. import services
from ..models import Orientation


def _context(workshop, *, sent=None, errors=None, **extra) -> dict:
    """`sent` maps an orientation id to the decision form just posted (kept after an error)."""
    sent, errors = sent or {}, errors or {}
    results = services.orientation_results(services.orientations_of(workshop))
    candidates = services.candidate_actions(workshop)
    presented = {a.pk for a in candidates}
    # The catalogue's other actions may be chosen too (the decision may differ from the vote).
    others = list(
        Action.objects.of_workshop(workshop).exclude(pk__in=presented).order_by("key", "id")
    )
    for row in results:
        orientation = row["orientation"]
        form = sent.get(orientation.pk)
        if form is None:
            leading = {a["action"] for a in row["actions"][:1]}
            decided = {a.pk for a in orientation.actions.all()}
            form = {
                "decision": orientation.decision or row["leading"],
                "actions": decided or leading,
            }
        row["form"] = form
        row["error"] = errors.get(orientation.pk)
    syntheses = services.validated_syntheses(workshop)
    return {
        "workshop": workshop,
        "results": results,
        "candidates": candidates,
        "others": others,
        "subjects_are_syntheses": bool(syntheses),
        "subject_count": len(syntheses) or workshop.priority_items.count(),
        "any_open": any(r["orientation"].is_open for r in results),
        "decisions": [c for c in Orientation.Decision.choices if c[0]],
        **extra,
    }


def _answer(request, workshop, *, status=200, **context):
    template = "voting/orientation.html#region" if request.htmx else "voting/orientation.html"
    return render(request, template, _context(workshop, **context), status=status)


@login_required
@require_GET
def orientation(request, workshop_id):
    return _answer(request, facilitated(request, workshop_id))


def _done(request, workshop, *, error=None, notice=None):
    if request.htmx:
        return _answer(request, workshop, status=400 if error else 200, error=error, notice=notice)
    if error:
        messages.error(request, error)
    elif notice:
        messages.success(request, notice)
    return redirect("voting:orientation", workshop.pk)


@login_required
@require_POST
def open_orientations(request, workshop_id):
    workshop = facilitated(request, workshop_id)
    try:
        services.open_orientations(workshop, actor=request.user)
    except ValidationError as error:
        return _done(request, workshop, error=" ".join(error.messages))
    return _done(request, workshop, notice=_("Vote d'orientation ouvert sur les téléphones."))


@login_required
@require_POST
def close_orientation(request, workshop_id, orientation_id):
    workshop = facilitated(request, workshop_id)
    found = get_object_or_404(Orientation, pk=orientation_id, workshop=workshop)
    try:
        services.close_orientation(found, actor=request.user)
    except ValidationError as error:
        return _done(request, workshop, error=" ".join(error.messages))
    return _done(request, workshop, notice=_("Vote clos : confirmez maintenant la décision."))


@login_required
@require_POST
def confirm_orientation(request, workshop_id, orientation_id):
    workshop = facilitated(request, workshop_id)
    found = get_object_or_404(Orientation, pk=orientation_id, workshop=workshop)
    decision = request.POST.get("decision", "")
    actions = request.POST.getlist("actions")
    try:
        services.confirm_orientation(found, actor=request.user, decision=decision, actions=actions)
    except ValidationError as error:
        sent = {found.pk: {"decision": decision, "actions": {posted_id(a) for a in actions}}}
        message = " ".join(error.messages)
        if request.htmx:
            return _answer(request, workshop, status=400, sent=sent, errors={found.pk: message})
        return render(
            request,
            "voting/orientation.html",
            _context(workshop, sent=sent, errors={found.pk: message}),
            status=400,
        )
    return _done(
        request, workshop, notice=_("Décision enregistrée pour la construction du projet.")
    )
