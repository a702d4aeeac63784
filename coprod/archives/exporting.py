"""A workshop's rows as archive data: every table of `schema`, rows in id order, each row's
concrete fields with links written as the archive's own numbers (1, 2, … per table), so two
exports of the same content give the same bytes whatever the database ids.
"""

import datetime
import decimal
import json
import uuid

from django.db import models
from django.utils.translation import gettext as _

from . import schema

Rows = dict[type[models.Model], list[models.Model]]


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    return value


def _shared_references(rows: Rows, target) -> set[int]:
    """Ids of `target` rows the exported rows point to, by link or in a sheet field's list."""
    found: set[int] = set()
    for model, objs in rows.items():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is target:
                found.update(getattr(o, field.attname) for o in objs)
        for field in schema.many_to_many(model):
            if field.related_model is target:
                for o in objs:
                    found.update(o._archive_links[field.name])
        if model in schema.SHEET_VALUE_MODELS:
            for o in objs:
                if schema.list_target(o.name) is target:
                    found.update(schema.parse_ids(o.value))
    found.discard(None)
    return found


def _load_many_to_many(model, objs) -> None:
    """Each object's plain many-to-many ids, in one query per field."""
    by_pk = {o.pk: o for o in objs}
    for o in objs:
        o._archive_links = {}
    for field in schema.many_to_many(model):
        through = field.remote_field.through
        source = field.m2m_field_name()
        target = field.m2m_reverse_field_name()
        for o in objs:
            o._archive_links[field.name] = []
        pairs = through.objects.filter(**{f"{source}__in": list(by_pk)}).values_list(
            f"{source}_id", f"{target}_id"
        )
        for source_id, target_id in pairs:
            by_pk[source_id]._archive_links[field.name].append(target_id)


def collect(workshop) -> Rows:
    """Every row of the archive: the workshop's own and the shared ones it uses."""
    process = workshop.process
    rows: Rows = {schema.ROOT: [workshop]}
    for model, lookup in schema.OWNED.items():
        rows[model] = list(model.objects.filter(**{lookup: workshop}).order_by("pk"))
    rows[schema.Process] = [process]
    rows[schema.PriorityItem] = list(process.priority_items.order_by("pk"))
    rows[schema.TargetPublic] = list(process.target_publics.order_by("pk"))
    rows[schema.Lever] = list(schema.Lever.objects.filter(workshop=workshop).order_by("pk"))
    rows[schema.Action] = []
    for model, objs in rows.items():
        _load_many_to_many(model, objs)
    # Levers point to actions and sheets to both: collect until nothing new is found.
    for _round in range(3):
        grown = False
        for model in (schema.Lever, schema.Action):
            have = {o.pk for o in rows[model]}
            wanted = _shared_references(rows, model) - have
            if wanted:
                same = (
                    model.objects.of_process(process)
                    if model is schema.Action
                    else model.objects.filter(process=process)
                )
                more = list(same.filter(pk__in=wanted))
                _load_many_to_many(model, more)
                rows[model] = sorted(rows[model] + more, key=lambda o: o.pk)
                grown = grown or bool(more)
        if not grown:
            break
    return rows


def pseudonym(number: int) -> str:
    return _("Participant %(n)d") % {"n": number}


def _names(rows: Rows) -> tuple[dict[int, str], dict[str, str]]:
    """The pseudonym of each participant who did not consent to their name travelling, by id
    and by name."""
    by_id, by_name = {}, {}
    for number, p in enumerate(rows[schema.Participant], start=1):
        if not p.name_consent:
            by_id[p.pk] = by_name[p.name] = pseudonym(number)
    return by_id, by_name


def serialise(rows: Rows) -> dict:
    """The archive's `workshop.json` content."""
    numbers = {
        model: {o.pk: n for n, o in enumerate(objs, start=1)} for model, objs in rows.items()
    }
    usernames = _usernames(rows)
    pseudonyms, by_name = _names(rows)
    tables = {}
    for model in schema.all_models():
        skip = schema.NOT_EXPORTED.get(model, frozenset())
        out = []
        for obj in rows[model]:
            row = {"id": numbers[model][obj.pk]}
            for field in model._meta.concrete_fields:
                if field.primary_key or field.name in skip:
                    continue
                value = getattr(obj, field.attname)
                if field.is_relation:
                    target = field.related_model
                    if schema.is_user(target):
                        value = usernames.get(value)
                    else:
                        value = numbers.get(target, {}).get(value)
                row[field.name] = _plain(value)
            for field in schema.many_to_many(model):
                ids = obj._archive_links[field.name]
                if schema.is_user(field.related_model):
                    row[field.name] = sorted(usernames[i] for i in ids if i in usernames)
                else:
                    known = numbers.get(field.related_model, {})
                    row[field.name] = sorted(known[i] for i in ids if i in known)
            _protect_names(model, obj, row, pseudonyms, by_name)
            if model in schema.SHEET_VALUE_MODELS:
                target = schema.list_target(obj.name)
                if target is not None:
                    known = numbers[target]
                    row["value"] = json.dumps(
                        [known[i] for i in schema.parse_ids(obj.value) if i in known]
                    )
            out.append(row)
        tables[schema.label(model)] = out
    return {"tables": tables}


def _protect_names(model, obj, row, pseudonyms, by_name) -> None:
    spec = schema.PERSON_NAMES.get(model)
    if spec is None:
        return
    name_field, person_field = spec
    person_id = obj.pk if person_field is None else getattr(obj, f"{person_field}_id")
    if person_id in pseudonyms:
        row[name_field] = pseudonyms[person_id]
    elif person_id is None and row.get(name_field) in by_name:
        # A copy kept after the link to its participant was cut.
        row[name_field] = by_name[row[name_field]]


def _usernames(rows: Rows) -> dict[int, str]:
    from django.contrib.auth import get_user_model

    ids: set[int] = set()
    for model, objs in rows.items():
        for field in model._meta.concrete_fields:
            if field.is_relation and schema.is_user(field.related_model):
                ids.update(getattr(o, field.attname) for o in objs)
        for field in schema.many_to_many(model):
            if schema.is_user(field.related_model):
                for o in objs:
                    ids.update(o._archive_links[field.name])
    ids.discard(None)
    user_model = get_user_model()
    return dict(user_model.objects.filter(pk__in=ids).values_list("pk", user_model.USERNAME_FIELD))
