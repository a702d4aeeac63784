"""Public JSON API v1, over the same services as the pages (OpenAPI at /api/v1/openapi.json)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError

from coprod.accounts.services import TokenRefused
from coprod.agenda import services as agenda
from coprod.live import state as live_state
from coprod.live import state_cache
from coprod.participants import ratelimit
from coprod.participants import services as participant_services
from coprod.participants.models import Participant
from coprod.voting.services import VoteClosed

from .access import facilitated_workshop, visible_workshop
from .archives import router as archives_router
from .auth import AnyToken, LiveReaderToken, ParticipantToken, TokenReader
from .catalogue import router as catalogue_router
from .errors import schema_error_text
from .grouping import router as grouping_router
from .jobs import router as jobs_router
from .live_steps import router as live_steps_router
from .openapi import DocumentedAPI
from .parser import BadBody, CheckedParser
from .processes import router as processes_router
from .proposals import router as proposals_router
from .restitution import router as restitution_router
from .schemas import Error, Id, JoinIn, JoinOut, MoodIn, MoodOut, WorkshopOut
from .sheets import router as sheets_router
from .voting import router as voting_router

api = DocumentedAPI(
    title="coprod API",
    version="1",
    description=(
        "Ateliers de co-production : lecture de l'état en direct, participation, animation. "
        "Les changements arrivent par le WebSocket /ws/workshops/{id}/ (événements JSON), "
        "avec le même en-tête « Authorization: Bearer <jeton> » que l'API ; un jeton n'est "
        "jamais lu dans l'adresse."
    ),
    urls_namespace="api",
    parser=CheckedParser(),
)


api.add_router("/", proposals_router)
api.add_router("/", voting_router)
api.add_router("/", grouping_router)
api.add_router("/", catalogue_router)
api.add_router("/", live_steps_router)
api.add_router("/", sheets_router)
api.add_router("/", restitution_router)
api.add_router("/", archives_router)
api.add_router("/", jobs_router)
api.add_router("/", processes_router)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc):
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=400)


@api.exception_handler(VoteClosed)
def on_vote_closed(request, exc):
    """A ballot on a closed vote or poll: a conflict with the vote's state, not bad input."""
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=409)


@api.exception_handler(SchemaError)
def on_schema_error(request, exc):
    return api.create_response(request, {"detail": schema_error_text(exc.errors)}, status=422)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    text = str(exc) or _("Vous n'avez pas le droit de faire cela.")
    return api.create_response(request, {"detail": text}, status=403)


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    """django-ninja's own refusals, in French: a body the parser refused says why."""
    cause = exc.__cause__
    if isinstance(cause, BadBody):
        detail = str(cause)
    elif exc.status_code == 400 and cause is not None:
        detail = _("Le corps de la requête n'est pas du JSON lisible.")
    else:
        detail = str(exc)
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    """An unknown id: get_object_or_404's own text is English and names a model."""
    return api.create_response(
        request, {"detail": _("Introuvable : rien ne correspond à cette adresse.")}, status=404
    )


@api.exception_handler(TokenRefused)
def on_token_refused(request, exc):
    """A token that expired or was revoked: its owner learns which, and to ask for another."""
    return api.create_response(request, {"detail": str(exc)}, status=401)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return api.create_response(
        request, {"detail": _("Jeton d'accès manquant ou invalide.")}, status=401
    )


@api.get(
    "/workshops/{workshop_id}",
    response={200: WorkshopOut, 403: Error, 404: Error},
    auth=LiveReaderToken(),
    summary="Live state of a workshop",
)
def get_workshop(request, workshop_id: Id):
    if isinstance(request.auth, TokenReader):
        if request.auth.workshop_id != workshop_id:
            raise PermissionDenied(_("Ce jeton ne donne pas accès à cet atelier."))
    else:
        visible_workshop(request, workshop_id)
        if not isinstance(request.auth, Participant):
            return _for_facilitator(state_cache.phone_state(workshop_id))
    # The bytes every reader of this version gets (see live.state_cache), not re-validated.
    return HttpResponse(state_cache.state_json(workshop_id), content_type="application/json")


def _for_facilitator(state) -> dict:
    """The live state with each step's private notes, which the shared JSON never holds."""
    data = live_state.as_json(state)
    notes = {step.pk: step.facilitator_notes for step in state.steps}
    for step in data["steps"]:
        step["facilitator_notes"] = notes[step["id"]]
    return data


@api.post(
    "/join",
    response={201: JoinOut, 400: Error, 422: Error, 429: Error},
    auth=None,
    summary="Join a workshop with its code",
    description=(
        "A right code always gets in; wrong codes are limited per address. Past the expected "
        "head count, or once the facilitator closed registration, the participant is "
        "`pending` until a facilitator admits them: their token then works."
    ),
)
def join(request, payload: JoinIn):
    try:
        ratelimit.workshop_for_code(request, payload.code)
    except ratelimit.TooManyTries as error:
        return Status(429, {"detail": str(error)})
    participant, token = participant_services.join(**payload.dict())
    return Status(
        201,
        {
            "workshop": participant.workshop_id,
            "participant": participant.pk,
            "token": token,
            "admission": participant.admission,
        },
    )


def _step_move(request, workshop_id: Id, offset: int):
    workshop = facilitated_workshop(request, workshop_id)
    agenda.go_to_step(workshop, actor=request.auth, offset=offset)
    return _for_facilitator(live_state.load(workshop.pk, with_panels=False))


@api.post(
    "/workshops/{workshop_id}/steps/next",
    response={200: WorkshopOut, 400: Error, 403: Error, 404: Error},
    auth=AnyToken(),
    summary="Go to the next step (facilitator)",
)
def next_step(request, workshop_id: Id):
    return _step_move(request, workshop_id, +1)


@api.post(
    "/workshops/{workshop_id}/steps/previous",
    response={200: WorkshopOut, 400: Error, 403: Error, 404: Error},
    auth=AnyToken(),
    summary="Go back to the previous step (facilitator)",
)
def previous_step(request, workshop_id: Id):
    return _step_move(request, workshop_id, -1)


@api.post(
    "/workshops/{workshop_id}/start",
    response={200: WorkshopOut, 400: Error, 403: Error, 404: Error},
    auth=AnyToken(),
    summary="Start the workshop at its first step (facilitator)",
)
def start(request, workshop_id: Id):
    workshop = facilitated_workshop(request, workshop_id)
    agenda.start_workshop(workshop, actor=request.auth)
    return _for_facilitator(live_state.load(workshop.pk, with_panels=False))


@api.post(
    "/workshops/{workshop_id}/mood",
    response={200: MoodOut, 400: Error, 403: Error, 404: Error, 422: Error},
    auth=ParticipantToken(),
    summary="Answer « Comment ça va ? » (participant)",
)
def mood(request, workshop_id: Id, payload: MoodIn):
    visible_workshop(request, workshop_id)
    vote = participant_services.cast_mood(request.auth, value=payload.value, word=payload.word)
    return {"value": vote.value, "word": vote.word}
