"""The catalogue of existing actions moves from the process to its organisation.

Each action joins its process's organisation and remembers that process as where it entered the
catalogue. Two processes of one organisation may each hold the same action (same key: folded
title and carrying structure), typed again each year: they become one action, as the catalogue
wants across years. The survivor is the most recently edited copy, its blank texts filled from
the others; every link to a copy (presentations, testimonies, levers, orientations, ballots,
publics, priority items, and the action sheets' JSON lists of action ids) moves to it, so no
testimony or vote is lost. Suffixing the keys instead would have kept two copies that the next
edit of either (which recomputes the key) refuses as duplicates.
"""

import json

from django.db import migrations

TEXTS = ("description", "partners", "places", "contact", "links")
# Action sheet fields whose value is a JSON list of action ids (action_sheets.fields).
ACTION_LISTS = ("builds_on",)


def join_organisations(apps, schema_editor):
    action_model = apps.get_model("catalogue", "Action")
    for action in action_model.objects.select_related("process").iterator():
        action_model.objects.filter(pk=action.pk).update(owner_id=action.process.organisation_id)
    groups = {}
    for pk, owner, key in action_model.objects.order_by("pk").values_list("pk", "owner", "key"):
        groups.setdefault((owner, key), []).append(pk)
    merges = {}
    for pks in groups.values():
        if len(pks) > 1:
            copies = list(action_model.objects.filter(pk__in=pks).order_by("-updated_at", "pk"))
            merges[copies[0]] = copies[1:]
    if not merges:
        return
    renamed = {}
    for survivor, copies in merges.items():
        _merge_values(action_model, survivor, copies)
        for copy in copies:
            _move_links(action_model, copy.pk, survivor.pk)
            renamed[copy.pk] = survivor.pk
    _move_sheet_ids(apps, renamed)
    action_model.objects.filter(pk__in=list(renamed)).delete()


def _merge_values(action_model, survivor, copies):
    oldest = min([survivor, *copies], key=lambda a: (a.created_at, a.pk))
    changes = {"process_id": oldest.process_id, "created_at": oldest.created_at}
    for name in TEXTS:
        if not getattr(survivor, name):
            filled = next((getattr(c, name) for c in copies if getattr(c, name)), "")
            changes[name] = filled
    for name in ("started_on", "ended_on"):
        if getattr(survivor, name) is None:
            changes[name] = next((getattr(c, name) for c in copies if getattr(c, name)), None)
    changes["is_example"] = survivor.is_example and all(c.is_example for c in copies)
    action_model.objects.filter(pk=survivor.pk).update(**changes)


def _move_links(action_model, old, new):
    """Every row pointing to action `old` points to `new`; a link `new` already has goes."""
    for rel in action_model._meta.related_objects:
        if rel.many_to_many:
            through = rel.through
            here = rel.field.m2m_reverse_field_name()
            there = rel.field.m2m_field_name()
            _move_through(through, here, there, old, new)
        elif rel.one_to_many:
            model, field = rel.related_model, rel.field.name
            for row in model.objects.filter(**{field: old}):
                _move_row(model, field, row, new)
    for f in action_model._meta.many_to_many:
        through = f.remote_field.through
        _move_through(through, f.m2m_field_name(), f.m2m_reverse_field_name(), old, new)


def _move_through(through, here, there, old, new):
    have = set(through.objects.filter(**{here: new}).values_list(f"{there}_id", flat=True))
    through.objects.filter(**{here: old, f"{there}_id__in": have}).delete()
    through.objects.filter(**{here: old}).update(**{here: new})


def _move_row(model, field, row, new):
    name = model._meta.model_name
    if name == "presentation":
        if model.objects.filter(workshop_id=row.workshop_id, **{field: new}).exists():
            row.delete()  # the workshop presents the survivor already
            return
    if name == "testimony" and row.witness_id is not None:
        taken = model.objects.filter(
            workshop_id=row.workshop_id, witness_id=row.witness_id, **{field: new}
        )
        if taken.exists():
            row.witness_id = None  # keeps the words and the name as written
    setattr(row, f"{field}_id", new)
    row.save()


def _move_sheet_ids(apps, renamed):
    for model_name in ("FieldValue", "Revision"):
        model = apps.get_model("action_sheets", model_name)
        for row in model.objects.filter(name__in=ACTION_LISTS):
            try:
                ids = json.loads(row.value or "[]")
            except ValueError:
                continue
            if not isinstance(ids, list):
                continue
            moved = []
            for i in ids:
                i = renamed.get(i, i) if isinstance(i, int) else i
                if i not in moved:
                    moved.append(i)
            if moved != ids:
                model.objects.filter(pk=row.pk).update(value=json.dumps(moved))


def back_to_processes(apps, schema_editor):
    """Undoing: an action no process remembers goes back to its organisation's first process
    (or away, when the organisation has none)."""
    action_model = apps.get_model("catalogue", "Action")
    process_model = apps.get_model("processes", "Process")
    for action in action_model.objects.filter(process__isnull=True):
        first = process_model.objects.filter(organisation_id=action.owner_id).order_by("pk")
        first = first.first()
        if first is None:
            action.delete()
        else:
            action_model.objects.filter(pk=action.pk).update(process_id=first.pk)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0003_actions_belong_to_organisation")]

    operations = [migrations.RunPython(join_organisations, back_to_processes)]
