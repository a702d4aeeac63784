"""What the facilitator's console shows of the votes under way: the aggregates and the
objections (never who wrote them), who has not answered yet, by name, and the people without a
phone whose answer the facilitator enters. Read for the facilitators' audience only: the board
and the phones get `summary.board_summary`.
"""

from coprod.participants.models import Participant
from coprod.workshops.models import Workshop

from ..models import ConsentBallot, DotBallot, GradeBallot, Orientation, OrientationBallot, Poll
from .consent import open_votes, tally
from .orientation import orientation_results, orientations_of


def turnout(people: list[Participant], voted: set[int]) -> dict:
    """Who of the room (`people`, admitted) has not answered, and each person without a phone
    with whether their answer was entered. Names only: never what anyone chose."""
    missing = [p for p in people if p.pk not in voted]
    return {
        "missing": missing,
        "missing_count": len(missing),
        "offline": [{"person": p, "voted": p.pk in voted} for p in people if not p.has_phone],
    }


def room_people(workshop: Workshop) -> list[Participant]:
    return list(Participant.objects.admitted().filter(workshop=workshop).order_by("name", "id"))


def _voted(model, **where) -> set[int]:
    return set(model.objects.filter(**where).values_list("participant_id", flat=True))


def orientation_voters(orientations) -> dict[int, set[int]]:
    """Who answered each orientation: {orientation id: {participant ids}}, in one query."""
    voted: dict[int, set[int]] = {}
    for orientation, person in OrientationBallot.objects.filter(
        orientation__in=orientations
    ).values_list("orientation_id", "participant_id"):
        voted.setdefault(orientation, set()).add(person)
    return voted


def console_votes(workshop: Workshop, people: list[Participant] | None = None) -> dict:
    """Open validation votes (tally, objections, turnout), polls not closed yet (drafts to
    open, open ones with their turnout) and open orientations with their turnout.

    Three queries when nothing is open (the console shows it at every step)."""
    votes = [tally(vote) for vote in open_votes(workshop)]
    polls = [
        {"poll": poll, "options": list(poll.options.all())}
        for poll in Poll.objects.filter(workshop=workshop)
        .exclude(status=Poll.Status.CLOSED)
        .prefetch_related("options")
        .order_by("created_at", "id")
    ]
    found = orientations_of(workshop, status=Orientation.Status.OPEN)
    orientations = orientation_results(found) if found else []
    open_polls = [entry for entry in polls if entry["poll"].is_open]
    if votes or open_polls or orientations:
        people = room_people(workshop) if people is None else people
        for row in votes:
            row.update(turnout(people, _voted(ConsentBallot, vote=row["vote"])))
        for entry in open_polls:
            model = DotBallot if entry["poll"].uses_dots else GradeBallot
            voted = _voted(model, option__poll=entry["poll"])
            entry.update(turnout(people, voted), voters=len(voted))
        voted = orientation_voters(found)
        for row in orientations:
            row.update(turnout(people, voted.get(row["orientation"].pk, set())))
    return {
        "votes": votes,
        "polls": polls,
        "orientations": orientations,
        "open": bool(votes or open_polls or orientations),
        "open_objections": sum(v["open_objections"] for v in votes),
    }
