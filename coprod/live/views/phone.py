"""A participant's phone: the live page, its regions, the mood and the card, and the wait
for a facilitator's approval."""

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from coprod.core.forms import error_text, refusal_text
from coprod.core.page_shell import Holes
from coprod.core.templatetags.coprod import mmss
from coprod.core.views import phone_answer
from coprod.participants import services as participant_services
from coprod.participants.forms import IdentityForm, MoodForm
from coprod.participants.models import Participant
from coprod.participants.session import require_participant
from coprod.voting import live as voting_live

from .. import access, state_cache
from .. import state as live_state


def _phone_member(request, workshop_id):
    """A phone's GET: whoever its session joined as (admitted or not, None if nobody) and the
    live state, from the cache of the workshop's current version (phones re-read after each
    event)."""
    pk = access.session_participant_id(request.session, workshop_id)
    participant, state = state_cache.phone_reading(workshop_id, pk) if pk else (None, None)
    return participant, state


def _phone_reading(request, workshop_id) -> tuple[Participant, live_state.LiveState]:
    """The admitted participant of a phone's GET and the live state, else PermissionDenied."""
    participant, state = _phone_member(request, workshop_id)
    if participant is None:
        raise PermissionDenied(_("Rejoignez d'abord l'atelier avec son code."))
    participant_services.require_admitted(participant)
    return participant, state


def _to_code_form():
    """A page opened by a browser that has not joined (or whose session expired): the code
    form, never a redirect that would carry the workshop's code."""
    return redirect("home")


def _phone_context(request, participant, state=None, **extra):
    """The phone's context: the live state and the participant's own region, an open ballot
    first, else what the step's row (live/panels.py) gives."""
    state = state or state_cache.phone_state(participant.workshop_id)
    personal = voting_live.ballot_personal if state.ballot_key else state.panel.personal_context
    if state.ballot_key and state.panel.ballot_beside:
        # The ballot in its own region, the step's own region beside it.
        extra = {**voting_live.ballot_personal(participant, state), **extra}
        personal = state.panel.personal_context
    if personal is not None:
        extra = {**personal(participant, state), **extra}
    return {"live": state, "me": participant, "workshop": state.workshop, **extra}


@require_GET
def phone(request, workshop_id):
    participant, state = _phone_member(request, workshop_id)
    if participant is None:
        return _to_code_form()
    if not participant.is_admitted:
        return _admission_page(request, participant)
    if _shell_fits(request, state):
        return HttpResponse(_phone_from_shell(request, _phone_context(request, participant, state)))
    live_state.load_for_phones(state)
    return render(request, "live/phone.html", _phone_context(request, participant, state))


def _shell_fits(request, state: live_state.LiveState) -> bool:
    """Whether all of the page but the phone's own region comes from the cached state: not when
    the step's row reads its part per request (the sheets, the action on the board), nor with a
    message to show once, nor with a query string (the language switch sends back to the full
    path)."""
    return not (
        state.panel.per_request
        or request.META.get("QUERY_STRING")
        or len(messages.get_messages(request))
    )


def _phone_from_shell(request, context) -> str:
    """The phone page from the shell every phone shares, with this phone's CSRF token, the
    timer's "now" and remaining time (live/_timer.html), and its own region."""
    state = context["live"]

    def build():
        # Only what every phone shares: the participant is not even in this context, so no
        # part of another phone's page can slip into the shell.
        holes = Holes()
        shared = {
            "live": state,
            "workshop": state.workshop,
            "page_holes": holes,
            "csrf_token": holes.marker("csrf"),
        }
        return holes.cut(render_to_string("live/phone.html", shared, request))

    shell = state_cache.phone_shell(state, (get_language(), request.user.is_authenticated), build)
    csrf = get_token(request)
    return shell.fill(
        csrf=csrf,
        now=state.now.isoformat(),
        remaining=mmss(state.remaining_seconds) if state.current else "",
        personal=render_to_string(
            "live/phone.html#personal", {**context, "csrf_token": csrf}, request
        ),
    )


def _admission_page(request, participant):
    """Waiting for the facilitator's approval (the page asks every few seconds), or refused."""
    return render(
        request,
        "live/phone_admission.html",
        {"me": participant, "workshop": participant.workshop},
        status=200 if participant.admission == Participant.Admission.PENDING else 403,
    )


@require_GET
def phone_admission(request, workshop_id):
    """Polled by the waiting page: nothing new (204) until the facilitator decides."""
    participant, _state = _phone_member(request, workshop_id)
    if participant is not None and participant.admission == Participant.Admission.PENDING:
        return HttpResponse(status=204)
    target = reverse("live:phone", args=[workshop_id]) if participant else reverse("home")
    if request.htmx:
        return HttpResponseClientRedirect(target)
    return redirect(target)


@require_GET
def phone_live(request, workshop_id):
    participant, state = _phone_reading(request, workshop_id)
    # The region holds what the row reads per request (every sheet's values, the same as pushed
    # ones; the action on the board).
    live_state.load_for_phones(state)
    return render(request, "live/phone.html#live", _phone_context(request, participant, state))


@require_GET
def phone_me(request, workshop_id):
    context = _phone_context(request, *_phone_reading(request, workshop_id))
    return render(request, "live/phone.html#personal", context)


@require_POST
def phone_mood(request, workshop_id):
    participant = require_participant(request, workshop_id)
    form = MoodForm(request.POST)
    error = None
    if form.is_valid():
        try:
            participant_services.cast_mood(participant, **form.cleaned_data)
        except ValidationError as e:
            error = refusal_text(e)
    else:
        error = error_text(form)
    if error is None:
        return _personal_answer(request, participant)
    # Refused: the word comes back as typed, marked when it is the word that was refused.
    typed = {"typed_word": form.data.get("word", ""), "word_error": "word" in form.errors}
    return _personal_answer(request, participant, error=error, **typed)


def _personal_answer(request, participant, *, error=None, **extra):
    """After a phone's answer: its personal region again (see phone_answer)."""
    context = _phone_context(request, participant, error=error, saved=error is None, **extra)
    return phone_answer(request, "live/phone.html#personal", context, status=400 if error else 200)


CARD_TEXT_FIELDS = ("name", "organisation", "link_to_theme")


def _typed_card(participant: Participant, form: IdentityForm) -> Participant:
    """The participant as typed in a refused card: the page shows it back, nothing is lost."""
    typed = copy.copy(participant)
    for field in CARD_TEXT_FIELDS:
        setattr(typed, field, form.data.get(field, ""))
    typed.organisation_kind = form.cleaned_data.get("organisation_kind", typed.organisation_kind)
    typed.name_consent = form.cleaned_data.get("name_consent", typed.name_consent)
    return typed


@require_http_methods(["GET", "POST"])
def phone_identity(request, workshop_id):
    """The participant's own card (name, organisation, consent to be named), at any step: the
    round table shows it in place (htmx), the page of its own is there the rest of the time."""
    if request.method == "GET":
        participant, _state = _phone_member(request, workshop_id)
        if participant is None:
            return _to_code_form()
        if not participant.is_admitted:
            return redirect("live:phone", workshop_id)
        return render(request, "live/phone_card.html", {"me": participant})
    participant = require_participant(request, workshop_id)
    form = IdentityForm(request.POST)
    error, beside = None, {}
    if form.is_valid():
        try:
            participant = participant_services.update_identity(participant, **form.cleaned_data)
        except ValidationError as e:
            error, participant = refusal_text(e), _typed_card(participant, form)
    else:
        error, beside = _card_errors(form)
        participant = _typed_card(participant, form)
    if not request.htmx:
        if error:
            context = {"me": participant, "error": error, "card_errors": beside}
            return render(request, "live/phone_card.html", context, status=400)
        messages.success(request, _("Votre carte est à jour."))
        return redirect("live:phone", workshop_id)
    return _personal_answer(request, participant, error=error, card_errors=beside)


def _card_errors(form: IdentityForm) -> tuple[str, dict[str, str]]:
    """A refused card's errors: each text field's beside it; the others (the kind and the
    consent, whose widgets are rendered once for every phone) in the sentence on top."""
    beside = {n: " ".join(e) for n, e in form.errors.items() if n in CARD_TEXT_FIELDS}
    others = [
        f"{form.fields[n].label} : {m}" if n in form.fields else m
        for n, errors in form.errors.items()
        if n not in beside
        for m in errors
    ]
    summary = _("Votre carte n'a pas été enregistrée : voyez le champ signalé.")
    return " ".join(others) or summary, beside
