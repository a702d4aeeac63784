"""The live steps of the catalogue: the actions presented in a workshop (one on the board at a
time), the testimonies of their witnesses, and the favourable levers.

Participants write only while the matching step runs in a workshop they joined; facilitators
pick and show the actions, and enter testimonies and levers for anyone at any time.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coprod.core import cleaning
from coprod.core.params import posted_id
from coprod.core.transactions import write_with_retry
from coprod.participants.models import Participant
from coprod.participants.services import check_writing_during
from coprod.realtime.events import publish_on_commit
from coprod.workshops.models import Workshop
from coprod.workshops.services import require

from .. import text
from ..models import FIELD_MAX, Action, Presentation, Testimony
from .common import person_of

NAME_MAX = Testimony._meta.get_field("witness_name").max_length
ORG_MAX = Testimony._meta.get_field("witness_organisation").max_length
QUERY_MAX = 200
SEARCH_LIMIT = 30

TESTIMONY_FIELDS = {
    "partners": gettext_lazy("Partenaires"),
    "implementation": gettext_lazy("Mise en œuvre"),
    "content": gettext_lazy("Contenu"),
    "link_to_problem": gettext_lazy("Lien avec la problématique"),
}


# --- Presented actions -------------------------------------------------------------------------


def presented(workshop: Workshop) -> list[Presentation]:
    return list(
        Presentation.objects.filter(workshop=workshop)
        .select_related("action")
        .order_by("position", "id")
    )


def current_presentation(workshop_or_id) -> Presentation | None:
    """The action on the board, with what the board shows of it (publics)."""
    pk = getattr(workshop_or_id, "pk", workshop_or_id)
    return (
        Presentation.objects.filter(workshop_id=pk, is_current=True)
        .select_related("action")
        .prefetch_related("action__publics")
        .first()
    )


def search_catalogue(workshop: Workshop, q="") -> list[Action]:
    """The actions of the organisation's catalogue matching every word of `q` (any case, any
    accent)."""
    actions = Action.objects.of_workshop(workshop)
    for word in text.fold(str(q or "")[:QUERY_MAX]).split():
        actions = actions.filter(search_text__contains=word)
    return list(actions.order_by("key", "id")[:SEARCH_LIMIT])


def present_actions(workshop: Workshop, *, actor, actions) -> list[Presentation]:
    """Add catalogue actions (instances or ids) at the end of the workshop's presentation."""
    require(actor, "workshops.run_workshop", workshop)
    ids = []
    for given in actions or ():
        pk = given.pk if isinstance(given, Action) else posted_id(given)
        if pk not in ids:
            ids.append(pk)
    if not ids:
        raise ValidationError(_("Cochez au moins une action du catalogue à présenter."))
    found = {a.pk: a for a in Action.objects.of_workshop(workshop).filter(pk__in=ids)}
    if len(found) != len(ids):
        raise ValidationError(
            _("Cette action n'est pas au catalogue de l'organisation de l'atelier.")
        )
    with transaction.atomic():
        Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
        already = set(
            Presentation.objects.filter(workshop=workshop).values_list("action_id", flat=True)
        )
        last = Presentation.objects.filter(workshop=workshop).aggregate(m=Max("position"))["m"]
        position = (last or 0) + 1
        created = []
        for pk in ids:
            if pk in already:
                continue
            created.append(
                Presentation.objects.create(workshop=workshop, action=found[pk], position=position)
            )
            position += 1
        publish_on_commit(workshop.pk, "presentation.changed")
    return created


def _renumber(workshop: Workshop, ordered: list[Presentation]) -> None:
    for position, presentation in enumerate(ordered, start=1):
        if presentation.position != position:
            Presentation.objects.filter(pk=presentation.pk).update(position=position)
            presentation.position = position


def withdraw(presentation: Presentation, *, actor) -> None:
    """Take an action out of the presentation; its testimonies stay with the action."""
    workshop = presentation.workshop
    require(actor, "workshops.run_workshop", workshop)
    with transaction.atomic():
        Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
        Presentation.objects.filter(pk=presentation.pk).delete()
        _renumber(workshop, list(Presentation.objects.filter(workshop=workshop)))
        publish_on_commit(workshop.pk, "presentation.changed")


def move(presentation: Presentation, *, actor, offset: int) -> None:
    """Move an action up (-1) or down (+1) in the order of presentation."""
    workshop = presentation.workshop
    require(actor, "workshops.run_workshop", workshop)
    with transaction.atomic():
        Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
        ordered = list(Presentation.objects.filter(workshop=workshop).order_by("position", "id"))
        index = next((i for i, p in enumerate(ordered) if p.pk == presentation.pk), None)
        if index is None:
            raise ValidationError(_("Cette action n'est plus présentée."))
        target = index + (1 if offset > 0 else -1)
        if 0 <= target < len(ordered):
            ordered[index], ordered[target] = ordered[target], ordered[index]
            _renumber(workshop, ordered)
            publish_on_commit(workshop.pk, "presentation.changed")


def show(workshop: Workshop, presentation: Presentation | None, *, actor) -> Presentation | None:
    """Put one presented action on the board (None: none). At most one, by a DB constraint."""
    require(actor, "workshops.run_workshop", workshop)
    if presentation is not None and presentation.workshop_id != workshop.pk:
        raise PermissionDenied(_("Cette action n'est pas présentée dans cet atelier."))
    with transaction.atomic():
        Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
        Presentation.objects.filter(workshop=workshop, is_current=True).update(is_current=False)
        if presentation is not None and not Presentation.objects.filter(pk=presentation.pk).update(
            is_current=True
        ):
            raise ValidationError(_("Cette action n'est plus présentée."))
        publish_on_commit(workshop.pk, "presentation.changed")
    return presentation


def show_next(workshop: Workshop, *, actor) -> Presentation:
    """The action after the one on screen (the first one when none is)."""
    require(actor, "workshops.run_workshop", workshop)
    ordered = presented(workshop)
    if not ordered:
        raise ValidationError(_("Choisissez d'abord les actions à présenter."))
    index = next((i for i, p in enumerate(ordered) if p.is_current), None)
    if index is not None and index + 1 >= len(ordered):
        raise ValidationError(_("C'était la dernière action à présenter."))
    following = ordered[0 if index is None else index + 1]
    return show(workshop, following, actor=actor)


# --- Testimonies --------------------------------------------------------------------------------


def testimonies(workshop: Workshop, action_ids=None) -> list[Testimony]:
    """This workshop's testimonies, by action then in the order they came."""
    found = Testimony.objects.filter(workshop=workshop)
    if action_ids is not None:
        found = found.filter(action_id__in=action_ids)
    return list(found.order_by("action_id", "created_at", "id"))


def my_testimony(presentation: Presentation, participant: Participant) -> Testimony | None:
    return Testimony.objects.filter(
        action_id=presentation.action_id, workshop_id=presentation.workshop_id, witness=participant
    ).first()


def _testimony_values(data: dict) -> dict:
    values, errors = {}, {}
    for field, label in TESTIMONY_FIELDS.items():
        try:
            values[field] = cleaning.block(data.get(field, ""), label=label, max_length=FIELD_MAX)
        except ValidationError as error:
            errors[field] = error.messages
    if not errors and not any(values.values()):
        errors["content"] = [
            _(
                "Écrivez au moins une partie du témoignage : partenaires, mise en œuvre, contenu "
                "ou lien avec la problématique."
            )
        ]
    if errors:
        raise ValidationError(errors)
    return values


def testify(
    presentation: Presentation,
    *,
    participant: Participant | None = None,
    actor=None,
    witness_name="",
    witness_organisation="",
    **data,
) -> Testimony:
    """Record a witness's testimony on a presented action; at most two witnesses per action
    and workshop. A participant (no `actor`) testifies for themself during the step and may
    change their testimony; a facilitator (`actor`) enters one for a participant without a
    phone (`participant`) or for someone who is not a participant (name and organisation).
    """
    workshop = presentation.workshop
    if actor is not None:
        require(actor, "workshops.enter_contributions", workshop)
        participant = person_of(workshop, participant)
    elif participant is not None:
        check_writing_during(
            workshop,
            participant,
            "testimony",
            _("Les témoignages se donnent pendant la séquence des actions existantes."),
        )
    else:
        raise PermissionDenied(_("Rejoignez d'abord l'atelier avec son code."))
    values = _testimony_values(data)
    if participant is not None:
        values["witness_name"] = participant.name[:NAME_MAX]
        values["witness_organisation"] = participant.organisation[:ORG_MAX]
    else:
        errors = {}
        try:
            values["witness_name"] = cleaning.line(
                witness_name, label=_("Nom du témoin"), max_length=NAME_MAX
            )
            if not values["witness_name"]:
                errors["witness_name"] = [_("Donnez le nom du témoin.")]
        except ValidationError as error:
            errors["witness_name"] = error.messages
        try:
            values["witness_organisation"] = cleaning.line(
                witness_organisation, label=_("Structure du témoin"), max_length=ORG_MAX
            )
        except ValidationError as error:
            errors["witness_organisation"] = error.messages
        if errors:
            raise ValidationError(errors)

    def write():
        # The presentation's row is the lock every witness takes: two witnesses, not three,
        # however many tap at the same moment (SQLite serialises writers anyway).
        locked = Presentation.objects.select_for_update().filter(pk=presentation.pk).first()
        if locked is None:
            raise ValidationError(_("Cette action n'est plus présentée dans l'atelier."))
        mine = None
        if participant is not None:
            mine = Testimony.objects.filter(
                action_id=locked.action_id, workshop=workshop, witness=participant
            ).first()
        if mine is not None:
            for field, value in values.items():
                setattr(mine, field, value)
            mine.entered_by = actor
            mine.save()
            testimony = mine
        else:
            count = Testimony.objects.filter(action_id=locked.action_id, workshop=workshop)
            if count.count() >= Testimony.MAX_WITNESSES:
                raise ValidationError(
                    _(
                        "Cette action a déjà ses %(max)d témoins : il n'y a plus de place "
                        "pour un autre témoignage. Vous pouvez en parler à voix haute."
                    )
                    % {"max": Testimony.MAX_WITNESSES}
                )
            testimony = Testimony.objects.create(
                action_id=locked.action_id,
                workshop=workshop,
                witness=participant,
                entered_by=actor,
                **values,
            )
        publish_on_commit(workshop.pk, "testimonies.changed", {"action": locked.action_id})
        return testimony

    try:
        return write_with_retry(write, retry_collisions=False)
    except IntegrityError:  # the same witness's double tap, past the lock: one testimony
        again = my_testimony(presentation, participant) if participant else None
        if again is None:
            raise
        return again


def delete_testimony(testimony: Testimony, *, actor) -> None:
    """The facilitator removes a testimony (a slot frees up for another witness)."""
    if testimony.workshop is None:
        raise PermissionDenied(_("Ce témoignage n'appartient à aucun atelier."))
    require(actor, "workshops.run_workshop", testimony.workshop)
    with transaction.atomic():
        Testimony.objects.filter(pk=testimony.pk).delete()
        publish_on_commit(testimony.workshop_id, "testimonies.changed")


# The levers have their own module; re-exported for the live steps' callers.
from .levers import (  # noqa: E402
    DATE_FORMATS,
    SOURCE_MAX,
    add_lever,
    delete_lever,
    levers_by_kind,
    levers_of,
    parse_due,
    update_lever,
)

__all__ = [
    "DATE_FORMATS",
    "SOURCE_MAX",
    "add_lever",
    "delete_lever",
    "levers_by_kind",
    "levers_of",
    "parse_due",
    "update_lever",
]
