"""A phone's browser session remembers which participant it is, one per workshop."""

from .models import Participant

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


def session_participant(session, workshop_id: int) -> Participant | None:
    pk = session_participant_id(session, workshop_id)
    return None if pk is None else workshop_participant(workshop_id, pk)


def workshop_participant(workshop_id: int, participant_id: int) -> Participant | None:
    """The participant with this id if they belong to this workshop, else None."""
    # No ORDER BY (first() or the model's ordering) to compile on every phone request for one row.
    rows = Participant.objects.filter(pk=participant_id, workshop_id=workshop_id).order_by()
    return next(iter(rows), None)
