"""Favourable levers ("conjonctures favorables"): participants add them during the levers step,
facilitators at any time; the board lists them by type, deadlines first."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coprod.core import cleaning
from coprod.core.idempotency import clean_key, create_once
from coprod.core.params import posted_id
from coprod.participants.models import Participant
from coprod.participants.services import check_writing_during
from coprod.realtime.events import publish_on_commit
from coprod.workshops.models import Workshop
from coprod.workshops.services import require

from ..models import FIELD_MAX, TITLE_MAX, Action, Lever
from .common import person_of

SOURCE_MAX = Lever._meta.get_field("source").max_length
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


def parse_due(value) -> date | None:
    """A date as a date field sends it (AAAA-MM-JJ) or as people type it (JJ/MM/AAAA)."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = str(value).strip()
    if not raw:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValidationError(_("Donnez la date sous la forme JJ/MM/AAAA."))


def _lever_values(workshop: Workshop, data: dict) -> tuple[dict, list, list]:
    """Clean values, items and actions of a lever, or ValidationError with errors by field."""
    values, errors = {}, {}

    def check(field, fn):
        try:
            values[field] = fn()
        except ValidationError as error:
            errors[field] = error.messages

    kind = str(data.get("kind") or "")
    if kind not in Lever.Kind.values:
        errors["kind"] = [_("Choisissez le type de levier.")]
    values["kind"] = kind
    check(
        "title",
        lambda: cleaning.line(data.get("title"), label=_("Levier"), max_length=TITLE_MAX),
    )
    if "title" in values and not values["title"]:
        errors["title"] = [_("Nommez le levier avant de l'envoyer.")]
    check(
        "description",
        lambda: cleaning.block(
            data.get("description"), label=_("Précisions"), max_length=FIELD_MAX
        ),
    )
    check(
        "source",
        lambda: cleaning.line(data.get("source"), label=_("Source"), max_length=SOURCE_MAX),
    )
    check("due_on", lambda: parse_due(data.get("due_on")))
    item_ids = {posted_id(getattr(i, "pk", i)) for i in data.get("priority_items") or ()}
    items = list(workshop.priority_items.filter(pk__in=item_ids))
    if len(items) != len(item_ids):
        errors["priority_items"] = [
            _("Cet item ne fait pas partie des items plébiscités de l'atelier.")
        ]
    action_ids = {posted_id(getattr(a, "pk", a)) for a in data.get("actions") or ()}
    actions = list(
        Action.objects.filter(pk__in=action_ids, presentations__workshop=workshop).distinct()
    )
    if len(actions) != len(action_ids):
        errors["actions"] = [_("Cette action n'a pas été présentée dans cet atelier.")]
    if errors:
        raise ValidationError(errors)
    return values, items, actions


def add_lever(
    workshop: Workshop, *, author: Participant | None = None, actor=None, client_key="", **data
) -> Lever:
    """Add a favourable lever. A participant (`author`, no `actor`) adds one during the levers
    step; a facilitator adds one at any time, possibly for a participant without a phone. The
    same `client_key` again (a double tap, a retry) returns the same lever."""
    if actor is not None:
        require(actor, "workshops.run_workshop", workshop)
        author = person_of(workshop, author)
    elif author is not None:
        check_writing_during(
            workshop,
            author,
            "lever",
            _("Les leviers s'ajoutent pendant la séquence « Conjonctures favorables »."),
        )
    else:
        raise PermissionDenied(_("Rejoignez d'abord l'atelier avec son code."))
    client_key = clean_key(client_key)
    mine = Lever.objects.filter(workshop=workshop)
    mine = mine.filter(entered_by=actor) if actor is not None else mine.filter(author=author)
    if client_key and (again := mine.filter(client_key=client_key).first()) is not None:
        return again
    values, items, actions = _lever_values(workshop, data)

    def create():
        lever = Lever.objects.create(
            process_id=workshop.process_id,
            workshop=workshop,
            author=author,
            entered_by=actor,
            client_key=client_key,
            **values,
        )
        lever.priority_items.set(items)
        lever.actions.set(actions)
        publish_on_commit(workshop.pk, "levers.changed")
        return lever

    return create_once(mine, client_key, create)


def update_lever(lever: Lever, *, actor, **data) -> Lever:
    """The facilitator corrects a lever (every field is given again)."""
    workshop = lever.workshop
    if workshop is None:
        raise PermissionDenied(_("Ce levier n'appartient à aucun atelier."))
    require(actor, "workshops.run_workshop", workshop)
    values, items, actions = _lever_values(workshop, data)
    with transaction.atomic():
        Lever.objects.filter(pk=lever.pk).update(**values)
        lever.priority_items.set(items)
        lever.actions.set(actions)
        publish_on_commit(workshop.pk, "levers.changed")
    lever.refresh_from_db()
    return lever


def delete_lever(lever: Lever, *, actor) -> None:
    workshop = lever.workshop
    if workshop is None:
        raise PermissionDenied(_("Ce levier n'appartient à aucun atelier."))
    require(actor, "workshops.run_workshop", workshop)
    with transaction.atomic():
        Lever.objects.filter(pk=lever.pk).delete()
        publish_on_commit(workshop.pk, "levers.changed")


def levers_of(workshop: Workshop, *, author: Participant | None = None) -> list[Lever]:
    """The workshop's levers, soonest deadline first, undated last."""
    found = Lever.objects.filter(workshop=workshop)
    if author is not None:
        found = found.filter(author=author)
    return list(found.prefetch_related("priority_items", "actions"))


def levers_by_kind(levers: list[Lever]) -> list[dict]:
    """Levers grouped by type: the groups with the soonest deadline first, undated ones last
    (then in the order of the types); within a group, soonest deadline first."""
    kinds = list(Lever.Kind)
    groups = []
    for kind in kinds:
        found = [lever for lever in levers if lever.kind == kind]
        if found:
            found.sort(key=lambda lv: (lv.due_on is None, lv.due_on or date.max, lv.created_at))
            groups.append({"kind": kind, "label": kind.label, "levers": found})
    groups.sort(
        key=lambda g: (
            g["levers"][0].due_on is None,
            g["levers"][0].due_on or date.max,
            kinds.index(g["kind"]),
        )
    )
    return groups
