"""Archive data back into rows: every table in dependency order, new ids, every link remapped
through the archive's numbers. Shared rows (process, priority items, publics, catalogue) are
matched by identity and reused; the workshop itself is matched by its uuid and replaced in
place. Runs inside the caller's transaction; any problem raises `Invalid` and writes nothing.
"""

import json
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models

from coprod.agenda.presets import split_single_text
from coprod.catalogue import text
from coprod.catalogue.services.actions import KEY_MAX, refresh_derived
from coprod.core.text import without_control_characters
from coprod.core.tokens import hash_secret, new_secret
from coprod.workshops import codes

from . import schema, tables
from .tables import Invalid

Row = dict
# Rows per INSERT or UPDATE: one bulk_update of every row is a single CASE over all of them,
# which PostgreSQL evaluates row by row (a 27,000-proposal archive never finished).
BATCH = 500


@dataclass
class Loaded:
    workshop: object
    replaced: bool
    process_created: bool
    created: dict[str, int] = field(default_factory=dict)
    reused: dict[str, int] = field(default_factory=dict)


class Loader:
    def __init__(self, data: dict, *, actor, organisation=None):
        if not isinstance(data, dict):
            raise Invalid("tables")
        self.tables = data
        self.actor = actor
        self.organisation = organisation
        self.ids: dict[type[models.Model], dict[int, int]] = {}
        self.written: dict[type[models.Model], list[tuple[Row, models.Model]]] = {}
        self.users = self._users()
        self.result: Loaded | None = None
        self.workshop = None
        self.process = None
        self.publication_key = None

    # --- values ---------------------------------------------------------------------------

    def _users(self) -> dict[str, int]:
        names = set()
        for model in schema.all_models():
            for row in tables.rows(self.tables, model):
                for f in model._meta.concrete_fields:
                    if f.is_relation and schema.is_user(f.related_model) and row.get(f.name):
                        names.add(str(row[f.name]))
                for f in schema.many_to_many(model):
                    if schema.is_user(f.related_model) and isinstance(row.get(f.name), list):
                        names.update(str(n) for n in row[f.name])
        user_model = get_user_model()
        return dict(
            user_model.objects.filter(**{f"{user_model.USERNAME_FIELD}__in": names}).values_list(
                user_model.USERNAME_FIELD, "pk"
            )
        )

    def values(self, model, row: Row) -> tuple[dict, list]:
        """The row's field values by attname, and its links to rows of its own table."""
        skip = schema.NOT_EXPORTED.get(model, frozenset())
        values, later = {}, []
        for f in model._meta.concrete_fields:
            if f.primary_key or f.name in skip or f.name not in row:
                continue
            raw = row[f.name]
            where = f"{schema.label(model)} n° {row['id']}, {f.name}"
            if not f.is_relation:
                try:
                    values[f.attname] = _without_controls(f.to_python(raw))
                except ValidationError:
                    raise Invalid(where) from None
                continue
            if raw is None:
                values[f.attname] = None
            elif schema.is_user(f.related_model):
                # An account of this server with the same username, never a new account.
                values[f.attname] = self.users.get(str(raw))
            elif f.related_model is model:
                values[f.attname] = None
                later.append((f, raw))
            else:
                target = (
                    self.ids.get(f.related_model, {}).get(raw) if isinstance(raw, int) else None
                )
                if target is None and not f.null:
                    raise Invalid(where)
                values[f.attname] = target
        return values, later

    def check(self, model, obj, row: Row) -> None:
        relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
        try:
            obj.clean_fields(exclude=relations)
        except ValidationError as error:
            names = ", ".join(sorted(error.message_dict))
            raise Invalid(f"{schema.label(model)} n° {row['id']}, {names}") from None

    # --- the tables -------------------------------------------------------------------------

    def load(self) -> Loaded:
        for model in schema.all_models():
            rows = tables.rows(self.tables, model)
            self.ids[model] = {}
            if model in (schema.Process, schema.ROOT) and len(rows) != 1:
                raise Invalid(schema.label(model))
            handler = getattr(self, f"_load_{model._meta.model_name}", None)
            if handler is not None:
                handler(model, rows)
            elif model in schema.OWNED:
                self._create(model, rows)
            else:
                self._match(model, rows)
        self._self_links()
        self._many_to_many()
        self._timestamps()
        self._sheet_lists()
        for _row, action in self.written.get(schema.Action, []):
            refresh_derived(action)
        return self.result

    def _create(self, model, rows: list[Row], prepare=None) -> list[models.Model]:
        objs, pending = [], []
        for row in rows:
            values, later = self.values(model, row)
            obj = model(**values)
            if prepare is not None:
                prepare(obj, row)
            self.check(model, obj, row)
            objs.append(obj)
            pending.append((row, obj, later))
        stamps = self._stamps(model, objs)
        model.objects.bulk_create(objs, batch_size=BATCH)
        for (row, obj, later), stamp in zip(pending, stamps, strict=True):
            self.ids[model][row["id"]] = obj.pk
            obj._archive_later = later
            obj._archive_stamps = stamp
            self.written.setdefault(model, []).append((row, obj))
        self.result.created[schema.label(model)] = len(objs)
        return objs

    def _stamps(self, model, objs) -> list[dict]:
        """The archive's auto_now(_add) values, which saving would replace by now."""
        auto = [
            f.attname
            for f in model._meta.concrete_fields
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        return [{a: getattr(o, a) for a in auto if getattr(o, a) is not None} for o in objs]

    # Shared tables: reuse the row of the same identity, else create it.

    def _match(self, model, rows: list[Row], prepare=None) -> None:
        process = self.process
        existing = {}
        if model is schema.Action:
            # The catalogue is the importing process's organisation's, across its processes.
            here = model.objects.filter(owner_id=process.organisation_id)
        else:
            here = model.objects.filter(process=process)
        for obj in here.order_by("pk"):
            existing.setdefault(self._identity(model, obj.__dict__), obj)
        new_rows = []
        for row in rows:
            values, _later = self.values(model, row)
            found = existing.get(self._identity(model, values))
            if found is None:
                new_rows.append(row)
            else:
                self.ids[model][row["id"]] = found.pk
        self.result.reused[schema.label(model)] = len(rows) - len(new_rows)
        created = self._create(model, new_rows, prepare=prepare)
        for obj in created:
            existing[self._identity(model, obj.__dict__)] = obj

    @staticmethod
    def _identity(model, values: dict) -> str:
        if model is schema.Action:
            key = text.action_key(values.get("title", ""), values.get("organisation", ""))
            return key[:KEY_MAX]
        if model is schema.PriorityItem:
            return text.fold(values.get("text", ""))
        if model is schema.TargetPublic:
            return text.fold(values.get("name", ""))
        raise NotImplementedError(model)

    def _load_process(self, model, rows: list[Row]) -> None:
        values, _later = self.values(model, rows[0])
        found = model.objects.filter(uuid=values.get("uuid")).first()
        self.result = Loaded(workshop=None, replaced=False, process_created=found is None)
        if found is None:
            # A process new to this server joins the importer's organisation.
            found = self._create(
                model, rows, prepare=lambda o, r: setattr(o, "organisation", self.organisation)
            )[0]
        else:
            self.result.reused[schema.label(model)] = 1
        self.process = found
        self.ids[model][rows[0]["id"]] = found.pk

    def _load_workshop(self, model, rows: list[Row]) -> None:
        row = rows[0]
        values, _later = self.values(model, row)
        found = model.objects.filter(uuid=values.get("uuid")).first()
        if found is None:
            obj = self._create(model, rows, prepare=lambda o, r: setattr(o, "join_code", _code()))
            found = obj[0]
        else:
            self.publication_key = _clear(found)
            self._update(model, found, row, values)
            self.result.replaced = True
        self.workshop = self.result.workshop = found
        self.ids[model][row["id"]] = found.pk

    def _load_step(self, model, rows: list[Row]) -> None:
        self._create(model, [_with_two_texts(row) for row in rows])

    def _load_participant(self, model, rows: list[Row]) -> None:
        # A phone's token stays on the laptop: each participant gets a hash nobody holds.
        self._create(model, rows, prepare=lambda o, r: setattr(o, "token_hash", _token()))

    def _load_action(self, model, rows: list[Row]) -> None:
        # Archives written before catalogues were the organisation's name the process there.
        rows = [_origin_process(row) for row in rows]
        owner = self.process.organisation_id
        self._match(model, rows, prepare=lambda o, r: setattr(o, "owner_id", owner))

    def _load_publication(self, model, rows: list[Row]) -> None:
        # A re-import keeps the public address already given out by this server.
        key = self.publication_key

        def keep_key(obj, row):
            if key:
                obj.key = key

        self._create(model, rows, prepare=keep_key)

    def _load_testimony(self, model, rows: list[Row]) -> None:
        """A testimony stays with its action when its workshop is deleted here: imported again,
        the workshop takes it back (same action, same time, same words) instead of a copy."""
        new_rows = []
        for row in rows:
            values, _later = self.values(model, row)
            found = model.objects.filter(
                action_id=values.get("action_id"),
                workshop__isnull=True,
                created_at=values.get("created_at"),
                content=values.get("content", ""),
            ).first()
            if found is None:
                new_rows.append(row)
            else:
                self._update(model, found, row, values)
                self.ids[model][row["id"]] = found.pk
        self._create(model, new_rows)

    def _update(self, model, obj, row: Row, values: dict) -> None:
        """Overwrite an existing row with the archive's values (the archive is the latest)."""
        for attname, value in values.items():
            setattr(obj, attname, value)
        self.check(model, obj, row)
        obj._archive_stamps = self._stamps(model, [obj])[0]
        obj._archive_later = []
        obj.save()
        self.written.setdefault(model, []).append((row, obj))

    def _load_lever(self, model, rows: list[Row]) -> None:
        """A lever proposed in this workshop is the workshop's own: found again by its title, it
        is updated (and reattached after the workshop was deleted here), else created, and the
        workshop's levers missing from the archive go. A lever of another workshop or of the
        whole process is reused as it is here."""
        workshop_number = next(iter(self.ids[schema.ROOT]))
        levers = list(model.objects.filter(process=self.process).order_by("pk"))
        new_rows, reused = [], 0
        for row in rows:
            values, _later = self.values(model, row)
            title = text.fold(values.get("title", ""))
            own = row.get("workshop") == workshop_number
            candidates = [
                lv
                for lv in levers
                if text.fold(lv.title) == title
                and (not own or lv.workshop_id in (None, self.workshop.pk))
            ]
            if not candidates:
                new_rows.append(row)
                continue
            found = next((lv for lv in candidates if lv.workshop_id == self.workshop.pk), None)
            found = found or candidates[0]
            levers.remove(found)
            self.ids[model][row["id"]] = found.pk
            reused += 1
            if own:
                self._update(model, found, row, values)
        self.result.reused[schema.label(model)] = reused
        self._create(model, new_rows)
        # The workshop's own levers the archive no longer has were removed or renamed since.
        gone = [lv.pk for lv in levers if lv.workshop_id == self.workshop.pk]
        model.objects.filter(pk__in=gone).delete()

    # --- after every row exists -------------------------------------------------------------

    def _self_links(self) -> None:
        for model, written in self.written.items():
            changed = []
            for _row, obj in written:
                for f, raw in obj._archive_later:
                    setattr(obj, f.attname, self.ids[model].get(raw))
                if obj._archive_later:
                    changed.append(obj)
            if changed:
                names = {f.attname for _r, o in written for f, _raw in o._archive_later}
                model.objects.bulk_update(changed, list(names), batch_size=BATCH)

    def _many_to_many(self) -> None:
        for model, written in self.written.items():
            if model is schema.Process and not self.result.process_created:
                continue  # an existing process keeps its owners
            for f in schema.many_to_many(model):
                through = f.remote_field.through
                source, target = f.m2m_field_name(), f.m2m_reverse_field_name()
                if not schema.is_user(f.related_model):
                    # Rows updated in place (the workshop, its own levers) lose their former
                    # links; accounts are this server's own, so its facilitators stay.
                    pks = [o.pk for _r, o in written]
                    through.objects.filter(**{f"{source}_id__in": pks}).delete()
                links = []
                for row, obj in written:
                    wanted = self._linked(f, row.get(f.name), model, row)
                    links.extend(
                        through(**{f"{source}_id": obj.pk, f"{target}_id": pk}) for pk in wanted
                    )
                through.objects.bulk_create(links, ignore_conflicts=True, batch_size=BATCH)

    def _linked(self, f, raw, model, row) -> list[int]:
        if raw is None:
            raw = []
        if not isinstance(raw, list):
            raise Invalid(f"{schema.label(model)} n° {row['id']}, {f.name}")
        if not schema.is_user(f.related_model):
            known = self.ids.get(f.related_model, {})
            return sorted({known[n] for n in raw if isinstance(n, int) and n in known})
        found = {self.users[str(n)] for n in raw if str(n) in self.users}
        if self.actor is not None and (not found or len(found) < len(raw)):
            # Someone unknown here ran it: the person importing takes it over.
            found.add(self.actor.pk)
        return sorted(found)

    def _timestamps(self) -> None:
        for model, written in self.written.items():
            stamped = [obj for _row, obj in written if obj._archive_stamps]
            if not stamped:
                continue
            for obj in stamped:
                for attname, value in obj._archive_stamps.items():
                    setattr(obj, attname, value)
            names = {a for obj in stamped for a in obj._archive_stamps}
            model.objects.bulk_update(stamped, sorted(names), batch_size=BATCH)

    def _sheet_lists(self) -> None:
        for model in schema.SHEET_VALUE_MODELS:
            changed = []
            for _row, obj in self.written.get(model, []):
                target = schema.list_target(obj.name)
                if target is None:
                    continue
                known = self.ids.get(target, {})
                obj.value = json.dumps(
                    [known[n] for n in schema.parse_ids(obj.value) if n in known]
                )
                changed.append(obj)
            model.objects.bulk_update(changed, ["value"], batch_size=BATCH)


def _with_two_texts(row: Row) -> Row:
    """A step of an archive written before steps had two texts holds one, shown to everyone:
    split it as the migration split this server's steps (`presets.split_single_text`)."""
    if "facilitator_notes" in row or not isinstance(row.get("instructions"), str):
        return row
    instructions, notes = split_single_text(str(row.get("kind", "")), row["instructions"])
    return row | {"instructions": instructions, "facilitator_notes": notes}


def _origin_process(row: Row) -> Row:
    if "origin_process" in row or "process" not in row:
        return row
    row = dict(row)
    row["origin_process"] = row.pop("process")
    return row


def _without_controls(value):
    """Text written on a laptop before control characters were refused (SQLite kept them):
    nobody saw them and PostgreSQL cannot hold a NUL, so they are dropped."""
    return without_control_characters(value) if isinstance(value, str) else value


def _clear(workshop) -> str | None:
    """Delete the workshop's own rows before a re-import; returns its publication's key."""
    publication = schema.Publication.objects.filter(workshop=workshop).first()
    key = publication.key if publication else None
    for model in reversed(schema.all_models()):
        lookup = schema.OWNED.get(model)
        if lookup is not None:
            model.objects.filter(**{lookup: workshop}).delete()
    return key


def _code() -> str:
    for _attempt in range(50):
        code = codes.new_code()
        if not schema.Workshop.objects.filter(join_code=code).exists():
            return code
    raise RuntimeError("no free join code")


def _token() -> str:
    return hash_secret(new_secret())
