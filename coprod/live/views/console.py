"""The facilitator's console: the live region, the agenda controls, who is in the room."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coprod.agenda import services as agenda
from coprod.core.forms import refusal_text
from coprod.participants import services as participant_services
from coprod.participants.forms import MoodForm, OfflineParticipantForm
from coprod.participants.models import Participant
from coprod.workshops import services as workshop_services
from coprod.workshops.access import facilitated
from coprod.workshops.models import Workshop

from .. import services as live_services
from .. import state as live_state


def _console_context(workshop, **extra):
    state = live_state.load(workshop.pk)
    return {"live": state, "workshop": workshop, **extra}


def _role_context(user, workshop) -> dict:
    """What the page around the live region lets this member of the team do; the pushed
    regions are the same for the whole team, and the services refuse what a role may not."""
    # Each role includes the next: an animateur's console asks one question, not three.
    may_change = user.has_perm("workshops.change_workshop", workshop)
    may_run = may_change or user.has_perm("workshops.run_workshop", workshop)
    may_enter = may_run or user.has_perm("workshops.enter_contributions", workshop)
    return {"may_run": may_run, "may_enter": may_enter, "may_change": may_change}


def _team_console(request, workshop_id) -> tuple:
    """The workshop and what its user may do there; observers only read (404 for an unknown
    workshop, 403 for anyone outside its team)."""
    workshop = get_object_or_404(Workshop.objects.select_related("process"), pk=workshop_id)
    roles = _role_context(request.user, workshop)
    if not roles["may_enter"]:
        facilitated(request, workshop_id, "workshops.view_workshop")
    return workshop, roles


@login_required
@require_GET
def console(request, workshop_id):
    workshop, roles = _team_console(request, workshop_id)
    context = _console_context(workshop, identity_form=OfflineParticipantForm(), **roles)
    return render(request, "live/console.html", context)


@login_required
@require_GET
def console_live(request, workshop_id):
    workshop = facilitated(request, workshop_id, "workshops.view_workshop")
    return render(request, "live/console.html#live", _console_context(workshop))


CONTROLS = {
    "start": lambda w, u, p: agenda.start_workshop(w, actor=u),
    "next": lambda w, u, p: agenda.go_to_step(w, actor=u, offset=1),
    "previous": lambda w, u, p: agenda.go_to_step(w, actor=u, offset=-1),
    "pause": lambda w, u, p: agenda.pause_timer(w, actor=u),
    "resume": lambda w, u, p: agenda.resume_timer(w, actor=u),
    "extend": lambda w, u, p: agenda.extend_timer(w, actor=u, minutes=p.get("minutes")),
    "end": lambda w, u, p: agenda.end_workshop(w, actor=u),
    # Who gets in (coprod.participants.services).
    "close-registration": lambda w, u, p: participant_services.set_registration(
        w, actor=u, open=False
    ),
    "open-registration": lambda w, u, p: participant_services.set_registration(
        w, actor=u, open=True
    ),
    "new-code": lambda w, u, p: workshop_services.regenerate_join_code(w, actor=u),
    "admit-all": lambda w, u, p: participant_services.admit_all_pending(w, actor=u),
    "dismiss-surge": lambda w, u, p: participant_services.dismiss_join_surge(w, actor=u),
}


@login_required
@require_POST
def control(request, workshop_id, action):
    """Drive the agenda; answers with the console region (htmx) or back to the console."""
    workshop = facilitated(request, workshop_id)
    if action not in CONTROLS:
        raise Http404
    error = None
    try:
        CONTROLS[action](workshop, request.user, request.POST)
    except ValidationError as e:
        error = refusal_text(e)
    return _console_answer(request, workshop, error)


ADMISSIONS = {
    "admit": lambda p, u: participant_services.set_admission(
        p, actor=u, admission=Participant.Admission.ADMITTED
    ),
    "refuse": lambda p, u: participant_services.set_admission(
        p, actor=u, admission=Participant.Admission.REFUSED
    ),
    "remove": lambda p, u: live_services.remove_participant(p, actor=u),
}


@login_required
@require_POST
def admission(request, workshop_id, participant_id):
    """Let a waiting arrival in, refuse them, or take someone out of the room."""
    workshop = facilitated(request, workshop_id)
    participant = get_object_or_404(Participant, pk=participant_id, workshop=workshop)
    decision = ADMISSIONS.get(request.POST.get("decision", ""))
    if decision is None:
        return _console_answer(request, workshop, _("Choix inconnu."))
    decision(participant, request.user)
    return _console_answer(request, workshop, None)


def _console_answer(request, workshop, error):
    """After a console action: its live region (htmx), or back to the console."""
    if request.htmx:
        return render(
            request,
            "live/console.html#live",
            _console_context(workshop, error=error),
            status=400 if error else 200,
        )
    if error:
        messages.error(request, error)
    return redirect("live:console", workshop.pk)


@login_required
@require_POST
def add_offline_participant(request, workshop_id):
    """Someone without a phone joins the room: the facilitator enters their contributions."""
    workshop = facilitated(request, workshop_id, "workshops.enter_contributions")
    form = OfflineParticipantForm(request.POST)
    if form.is_valid():
        try:
            participant = participant_services.add_participant_without_phone(
                workshop, actor=request.user, **form.cleaned_data
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            notice = _("%(name)s a été ajouté·e (sans téléphone).") % {"name": participant.name}
            if request.htmx:  # the room follows by its push (participants.changed)
                return render(
                    request,
                    "live/console.html#offline",
                    {
                        "workshop": workshop,
                        "identity_form": OfflineParticipantForm(),
                        "notice": notice,
                        "may_enter": True,
                    },
                )
            messages.success(request, notice)
            return redirect("live:console", workshop.pk)
    if request.htmx:
        context = {"workshop": workshop, "identity_form": form, "may_enter": True}
        return render(request, "live/console.html#offline", context, status=400)
    return render(
        request,
        "live/console.html",
        _console_context(workshop, identity_form=form, **_role_context(request.user, workshop)),
        status=400,
    )


@login_required
@require_POST
def mood_for(request, workshop_id, participant_id):
    """The facilitator records the mood of someone who answered on paper or aloud."""
    workshop = facilitated(request, workshop_id, "workshops.enter_contributions")
    participant = get_object_or_404(Participant, pk=participant_id, workshop=workshop)
    form = MoodForm(request.POST)
    error = None
    if form.is_valid():
        try:
            participant_services.cast_mood(participant, actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            error = refusal_text(e)
    else:
        error = _("Choisissez une humeur de 1 à 5.")
    return _console_answer(request, workshop, error)
