"""« Supports ou nouveau ? »: for each validated synthesis (or, without any, each priority item)
the group says whether to build on existing actions or to develop something new; the
facilitator confirms the decision for the projects step.

Ballots are secret like the other votes: pages and the API show aggregates only.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coprod.catalogue.models import Action, Presentation
from coprod.core.params import posted_id
from coprod.core.transactions import write_with_retry
from coprod.participants.models import Participant
from coprod.realtime.events import publish_on_commit
from coprod.workshops.models import Workshop
from coprod.workshops.services import require

from ..models import Orientation, OrientationBallot
from .common import VoteClosed, check_voter
from .consent import validated_syntheses

Choice = OrientationBallot.Choice
Decision = Orientation.Decision


def candidate_actions(workshop: Workshop) -> list[Action]:
    """The actions one may build on: those presented in the workshop, in their order, else the
    whole catalogue of its process."""
    shown = [
        p.action
        for p in Presentation.objects.filter(workshop=workshop)
        .select_related("action")
        .order_by("position", "id")
    ]
    if shown:
        return shown
    return list(Action.objects.of_workshop(workshop).order_by("key", "id"))


def _actions_among(given, allowed: list[Action]) -> list[Action]:
    by_pk = {a.pk: a for a in allowed}
    ids = []
    for value in given or ():
        pk = value.pk if isinstance(value, Action) else posted_id(value)
        if pk not in ids:
            ids.append(pk)
    if any(pk not in by_pk for pk in ids):
        raise ValidationError(
            {"actions": [_("Cette action ne fait pas partie des actions proposées.")]}
        )
    return [by_pk[pk] for pk in ids]


def orientations_of(workshop: Workshop, *, status: str | None = None) -> list[Orientation]:
    found = Orientation.objects.filter(workshop=workshop).select_related(
        "synthesis", "priority_item"
    )
    if status:
        found = found.filter(status=status)
    return list(found.prefetch_related("actions").order_by("position", "id"))


def open_orientations(workshop: Workshop, *, actor) -> list[Orientation]:
    """Open the vote for every validated synthesis (or every priority item when none is
    validated) that has no orientation yet; closed, undecided ones open again."""
    require(actor, "workshops.run_workshop", workshop)

    def write():
        Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
        syntheses = validated_syntheses(workshop)
        subjects = (
            [{"synthesis": s} for s in syntheses]
            if syntheses
            else [{"priority_item": item} for item in workshop.priority_items.all()]
        )
        if not subjects:
            raise ValidationError(
                _("Il faut une synthèse validée ou un item plébiscité pour voter l'orientation.")
            )
        existing = Orientation.objects.filter(workshop=workshop)
        known = {(o.synthesis_id, o.priority_item_id) for o in existing}
        changed = 0
        for position, subject in enumerate(subjects, start=1):
            key = (
                getattr(subject.get("synthesis"), "pk", None),
                getattr(subject.get("priority_item"), "pk", None),
            )
            if key not in known:
                Orientation.objects.create(workshop=workshop, position=position, **subject)
                changed += 1
        changed += Orientation.objects.filter(
            workshop=workshop, status=Orientation.Status.CLOSED, decision=""
        ).update(status=Orientation.Status.OPEN, closed_at=None)
        if not changed:
            raise ValidationError(_("Le vote d'orientation est déjà ouvert ou décidé."))
        publish_on_commit(workshop.pk, "votes.changed")

    try:
        write_with_retry(write)
    except IntegrityError:  # two clicks at once
        raise ValidationError(_("Le vote d'orientation est déjà ouvert.")) from None
    return orientations_of(workshop)


def cast_orientation(
    orientation: Orientation, *, participant: Participant, choice, actions=(), actor=None
) -> OrientationBallot:
    """Record or change a participant's answer; one ballot each, whatever the taps.

    Building on the existing asks for the actions (among `candidate_actions`); « new » keeps none.
    A facilitator (`actor`) answers for someone without a phone.
    """
    check_voter(orientation.workshop_id, participant, actor)
    if choice not in Choice.values:
        raise ValidationError(
            {"choice": [_("Choisissez « s'appuyer sur l'existant » ou « développer du nouveau ».")]}
        )
    chosen = []
    if choice == Choice.BUILD_ON:
        allowed = candidate_actions(orientation.workshop)
        chosen = _actions_among(actions, allowed)
        if allowed and not chosen:
            raise ValidationError(
                {"actions": [_("Cochez au moins une action sur laquelle vous appuyer.")]}
            )

    def write():
        # The orientation's row is the lock of every ballot and of the closing (PostgreSQL).
        locked = Orientation.objects.select_for_update().get(pk=orientation.pk)
        if not locked.is_open:
            raise VoteClosed(_("Ce vote est clos : votre réponse n'a pas été enregistrée."))
        ballot = OrientationBallot.objects.filter(orientation=locked, participant=participant)
        ballot = ballot.first()
        if ballot is None:
            ballot = OrientationBallot.objects.create(
                orientation=locked, participant=participant, choice=choice, entered_by=actor
            )
        else:
            before = (ballot.choice, {a.pk for a in ballot.actions.all()})
            if before == (choice, {a.pk for a in chosen}):
                return ballot  # the same answer again (a retry): nothing changes
            ballot.choice, ballot.entered_by = choice, actor
            ballot.save()
        ballot.actions.set(chosen)
        publish_on_commit(locked.workshop_id, "tally.updated", {"orientation": locked.pk})
        return ballot

    return write_with_retry(write)


def close_orientation(orientation: Orientation, *, actor) -> Orientation:
    require(actor, "workshops.run_workshop", orientation.workshop)

    def write():
        locked = Orientation.objects.select_for_update().get(pk=orientation.pk)
        if not locked.is_open:
            raise VoteClosed(_("Ce vote est déjà clos."))
        Orientation.objects.filter(pk=locked.pk).update(
            status=Orientation.Status.CLOSED, closed_at=timezone.now()
        )
        publish_on_commit(locked.workshop_id, "votes.changed", {"orientation": locked.pk})

    write_with_retry(write)
    orientation.refresh_from_db()
    return orientation


def confirm_orientation(orientation: Orientation, *, actor, decision, actions=()) -> Orientation:
    """The facilitator records the group's decision (it may differ from the majority) and the
    actions it builds on; an open vote closes. Confirming again replaces the decision."""
    workshop = orientation.workshop
    require(actor, "workshops.run_workshop", workshop)
    if decision not in (Decision.BUILD_ON, Decision.NEW):
        raise ValidationError(
            {"decision": [_("Choisissez : s'appuyer sur l'existant ou développer du nouveau.")]}
        )
    chosen = []
    if decision == Decision.BUILD_ON:
        allowed = list(Action.objects.of_workshop(workshop))
        chosen = _actions_among(actions, allowed)
        if not chosen:
            raise ValidationError(
                {"actions": [_("Cochez la ou les actions existantes sur lesquelles s'appuyer.")]}
            )

    def write():
        locked = Orientation.objects.select_for_update().get(pk=orientation.pk)
        now = timezone.now()
        Orientation.objects.filter(pk=locked.pk).update(
            status=Orientation.Status.CLOSED,
            closed_at=locked.closed_at or now,
            decision=decision,
            decided_by=actor,
            decided_at=now,
        )
        locked.actions.set(chosen)
        publish_on_commit(locked.workshop_id, "votes.changed", {"orientation": locked.pk})

    write_with_retry(write)
    orientation.refresh_from_db()
    return orientation


# --- Reading ------------------------------------------------------------------------------------


def orientation_results(orientations: list[Orientation]) -> list[dict]:
    """Aggregates of several orientations in two queries: voters, counts per choice, and how
    many chose each action (most chosen first). Never who answered what."""
    ids = [o.pk for o in orientations]
    rows = (
        OrientationBallot.objects.filter(orientation_id__in=ids)
        .values("orientation_id")
        .annotate(**{c: Count("id", filter=Q(choice=c)) for c in Choice.values})
    )
    counts = {row.pop("orientation_id"): row for row in rows}
    through = OrientationBallot.actions.through
    per_action: dict[int, list] = {}
    for row in (
        through.objects.filter(orientationballot__orientation_id__in=ids)
        .values("orientationballot__orientation_id", "action_id", "action__title")
        .annotate(n=Count("id"))
        .order_by("-n", "action__title")
    ):
        per_action.setdefault(row["orientationballot__orientation_id"], []).append(
            {"action": row["action_id"], "title": row["action__title"], "count": row["n"]}
        )
    results = []
    for orientation in orientations:
        found = counts.get(orientation.pk, {})
        per_choice = {c: found.get(c, 0) for c in Choice.values}
        voters = sum(per_choice.values())
        if not voters or per_choice[Choice.BUILD_ON] == per_choice[Choice.NEW]:
            leading = ""
        else:
            leading = max(per_choice, key=per_choice.get)
        results.append(
            {
                "orientation": orientation,
                "voters": voters,
                "counts": per_choice,
                "percents": {
                    c: round(100 * n / voters) if voters else 0 for c, n in per_choice.items()
                },
                "actions": per_action.get(orientation.pk, []),
                "leading": leading,
            }
        )
    return results


def my_orientation_ballots(participant: Participant, orientation_ids) -> dict[int, dict]:
    """The participant's own answers: {orientation id: {"choice": …, "actions": {ids}}}."""
    mine = {}
    for ballot in OrientationBallot.objects.filter(
        participant=participant, orientation_id__in=orientation_ids
    ).prefetch_related("actions"):
        mine[ballot.orientation_id] = {
            "choice": ballot.choice,
            "actions": {a.pk for a in ballot.actions.all()},
        }
    return mine
