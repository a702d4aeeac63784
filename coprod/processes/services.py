"""Process writes: the process itself, its priority items and its target publics.

Every function authorises (`processes.rules`), cleans the text (`core.cleaning`), writes in one
transaction and, when the change shows in a live workshop (an item's text, order or removal),
tells the process's workshops that are not over.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coprod.core import cleaning
from coprod.organisations.services import organisation_for_new_process
from coprod.realtime.events import publish_on_commit

from .models import (
    DESCRIPTION_MAX,
    ITEM_MAX,
    PUBLIC_MAX,
    TERRITORY_MAX,
    TITLE_MAX,
    PriorityItem,
    Process,
    TargetPublic,
)

PROCESS_FIELDS = ("title", "description", "territory", "starts_on", "ends_on")


def require_owner(actor, process: Process) -> None:
    if not actor.has_perm("processes.change_process", process):
        raise PermissionDenied(
            _("Seuls les chargés de mission de cette démarche peuvent la modifier.")
        )


def _cleaned_fields(fields: dict) -> dict:
    cleaned = dict(fields)
    if "title" in cleaned:
        cleaned["title"] = cleaning.line(cleaned["title"], label=_("titre"), max_length=TITLE_MAX)
        if not cleaned["title"]:
            raise ValidationError({"title": _("Donnez un titre à la démarche.")})
    if "description" in cleaned:
        cleaned["description"] = cleaning.block(
            cleaned["description"] or "", label=_("description"), max_length=DESCRIPTION_MAX
        )
    if "territory" in cleaned:
        cleaned["territory"] = cleaning.line(
            cleaned["territory"] or "", label=_("territoire"), max_length=TERRITORY_MAX
        )
    return cleaned


def _item_text(raw) -> str:
    value = cleaning.line(raw, label=_("item plébiscité"), max_length=ITEM_MAX)
    if not value:
        raise ValidationError(_("Écrivez l'intitulé de l'item plébiscité."))
    return value


def _public_name(raw) -> str:
    value = cleaning.line(raw, label=_("public cible"), max_length=PUBLIC_MAX)
    if not value:
        raise ValidationError(_("Écrivez le nom du public cible."))
    return value


def create_process(
    *,
    actor,
    title,
    description="",
    priority_items=(),
    target_publics=(),
    organisation=None,
    **fields,
) -> Process:
    """A new process owned by `actor`, who must be allowed to own processes (processes.rules),
    in `organisation` or the only one where they create processes."""
    if not actor.has_perm("processes.add_process"):
        raise PermissionDenied(
            _("Seuls les chargés de mission créent une démarche : demandez-le à l'un d'eux.")
        )
    organisation = organisation_for_new_process(actor, organisation)
    fields = _cleaned_fields({"title": title, "description": description, **fields})
    texts = [_item_text(text) for text in priority_items]
    names = [_public_name(name) for name in target_publics]
    with transaction.atomic():
        process = Process(organisation=organisation, **fields)
        process.full_clean()
        process.save()
        process.owners.add(actor)
        PriorityItem.objects.bulk_create(
            PriorityItem(process=process, text=text, position=i)
            for i, text in enumerate(texts, start=1)
        )
        for name in dict.fromkeys(names):
            process.target_publics.create(name=name)
    return process


def update_process(process: Process, *, actor, **fields) -> Process:
    """Edit the process's title, description, territory, dates, expected head count or
    retention of personal data (months after the restitution, None: the organisation's)."""
    require_owner(actor, process)
    unknown = set(fields) - {*PROCESS_FIELDS, "expected_participants", "retention_months"}
    if unknown:
        raise TypeError(f"not process fields: {sorted(unknown)}")
    fields = _cleaned_fields(fields)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(process, name, value)
        process.full_clean()
        process.save()
    return process


def _announce(process: Process) -> None:
    """The items show on the phones and the board of the process's workshops not yet over."""
    for workshop_id in process.workshops.exclude(status="ended").values_list("pk", flat=True):
        publish_on_commit(workshop_id, "workshop.changed")


def _renumber(process: Process, ordered_ids: list[int]) -> None:
    items = {item.pk: item for item in process.priority_items.all()}
    changed = []
    for position, pk in enumerate(ordered_ids, start=1):
        item = items[pk]
        if item.position != position:
            item.position = position
            changed.append(item)
    PriorityItem.objects.bulk_update(changed, ["position"])


def _locked(process: Process) -> Process:
    """The process row locked: two owners editing its items at once keep one order."""
    return Process.objects.select_for_update().get(pk=process.pk)


def add_priority_items(process: Process, *, actor, texts) -> list[PriorityItem]:
    """Priority items added after the existing ones, in the given order."""
    require_owner(actor, process)
    cleaned = [_item_text(text) for text in texts]
    with transaction.atomic():
        _locked(process)
        last = process.priority_items.aggregate(last=Max("position"))["last"] or 0
        created = PriorityItem.objects.bulk_create(
            PriorityItem(process=process, text=text, position=last + i)
            for i, text in enumerate(cleaned, start=1)
        )
    return created


def import_items(process: Process, *, actor, texts, publics=()) -> list[PriorityItem]:
    """A spreadsheet's items after the existing ones, and the target publics it names that the
    process lacks, together or not at all."""
    require_owner(actor, process)
    names = [_public_name(name) for name in publics]
    with transaction.atomic():
        created = add_priority_items(process, actor=actor, texts=texts)
        existing = {
            name.casefold() for name in process.target_publics.values_list("name", flat=True)
        }
        for name in dict.fromkeys(names):
            if name.casefold() not in existing:
                process.target_publics.create(name=name)
                existing.add(name.casefold())
    return created


def add_priority_item(process: Process, *, actor, text) -> PriorityItem:
    return add_priority_items(process, actor=actor, texts=[text])[0]


def rename_priority_item(item: PriorityItem, *, actor, text) -> PriorityItem:
    require_owner(actor, item.process)
    item.text = _item_text(text)
    with transaction.atomic():
        item.save(update_fields=["text"])
        _announce(item.process)
    return item


def reorder_priority_items(process: Process, *, actor, ordered_ids) -> None:
    """The process's items in this order: the list must name each of them exactly once."""
    require_owner(actor, process)
    with transaction.atomic():
        _locked(process)
        current = list(process.priority_items.values_list("pk", flat=True))
        if len(ordered_ids) != len(current) or set(ordered_ids) != set(current):
            raise ValidationError(
                _("Donnez chacun des items plébiscités de la démarche, une fois chacun.")
            )
        _renumber(process, list(ordered_ids))
        _announce(process)


def move_priority_item(item: PriorityItem, *, actor, offset: int) -> None:
    """One place up (offset -1) or down (+1); at either end, nothing moves."""
    require_owner(actor, item.process)
    with transaction.atomic():
        _locked(item.process)
        ids = list(item.process.priority_items.values_list("pk", flat=True))
        index = ids.index(item.pk)
        target = index + offset
        if offset not in (-1, 1) or not 0 <= target < len(ids):
            return
        ids[index], ids[target] = ids[target], ids[index]
        _renumber(item.process, ids)
        _announce(item.process)


class ItemInUse(ValidationError):
    """The item carries proposals: removing it would leave them linked to nothing."""


def remove_priority_item(item: PriorityItem, *, actor, move_to=None) -> int:
    """Remove an item; its proposals, if any, move to `move_to` (another item of the same
    process) in the same transaction, or the removal is refused. Returns how many moved."""
    process = item.process
    require_owner(actor, process)
    with transaction.atomic():
        _locked(process)
        if item.orientations.exists():
            raise ItemInUse(
                _(
                    "Un atelier a déjà voté sur cet item : il reste dans la démarche pour que "
                    "sa restitution le garde."
                )
            )
        used = item.proposals.count()
        if move_to is not None:
            target = process.priority_items.exclude(pk=item.pk).filter(pk=move_to).first()
            if target is None:
                raise ValidationError(
                    _(
                        "Choisissez un autre item de cette démarche pour y déplacer les propositions."
                    )
                )
        elif used:
            raise ItemInUse(
                ngettext(
                    "%(n)d proposition est liée à cet item : choisissez l'item où la "
                    "déplacer avant de le supprimer.",
                    "%(n)d propositions sont liées à cet item : choisissez l'item où les "
                    "déplacer avant de le supprimer.",
                    used,
                )
                % {"n": used}
            )
        moved = 0
        if move_to is not None:
            moved = _move_proposals(item, target)
        item.delete()
        _renumber(process, list(process.priority_items.values_list("pk", flat=True)))
        _announce(process)
    return moved


def _move_proposals(item: PriorityItem, target: PriorityItem) -> int:
    """Proposals of `item` now serve `target`, which joins each workshop that offered `item`.

    Written here rather than in `proposals.services`: the layers (pyproject's import-linter
    contract) let proposals import processes, not the reverse, so the reverse relation does it.
    """
    workshop_ids = set(item.proposals.values_list("workshop_id", flat=True))
    for workshop in item.workshops.all():
        workshop.priority_items.add(target)
    moved = item.proposals.update(priority_item=target, off_topic=False)
    for workshop_id in sorted(workshop_ids):
        publish_on_commit(workshop_id, "proposals.changed")
    return moved


def add_target_public(process: Process, *, actor, name) -> TargetPublic:
    require_owner(actor, process)
    name = _public_name(name)
    with transaction.atomic():
        if process.target_publics.filter(name=name).exists():
            raise ValidationError(_("Ce public cible existe déjà dans la démarche."))
        return process.target_publics.create(name=name)


def rename_target_public(public: TargetPublic, *, actor, name) -> TargetPublic:
    require_owner(actor, public.process)
    name = _public_name(name)
    with transaction.atomic():
        others = public.process.target_publics.exclude(pk=public.pk)
        if others.filter(name=name).exists():
            raise ValidationError(_("Ce public cible existe déjà dans la démarche."))
        public.name = name
        public.save(update_fields=["name"])
    return public


def remove_target_public(public: TargetPublic, *, actor) -> None:
    """Remove a target public; the catalogue's actions simply stop naming it."""
    require_owner(actor, public.process)
    with transaction.atomic():
        public.delete()
