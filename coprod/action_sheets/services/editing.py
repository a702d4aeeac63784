"""Writing a sheet field by field: each field carries a version; an edit names the version it
started from, and an edit made on an older version is returned as a conflict with both texts,
never applied over the other person's words.

Values are stored as typed (HTML included: templates escape it); list fields (publics, actions,
levers) are stored as a JSON list of ids and read back as `list[int]`.
"""

import json
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from coprod.catalogue.models import Action, Lever
from coprod.core import cleaning
from coprod.participants.models import Participant
from coprod.processes.models import TargetPublic
from coprod.realtime.events import publish_on_commit

from .. import completeness as pure
from ..fields import BY_NAME, FIELDS, SheetField
from ..models import FieldValue, Revision, Sheet
from .common import check_writer, write_with_retry

Value = str | list[int]

# Where the ids of each list field come from (see `choosable`).
LIST_SOURCES = {"publics": TargetPublic, "actions": Action, "levers": Lever}


def choosable(kind: str, process) -> models.QuerySet:
    """The rows a list field of `kind` may name in a sheet of `process` (an id or a
    subquery): the process's publics and levers, its organisation's catalogue of actions."""
    model = LIST_SOURCES[kind]
    if model is Action:
        return Action.objects.of_process(process)
    return model.objects.filter(process_id=process)


@dataclass(frozen=True)
class FieldState:
    """A field as stored now: version 0 and an empty value when nobody wrote it yet."""

    name: str
    value: Value
    version: int
    updated_at: datetime | None
    author_name: str

    @property
    def field(self) -> SheetField:
        return BY_NAME[self.name]


@dataclass(frozen=True)
class Conflict:
    """Someone saved the field after the version `mine` started from: both texts, to choose."""

    name: str
    theirs: Value
    their_version: int
    their_author: str
    their_at: datetime | None
    mine: Value


@dataclass(frozen=True)
class SaveResult:
    saved: bool
    state: FieldState
    conflict: Conflict | None = None


# --- Values ------------------------------------------------------------------------------------


def empty(field: SheetField) -> Value:
    return [] if field.is_list else ""


def decode(field: SheetField, stored: str) -> Value:
    if not field.is_list:
        return stored
    try:
        ids = json.loads(stored) if stored else []
    except ValueError:
        return []
    return [int(i) for i in ids if isinstance(i, int)] if isinstance(ids, list) else []


def encode(field: SheetField, value: Value) -> str:
    return json.dumps(value, separators=(",", ":")) if field.is_list else value


def _text(raw, field: SheetField) -> str:
    """Line breaks as `\\n`, no trailing spaces; control characters refused."""
    clean = cleaning.line if field.kind == "line" else cleaning.block
    return clean(raw, label=field.label)


def _ids(raw) -> list[int]:
    """Ids from a list (of ints or digit strings), a JSON list or a comma-separated string."""
    if raw is None or raw == "":
        return []
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raw = raw.split(",")
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = [raw]
    if not isinstance(raw, list | tuple):
        raise ValidationError(_("Cette liste n'est pas valable."))
    ids = []
    for item in raw:
        text = str(item).strip()
        if isinstance(item, bool) or not text.isdigit() or len(text) > 18:
            raise ValidationError(_("Cette liste n'est pas valable."))
        if int(text) not in ids:
            ids.append(int(text))
    return ids


def clean_value(sheet: Sheet, field: SheetField, raw) -> Value:
    """The value as stored, or a French ValidationError naming the field."""
    if field.is_list:
        try:
            ids = _ids(raw)
        except ValidationError:
            raise ValidationError(
                _("%(label)s : choisissez dans la liste proposée.") % {"label": field.label}
            ) from None
        process = Sheet.objects.filter(pk=sheet.pk).values("workshop__process_id")[:1]
        known = set(
            choosable(field.kind, models.Subquery(process))
            .filter(pk__in=ids)
            .values_list("pk", flat=True)
        )
        if len(known) != len(ids):
            raise ValidationError(
                _("%(label)s : un de ces choix ne fait pas partie de la démarche de l'atelier.")
                % {"label": field.label}
            )
        value = ids
    else:
        value = _text(raw, field)
    if len(encode(field, value)) > field.max_length:
        raise cleaning.too_long(field.label, field.max_length)
    return value


def field_named(name) -> SheetField:
    field = BY_NAME.get(str(name or ""))
    if field is None:
        raise ValidationError(_("Cette fiche n'a pas de champ « %(name)s ».") % {"name": name})
    return field


# --- Reading -----------------------------------------------------------------------------------


def _authors(rows: list[FieldValue]) -> dict[tuple[int, str], Revision]:
    """The revision behind each row's current version, in one query."""
    wanted = models.Q(pk__in=[])
    for row in rows:
        if row.version:
            wanted |= models.Q(sheet_id=row.sheet_id, name=row.name, version=row.version)
    return {(r.sheet_id, r.name): r for r in Revision.objects.filter(wanted)}


def _state(field: SheetField, row: FieldValue | None, revision: Revision | None) -> FieldState:
    if row is None:
        return FieldState(field.name, empty(field), 0, None, "")
    return FieldState(
        field.name,
        decode(field, row.value),
        row.version,
        row.updated_at,
        revision.author_name if revision else "",
    )


def states_of(sheets: list[Sheet]) -> dict[int, dict[str, FieldState]]:
    """Every field of several sheets, in two queries."""
    rows = list(FieldValue.objects.filter(sheet__in=[s.pk for s in sheets]))
    revisions = _authors(rows)
    by_sheet: dict[int, dict[str, FieldValue]] = {s.pk: {} for s in sheets}
    for row in rows:
        by_sheet.setdefault(row.sheet_id, {})[row.name] = row
    return {
        pk: {f.name: _state(f, found.get(f.name), revisions.get((pk, f.name))) for f in FIELDS}
        for pk, found in by_sheet.items()
    }


def values_of(sheet: Sheet) -> dict[str, FieldState]:
    """Every field of the sheet, in the order of `fields.FIELDS`."""
    return states_of([sheet])[sheet.pk]


def field_state(sheet: Sheet, name: str) -> FieldState:
    field = field_named(name)
    row = FieldValue.objects.filter(sheet=sheet, name=field.name).first()
    revision = _authors([row]).get((sheet.pk, field.name)) if row else None
    return _state(field, row, revision)


def completeness(sheet: Sheet, values: dict[str, FieldState] | None = None) -> dict:
    """What the sheet still lacks: `missing` (labels, in order), `share` (0..1), `done`."""
    if values is None:
        values = values_of(sheet)
    plain = {name: state.value for name, state in values.items()}
    required = [f.name for f in FIELDS if f.required]
    lacking = pure.missing(plain, required)
    return {
        "missing": [str(BY_NAME[name].label) for name in lacking],
        "share": pure.share_done(plain, required),
        "done": not lacking,
    }


def history(sheet: Sheet, name: str | None = None) -> list[Revision]:
    """The changes of the sheet (or of one field), newest first."""
    found = Revision.objects.filter(sheet=sheet)
    if name:
        found = found.filter(name=field_named(name).name)
    return list(found.select_related("restored_from").order_by("-created_at", "-id"))


# --- Writing -----------------------------------------------------------------------------------


def _write(
    sheet: Sheet,
    field: SheetField,
    value: Value,
    *,
    base_version: int | None,
    author: Participant | None,
    author_name: str,
    actor,
    restored_from: Revision | None = None,
) -> SaveResult:
    """Compare and write under the field row's lock; `base_version=None` writes on top of
    whatever is current (a restore, an explicit choice)."""
    encoded = encode(field, value)
    if len(encoded) > field.max_length:  # a restored value is checked like a typed one
        raise cleaning.too_long(field.label, field.max_length)

    def write():
        row, created = FieldValue.objects.get_or_create(sheet_id=sheet.pk, name=field.name)
        if not created:
            # The row's lock orders the writers of this field (PostgreSQL); SQLite has one
            # writer at a time anyway. Read the version again under the lock.
            row = FieldValue.objects.select_for_update().get(pk=row.pk)
        if decode(field, row.value) == value:
            # The same words again (a retry, or two people typing the same): nothing to do.
            return SaveResult(True, _state(field, row, _authors([row]).get((sheet.pk, row.name))))
        if base_version is not None and base_version != row.version:
            theirs = _authors([row]).get((sheet.pk, row.name))
            state = _state(field, row, theirs)
            return SaveResult(
                False,
                state,
                Conflict(
                    name=field.name,
                    theirs=state.value,
                    their_version=row.version,
                    their_author=state.author_name,
                    their_at=row.updated_at,
                    mine=value,
                ),
            )
        row.value = encoded
        row.version += 1
        row.save(update_fields=["value", "version", "updated_at"])
        revision = Revision.objects.create(
            sheet_id=sheet.pk,
            name=field.name,
            value=encoded,
            version=row.version,
            author=author,
            entered_by=actor,
            author_name=author_name,
            restored_from=restored_from,
        )
        publish_on_commit(
            sheet.workshop_id,
            "sheet.changed",
            {"sheet": sheet.pk, "field": field.name, "version": row.version},
        )
        return SaveResult(True, _state(field, row, revision))

    return write_with_retry(write)


def _version(raw) -> int:
    try:
        version = int(raw)
    except (TypeError, ValueError):
        raise ValidationError(
            _("La version de départ du champ manque ou n'est pas valable.")
        ) from None
    if version < 0:
        raise ValidationError(_("La version de départ du champ manque ou n'est pas valable."))
    return version


def save_field(
    sheet: Sheet,
    name: str,
    *,
    value,
    base_version: int,
    participant: Participant | None = None,
    actor=None,
) -> SaveResult:
    """Save one field written from `base_version` (the version its author started from).

    Saved when nobody changed the field since (a new version and a revision, `sheet.changed`
    published), or when the stored value is already this one; otherwise `saved=False` with a
    `Conflict` holding both versions, and nothing written.
    """
    author, author_name = check_writer(sheet.workshop, participant=participant, actor=actor)
    field = field_named(name)
    base_version = _version(base_version)
    return _write(
        sheet,
        field,
        clean_value(sheet, field, value),
        base_version=base_version,
        author=author,
        author_name=author_name,
        actor=actor,
    )


@dataclass(frozen=True)
class SheetSave:
    """What a whole sheet sent at once became, per field: saved (or a conflict), or refused."""

    results: dict[str, SaveResult]
    errors: dict[str, list[str]]


def _values_at(sheet: Sheet, bases: dict[str, int]) -> dict[str, Value]:
    """Each field's value at the version its writer started from, in one query."""
    wanted = models.Q(pk__in=[])
    for name, version in bases.items():
        if version:
            wanted |= models.Q(name=name, version=version)
    stored = {r.name: r.value for r in Revision.objects.filter(models.Q(sheet=sheet) & wanted)}
    return {name: decode(BY_NAME[name], stored.get(name, "")) for name in bases}


def save_sheet(
    sheet: Sheet,
    edits: dict[str, tuple[object, object]],
    *,
    participant: Participant | None = None,
    actor=None,
) -> SheetSave:
    """Save a whole sheet sent at once (a phone without JavaScript): `edits` maps each field's
    name to (value, the version its writer started from). A field still holding what it held at
    that version was not touched by this writer and is left alone, even if somebody else
    changed it since; each other field is saved as by `save_field` (saved, or a conflict). A
    field refused (too long, unknown choice) is reported and the others are saved anyway."""
    author, author_name = check_writer(sheet.workshop, participant=participant, actor=actor)
    fields = [field_named(name) for name in edits]
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, tuple[Value, int]] = {}
    for field in fields:
        raw, base = edits[field.name]
        try:
            cleaned[field.name] = (clean_value(sheet, field, raw), _version(base))
        except ValidationError as error:
            errors[field.name] = error.messages
    started = _values_at(sheet, {name: base for name, (_v, base) in cleaned.items()})
    results = {}
    for field in fields:
        if field.name not in cleaned:
            continue
        value, base = cleaned[field.name]
        if value == started[field.name]:
            continue
        results[field.name] = _write(
            sheet,
            field,
            value,
            base_version=base,
            author=author,
            author_name=author_name,
            actor=actor,
        )
    return SheetSave(results=results, errors=errors)


def restore(
    revision: Revision, *, participant: Participant | None = None, actor=None
) -> SaveResult:
    """Write an old version of a field again, as a new version on top of the current one."""
    sheet = revision.sheet
    author, author_name = check_writer(sheet.workshop, participant=participant, actor=actor)
    field = field_named(revision.name)
    value = decode(field, revision.value)
    if field.is_list:
        # A choice removed from the process since then cannot come back.
        still = set(
            choosable(field.kind, sheet.workshop.process_id)
            .filter(pk__in=value)
            .values_list("pk", flat=True)
        )
        value = [pk for pk in value if pk in still]
    return _write(
        sheet,
        field,
        value,
        base_version=None,
        author=author,
        author_name=author_name,
        actor=actor,
        restored_from=revision,
    )


def prefill(sheet: Sheet, values: dict[str, Value], *, actor, author_name: str) -> None:
    """First versions of a new sheet's fields (inside the caller's transaction)."""
    for name, value in values.items():
        field = BY_NAME[name]
        if value in ("", []):
            continue
        encoded = encode(field, value)
        FieldValue.objects.create(sheet=sheet, name=name, value=encoded, version=1)
        Revision.objects.create(
            sheet=sheet,
            name=name,
            value=encoded,
            version=1,
            entered_by=actor,
            author_name=author_name,
        )
