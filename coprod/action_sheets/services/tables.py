"""The tables of the projects step: one sheet per table, started from the confirmed
orientations (or the validated syntheses), and who sits where."""

from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, OuterRef, Prefetch, Subquery
from django.utils.translation import gettext as _

from coprod.catalogue.services.common import person_of
from coprod.core.idempotency import KEY_MAX, clean_key
from coprod.participants.models import Participant
from coprod.realtime.events import publish_on_commit
from coprod.voting.models import Orientation
from coprod.voting.services import validated_syntheses
from coprod.workshops.models import Workshop
from coprod.workshops.services import require

from ..models import AUTHOR_MAX, Revision, Seat, Sheet
from ..titles import title_for
from .common import write_with_retry
from .editing import completeness, prefill, states_of

MAX_TABLES = 20


def sheets_of(workshop: Workshop) -> list[Sheet]:
    return list(Sheet.objects.filter(workshop=workshop).order_by("number", "id"))


def _count(raw, *, low: int = 1) -> int:
    try:
        count = int(raw)
    except (TypeError, ValueError):
        raise ValidationError(_("Le nombre de tables est un nombre entier.")) from None
    if not low <= count <= MAX_TABLES:
        raise ValidationError(
            _("Le nombre de tables va de %(low)d à %(max)d.") % {"low": low, "max": MAX_TABLES}
        )
    return count


def _check_room(existing: int, adding: int) -> None:
    if existing + adding > MAX_TABLES:
        raise ValidationError(
            _("Un atelier compte %(max)d tables au plus (il y en a déjà %(n)d).")
            % {"max": MAX_TABLES, "n": existing}
        )


def _actor_name(actor) -> str:
    return (actor.get_full_name() or actor.get_username())[:AUTHOR_MAX]


def _starts(workshop: Workshop) -> list[dict]:
    """What new sheets start from: the confirmed orientations, else the validated syntheses."""
    orientations = list(
        Orientation.objects.filter(workshop=workshop)
        .exclude(decision="")
        .select_related("synthesis__cluster", "priority_item")
        .prefetch_related("actions")
        .order_by("position", "id")
    )
    if orientations:
        return [
            {
                "orientation": o,
                "synthesis": o.synthesis,
                "title": title_for(o.synthesis.cluster.label if o.synthesis else "", o.subject),
                "builds_on": [a.pk for a in o.actions.all()]
                if o.decision == Orientation.Decision.BUILD_ON
                else [],
            }
            for o in orientations
        ]
    return [
        {
            "orientation": None,
            "synthesis": s,
            "title": title_for(s.cluster.label, s.text),
            "builds_on": [],
        }
        for s in validated_syntheses(workshop)
    ]


def _untaken(starts: list[dict], taken) -> list[dict]:
    """The starts no sheet comes from yet; `taken`: the sheets' (orientation id, synthesis id)."""
    taken = list(taken)
    syntheses = {s for _o, s in taken if s}
    orientations = {o for o, _s in taken if o}
    return [
        s
        for s in starts
        if not (
            (s["orientation"] and s["orientation"].pk in orientations)
            or (s["synthesis"] and s["synthesis"].pk in syntheses)
        )
    ]


def starts_left(workshop: Workshop, sheets: list[Sheet]) -> dict:
    """What `create_sheets` would start new sheets from, given the workshop's `sheets`: how
    many, and whether they are confirmed orientations or validated syntheses."""
    starts = _starts(workshop)
    left = _untaken(starts, ((s.orientation_id, s.synthesis_id) for s in sheets))
    return {
        "count": len(left),
        "from_orientations": bool(starts) and starts[0]["orientation"] is not None,
    }


def create_sheets(
    workshop: Workshop, *, actor, count: int | None = None, client_key=""
) -> list[Sheet]:
    """New sheets, numbered after the existing tables: `count` blank ones, or one per confirmed
    orientation (else per validated synthesis) that has no sheet yet, its title and the actions
    it builds on filled in. The same `client_key` again returns the sheets it made."""
    require(actor, "workshops.run_workshop", workshop)
    count = None if count in (None, "") else _count(count)
    author_name = _actor_name(actor)
    base = clean_key(client_key)[: KEY_MAX - 4]

    def write():
        Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
        existing = Sheet.objects.filter(workshop=workshop)
        if base and (again := list(existing.filter(client_key__startswith=f"{base}:"))):
            return again
        number = existing.aggregate(m=Max("number"))["m"] or 0
        if count is not None:
            starts = [{} for _i in range(count)]
        else:
            starts = _starts(workshop)
            if not starts:
                raise ValidationError(
                    _(
                        "Il n'y a ni orientation décidée ni synthèse validée d'où partir : "
                        "indiquez le nombre de fiches à créer."
                    )
                )
            starts = _untaken(starts, existing.values_list("orientation_id", "synthesis_id"))
            if not starts:
                raise ValidationError(_("Chaque orientation a déjà sa fiche."))
        _check_room(existing.count(), len(starts))
        created = []
        for i, start in enumerate(starts, start=1):
            number += 1
            sheet = Sheet.objects.create(
                workshop=workshop,
                number=number,
                orientation=start.get("orientation"),
                synthesis=start.get("synthesis"),
                client_key=f"{base}:{i}" if base else "",
            )
            prefill(
                sheet,
                {
                    "title": start.get("title", ""),
                    "builds_on": start.get("builds_on", []),
                },
                actor=actor,
                author_name=author_name,
            )
            created.append(sheet)
        publish_on_commit(workshop.pk, "tables.changed")
        return created

    return write_with_retry(write)


def spread(participants: list[Participant], tables: int) -> list[list[Participant]]:
    """Participants dealt round the tables organisation by organisation (the largest first), so
    that colleagues sit apart and the tables stay even."""
    groups: dict[str, list[Participant]] = defaultdict(list)
    for person in participants:
        groups[" ".join(person.organisation.casefold().split())].append(person)
    ordered = sorted(groups.values(), key=lambda g: (-len(g), g[0].joined_at, g[0].pk))
    seats: list[list[Participant]] = [[] for _i in range(tables)]
    index = 0
    for group in ordered:
        for person in group:
            seats[index % tables].append(person)
            index += 1
    return seats


def assign_tables(workshop: Workshop, *, actor, count: int) -> list[Sheet]:
    """Seat every participant at one of `count` tables (blank sheets added as needed),
    replacing the earlier seating."""
    require(actor, "workshops.run_workshop", workshop)
    count = _count(count)

    def write():
        Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
        sheets = sheets_of(workshop)
        number = max((s.number for s in sheets), default=0)
        while len(sheets) < count:
            number += 1
            sheets.append(Sheet.objects.create(workshop=workshop, number=number))
        tables = sheets[:count]
        people = list(
            Participant.objects.admitted().filter(workshop=workshop).order_by("joined_at", "id")
        )
        Seat.objects.filter(workshop=workshop).delete()
        Seat.objects.bulk_create(
            Seat(workshop=workshop, sheet=sheet, participant=person)
            for sheet, group in zip(tables, spread(people, count), strict=True)
            for person in group
        )
        publish_on_commit(workshop.pk, "tables.changed")
        return tables

    return write_with_retry(write)


def _seat(workshop: Workshop, participant: Participant, sheet: Sheet) -> Seat:
    def write():
        seat, _created = Seat.objects.update_or_create(
            workshop=workshop, participant=participant, defaults={"sheet": sheet}
        )
        publish_on_commit(workshop.pk, "tables.changed")
        return seat

    return write_with_retry(write)


def take_seat(participant: Participant, sheet: Sheet) -> Seat:
    """A participant moves to another table of their workshop."""
    if participant is None or participant.workshop_id != sheet.workshop_id:
        raise PermissionDenied(_("Cette table n'est pas dans votre atelier."))
    return _seat(sheet.workshop, participant, sheet)


def seat_for(workshop: Workshop, participant, sheet: Sheet, *, actor) -> Seat:
    """The facilitator moves someone (instance or posted id) to a table."""
    require(actor, "workshops.run_workshop", workshop)
    if sheet.workshop_id != workshop.pk:
        raise PermissionDenied(_("Cette table n'est pas dans cet atelier."))
    person = person_of(workshop, participant)
    if person is None:
        raise ValidationError(_("Choisissez la personne à placer."))
    return _seat(workshop, person, sheet)


def table_of(participant: Participant) -> Sheet | None:
    seat = Seat.objects.filter(participant=participant).select_related("sheet").first()
    return seat.sheet if seat else None


def sheets_overview(workshop: Workshop) -> list[dict]:
    """For the board and the console, per sheet: number, title, who sits there, completeness,
    what is missing, the last change and its author; four queries whatever the size."""
    last = Revision.objects.filter(sheet=OuterRef("pk")).order_by("-created_at", "-id")
    sheets = list(
        Sheet.objects.filter(workshop=workshop)
        .annotate(
            seated_count=Count("seats", distinct=True),
            last_at=Subquery(last.values("created_at")[:1]),
            last_author=Subquery(last.values("author_name")[:1]),
        )
        .prefetch_related(
            Prefetch(
                "seats",
                queryset=Seat.objects.select_related("participant").order_by(
                    "participant__name", "participant_id"
                ),
            )
        )
        .order_by("number", "id")
    )
    states = states_of(sheets)
    rows = []
    for sheet in sheets:
        values = states[sheet.pk]
        done = completeness(sheet, values)
        rows.append(
            {
                "sheet": sheet,
                "id": sheet.pk,
                "number": sheet.number,
                "title": values["title"].value,
                "label": values["title"].value or str(sheet),
                "seated": [seat.participant.name for seat in sheet.seats.all()],
                "seated_count": sheet.seated_count,
                "share": done["share"],
                "percent": round(100 * done["share"]),
                "missing": done["missing"],
                "done": done["done"],
                "last_at": sheet.last_at,
                "last_author": sheet.last_author or "",
            }
        )
    return rows
