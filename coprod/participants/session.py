"""A phone's browser session remembers which participant it is, one per workshop."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .models import Participant
from .services import require_admitted

SESSION_KEY = "coprod_participants"


def remember_participant(session, participant: Participant) -> None:
    joined = dict(session.get(SESSION_KEY, {}))
    joined[str(participant.workshop_id)] = participant.pk
    session[SESSION_KEY] = joined


def session_participant_id(session, workshop_id: int) -> int | None:
    """The participant this browser joined the workshop as, if any (not checked against the
    database)."""
    if session is None:
        return None
    return session.get(SESSION_KEY, {}).get(str(workshop_id))


def session_member(session, workshop_id: int) -> Participant | None:
    """Whoever this browser joined the workshop as, admitted or not."""
    pk = session_participant_id(session, workshop_id)
    return None if pk is None else workshop_participant(workshop_id, pk)


def session_participant(session, workshop_id: int) -> Participant | None:
    """The admitted participant this browser is, else None (waiting, refused, removed, or never
    joined)."""
    participant = session_member(session, workshop_id)
    return participant if participant is not None and participant.is_admitted else None


def require_participant(request, workshop_id: int) -> Participant:
    """The admitted participant behind a phone's request, or PermissionDenied saying why not."""
    participant = session_member(request.session, workshop_id)
    if participant is None:
        raise PermissionDenied(_("Rejoignez d'abord l'atelier avec son code."))
    require_admitted(participant)
    return participant


def workshop_participant(workshop_id: int, participant_id: int) -> Participant | None:
    """The participant with this id if they belong to this workshop, else None."""
    # No ORDER BY (first() or the model's ordering) to compile on every phone request for one row.
    rows = Participant.objects.filter(pk=participant_id, workshop_id=workshop_id).order_by()
    return next(iter(rows), None)
