"""The catalogue to and from spreadsheets: CSV (as Excel and LibreOffice write it), XLSX, ODS.

Import runs in two phases. `preview` reads the file and says, row by row, what would be created,
updated (same title and organisation as an action already in the catalogue) or skipped (the same
action twice in the file), with French errors and their line numbers; it writes nothing.
`import_actions` writes everything or nothing, in one transaction, with bulk inserts.

Line numbers are those a spreadsheet shows: the header is line 1.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import tablib
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coprod.core import cleaning, spreadsheets
from coprod.core import text as core_text
from coprod.core.spreadsheets import (
    SEPARATOR,
    Progress,
    Table,
    read_table,
)
from coprod.processes.models import Process, TargetPublic

from . import text
from .columns import COLUMNS, NoTitleColumn, read_columns
from .models import Action
from .services.actions import (
    KEY_MAX,
    PUBLIC_MAX,
    SCALAR_FIELDS,
    cell_text,
    check_fields,
    clean_text,
    derived,
    format_date,
    require,
)

MAX_REPORTED_ERRORS = 100
SAMPLE = Path(__file__).parent / "samples" / "actions-exemple.csv"

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
FORMATS = tuple(CONTENT_TYPES)


# --- Planning: what each row would do ----------------------------------------------------------

CREATE, UPDATE, DUPLICATE, ERROR = "create", "update", "duplicate", "error"


@dataclass
class Row:
    line: int
    title: str
    organisation: str
    outcome: str
    messages: list[str] = field(default_factory=list)
    key: str = ""
    values: dict = field(default_factory=dict, repr=False)
    publics: list | None = field(default=None, repr=False)  # folded names; None: keep
    items: list | None = field(default=None, repr=False)  # PriorityItem; None: keep


@dataclass
class Preview:
    filename: str
    columns: list[str]
    ignored_columns: list[str]
    rows: list[Row]
    new_publics: list[str]  # names, as first written
    understood: list[tuple[str, str]] = field(default_factory=list)  # (header, column)

    def _count(self, outcome):
        return sum(1 for r in self.rows if r.outcome == outcome)

    @property
    def created(self) -> int:
        return self._count(CREATE)

    @property
    def updated(self) -> int:
        return self._count(UPDATE)

    @property
    def duplicates(self) -> int:
        return self._count(DUPLICATE)

    @property
    def errors(self) -> list[str]:
        return [m for r in self.rows if r.outcome == ERROR for m in r.messages]

    @property
    def skipped(self) -> list[str]:
        """Why each row left out is left out (the same action twice), by its line."""
        return [m for r in self.rows if r.outcome == DUPLICATE for m in r.messages]

    @property
    def ok(self) -> bool:
        return not any(r.outcome == ERROR for r in self.rows)


def _split_names(cell, lookup: dict) -> list[str]:
    """Names separated by « ; »; a known name that itself holds a « ; » is kept whole."""
    parts = [p.strip() for p in clean_text(cell).replace("\n", SEPARATOR).split(SEPARATOR)]
    names, i = [], 0
    while i < len(parts):
        for j in range(len(parts), i, -1):  # the longest known name first
            joined = f"{SEPARATOR} ".join(parts[i:j]) if j > i + 1 else parts[i]
            if j == i + 1 or text.fold(joined) in lookup:
                if joined:
                    names.append(joined)
                i = j
                break
    return names


def _cell(cells: list, index: int | None):
    if index is None or index >= len(cells):
        return None
    value = cells[index]
    return "" if value is None else value


def _blank(cells) -> bool:
    return all(
        c is None or (not isinstance(c, date | int | float) and not str(c).strip()) for c in cells
    )


def no_title_column(found: list[str]) -> ValidationError:
    return ValidationError(
        _(
            "Colonne « Titre » introuvable. Colonnes trouvées : %(found)s. La première ligne "
            "doit nommer les colonnes : « Titre » (obligatoire), puis, au choix, %(others)s."
        )
        % {
            "found": ", ".join(f"« {h} »" for h in found) or _("aucune"),
            "others": ", ".join(f"« {h} »" for f, h in COLUMNS if f != "title"),
        },
        code="no_usable_column",
    )


def _plan(process: Process, table: Table, *, create_publics: bool, strict_items=True, extra=None):
    try:
        read = read_columns(table.headers)
    except NoTitleColumn as refused:
        raise no_title_column(refused.found) from None
    columns = read.found
    body = [(line, cells) for line, cells in table.rows if not _blank(cells)]
    if len(body) > spreadsheets.MAX_ROWS:
        raise ValidationError(
            _("Le fichier compte %(n)d lignes : %(max)d au plus par import.")
            % {"n": len(body), "max": spreadsheets.MAX_ROWS}
        )
    publics = {text.fold(p.name): p for p in process.target_publics.all()}
    items = list(process.priority_items.all())
    items_by_text = {text.fold(i.text): i for i in items}
    existing = {
        a["key"]: a for a in Action.objects.of_process(process).values("pk", "key", *SCALAR_FIELDS)
    }
    seen, new_publics, rows = {}, {}, []
    for line, cells in body:
        data = {
            f: _cell(cells, i) for f, i in columns.items() if f not in ("publics", "priority_items")
        }
        data.update(extra or {})
        title = " ".join(clean_text(data.get("title")).split())
        organisation = clean_text(data.get("organisation"))
        key = text.action_key(title, organisation)[:KEY_MAX]
        row = Row(line, title, organisation, CREATE, key=key)
        rows.append(row)
        if title and key in seen:
            row.outcome = DUPLICATE
            row.messages.append(
                _(
                    "Ligne %(n)d : même titre et même structure porteuse que la ligne %(first)d, "
                    "ignorée."
                )
                % {"n": line, "first": seen[key]}
            )
            continue
        if title:
            seen[key] = line
        current = existing.get(key)
        values, errors = check_fields(data, current=current)
        problems = [m for messages in errors.values() for m in messages]
        if "publics" in columns:
            row.publics = []
            if core_text.has_control_characters(cell_text(_cell(cells, columns["publics"]))):
                problems.append(cleaning.invisible(_("publics")).messages[0])
            for name in _split_names(_cell(cells, columns["publics"]), publics):
                name = " ".join(name.split())
                folded = text.fold(name)
                if folded in publics:
                    row.publics.append(folded)
                elif create_publics and len(name) <= PUBLIC_MAX:
                    new_publics.setdefault(folded, name)
                    row.publics.append(folded)
                elif create_publics:
                    problems.append(
                        _("Le nom du public « %(name)s… » dépasse %(max)d caractères.")
                        % {"name": name[:40], "max": PUBLIC_MAX}
                    )
                else:
                    problems.append(
                        _(
                            "Public « %(name)s » inconnu de la démarche (cochez « créer les "
                            "publics inconnus » pour l'ajouter)."
                        )
                        % {"name": name[:PUBLIC_MAX]}
                    )
        if "priority_items" in columns:
            row.items = []
            for name in _split_names(_cell(cells, columns["priority_items"]), items_by_text):
                found = items_by_text.get(text.fold(name))
                if found is None and name.isdigit() and 1 <= int(name) <= len(items):
                    found = items[int(name) - 1]
                if found is not None:
                    if found not in row.items:
                        row.items.append(found)
                elif strict_items:
                    problems.append(
                        _(
                            "Item plébiscité « %(item)s » inconnu de la démarche (son texte ou son numéro)."
                        )
                        % {"item": name[:80]}
                    )
        if problems:
            row.outcome = ERROR
            row.messages = [_("Ligne %(n)d : %(e)s") % {"n": line, "e": p} for p in problems]
            continue
        row.values = values
        row.outcome = UPDATE if key in existing else CREATE
    return Preview(
        filename="",
        columns=[h for f, h in COLUMNS if f in columns],
        ignored_columns=read.ignored,
        rows=rows,
        new_publics=list(new_publics.values()),
        understood=read.understood,
    )


def preview(
    process: Process,
    filename: str,
    data: bytes,
    *,
    create_publics=False,
    progress: Progress | None = None,
) -> Preview:
    """What importing this file would do, row by row; writes nothing."""
    table = read_table(filename, data, progress)
    result = _plan(process, table, create_publics=create_publics)
    result.filename = filename
    return result


def _error_list(messages: list[str]) -> ValidationError:
    shown = messages[:MAX_REPORTED_ERRORS]
    rest = len(messages) - len(shown)
    if rest:
        shown.append(
            ngettext("… et %(n)d autre erreur.", "… et %(n)d autres erreurs.", rest) % {"n": rest}
        )
    return ValidationError(shown)


def _update_all(actions: list[Action], fields: list[str]) -> None:
    """One UPDATE statement run for every action (executemany).

    `bulk_update` builds a CASE per field and per row: 20 s for 10,000 actions on SQLite,
    against a fraction of a second here.
    """
    if not actions:
        return
    columns = [Action._meta.get_field(f) for f in fields]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(c.column)} = %s" for c in columns)
    sql = f"UPDATE {quote(Action._meta.db_table)} SET {assignments} WHERE {quote('id')} = %s"  # noqa: S608 (names from the model)
    params = [
        [c.get_db_prep_save(getattr(a, c.attname), connection) for c in columns] + [a.pk]
        for a in actions
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _apply(process: Process, plan: Preview, *, only_new=False) -> None:
    """Write the plan with bulk statements (the caller holds the transaction)."""
    now = timezone.now()
    publics = {text.fold(p.name): p for p in process.target_publics.all()}
    created_publics = TargetPublic.objects.bulk_create(
        [TargetPublic(process=process, name=name) for name in plan.new_publics]
    )
    publics.update({text.fold(p.name): p for p in created_publics})
    existing = dict(Action.objects.of_process(process).values_list("key", "pk"))
    # The publics of updated actions: this process's (replaced when the file has a Publics
    # column) and the other processes' of the organisation, which stay.
    here_names, other_names = {}, {}
    if any(r.outcome == UPDATE for r in plan.rows) and not only_new:
        for action_id, name, public_process in Action.publics.through.objects.filter(
            action__owner_id=process.organisation_id
        ).values_list("action_id", "targetpublic__name", "targetpublic__process_id"):
            names = here_names if public_process == process.pk else other_names
            names.setdefault(action_id, []).append(name)
    to_create, to_update, links = [], [], []
    for row in plan.rows:
        if row.outcome not in (CREATE, UPDATE) or (only_new and row.outcome == UPDATE):
            continue
        pk = existing.get(row.key)
        if row.publics is not None:
            names = [publics[f].name for f in row.publics]
        else:
            names = here_names.get(pk, [])
        names = other_names.get(pk, []) + names
        values = {**row.values, **derived(row.values, names)}
        if row.outcome == CREATE:
            action = Action(owner_id=process.organisation_id, origin_process=process, **values)
            to_create.append(action)
        else:
            action = Action(pk=pk, owner_id=process.organisation_id, updated_at=now, **values)
            to_update.append(action)
        links.append((action, row))
    Action.objects.bulk_create(to_create, batch_size=500)
    _update_all(to_update, [*SCALAR_FIELDS, "key", "search_text", "updated_at"])
    for relation, attr, target in (
        (Action.publics, "publics", "targetpublic_id"),
        (Action.priority_items, "items", "priorityitem_id"),
    ):
        through = relation.through
        replaced = [
            a.pk for a, row in links if getattr(row, attr) is not None and row.outcome == UPDATE
        ]
        # Only this process's publics and items are replaced: an earlier process's stay.
        own = {f"{target.removesuffix('_id')}__process": process}
        for start in range(0, len(replaced), 500):
            through.objects.filter(action_id__in=replaced[start : start + 500], **own).delete()
        pairs = []
        for action, row in links:
            chosen = getattr(row, attr)
            if chosen is None:
                continue
            ids = [publics[f].pk for f in chosen] if attr == "publics" else [i.pk for i in chosen]
            pairs.extend(through(action_id=action.pk, **{target: pk}) for pk in dict.fromkeys(ids))
        through.objects.bulk_create(pairs, batch_size=500)


def import_actions(
    process: Process,
    *,
    actor,
    filename: str,
    data: bytes,
    create_publics=False,
    progress: Progress | None = None,
    writing: Callable[[], None] | None = None,
) -> Preview:
    """Import the file into the catalogue: every row or none (errors raise ValidationError).

    `progress` hears of the rows read, `writing` when the transaction starts (nobody outside
    sees a progress written within it)."""
    require(actor, "catalogue.change_catalogue", process)
    table = read_table(filename, data, progress)
    if writing is not None:
        writing()
    try:
        with transaction.atomic():
            # Planned inside the transaction: the keys that decide create or update are current.
            plan = _plan(process, table, create_publics=create_publics)
            plan.filename = filename
            if not plan.ok:
                raise _error_list(plan.errors)
            _apply(process, plan)
    except IntegrityError:
        raise ValidationError(
            _("Le catalogue a changé pendant l'import : relancez l'aperçu puis confirmez.")
        ) from None
    return plan


def load_examples(process: Process, *, actor=None) -> int:
    """Add the shipped example actions (marked as examples) that the catalogue lacks.

    Idempotent: an example already present, even edited since, is left as it is. Unknown
    publics are created; items the process does not have are left out. Returns how many
    actions were added.
    """
    if actor is not None:
        require(actor, "catalogue.change_catalogue", process)
    table = read_table(SAMPLE.name, SAMPLE.read_bytes())
    with transaction.atomic():
        plan = _plan(
            process, table, create_publics=True, strict_items=False, extra={"is_example": True}
        )
        if not plan.ok:
            raise _error_list(plan.errors)
        _apply(process, plan, only_new=True)
    return plan.created


# --- Export ------------------------------------------------------------------------------------


def export_dataset(process: Process, *, dates_as_text: bool) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=[h for _f, h in COLUMNS], title="Actions")
    actions = (
        Action.objects.of_process(process)
        .order_by("key", "id")
        .prefetch_related("publics", "priority_items")
    )
    with translation.override("fr"):  # labels read back by the import, whatever the UI language
        for action in actions:
            row = {
                "publics": f" {SEPARATOR} ".join(p.name for p in action.publics.all()),
                "priority_items": f" {SEPARATOR} ".join(
                    i.text for i in action.priority_items.all()
                ),
                "scope": str(action.get_scope_display()),
                "status": str(action.get_status_display()),
            }
            for name in ("started_on", "ended_on"):
                value = getattr(action, name)
                row[name] = format_date(value) if dates_as_text else value
            dataset.append([row[f] if f in row else getattr(action, f) for f, _h in COLUMNS])
    return dataset


def export_actions(process: Process, *, actor, fmt: str) -> tuple[bytes, str, str]:
    """The catalogue as a file: (content, content type, file name)."""
    require(actor, "catalogue.view_catalogue", process)
    if fmt not in FORMATS:
        raise ValidationError(_("Format d'export inconnu : csv, xlsx ou ods."))
    name = f"catalogue-{slugify(process.title)[:60] or process.pk}-{timezone.localdate():%Y-%m-%d}"
    dataset = export_dataset(process, dates_as_text=fmt == "csv")
    if fmt == "csv":
        # The BOM tells Excel the file is UTF-8 (else it reads accents as cp1252).
        content = ("\ufeff" + dataset.export("csv", delimiter=SEPARATOR)).encode("utf-8")
    else:
        content = dataset.export(fmt)
    return content, CONTENT_TYPES[fmt], f"{name}.{fmt}"
