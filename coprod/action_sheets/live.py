"""What the live pages show of the action sheets during the projects and finalisation steps
(the rows of `coprod.live.panels`), read in a bounded number of queries whatever the number of
tables or people.

One read serves every audience: the board's progress and critiques, the console's overview, the
finalised sheets and, for the phones, every sheet's current values (the phones update their own
table's fields from them, see `core/static/core/sheets.js`). The phone's own region (its table,
its sheet field by field) is `sheet_phone_context`.
"""

import dataclasses
from collections import defaultdict

from django.db.models import Count
from django.urls import reverse

from coprod.agenda.kinds import StepKind
from coprod.catalogue.models import Action, Lever, Presentation
from coprod.participants.models import Participant
from coprod.processes.models import TargetPublic

from . import services as sheet_services
from .fields import FIELDS
from .models import Comment, Referent, Seat, Sheet
from .services.editing import choosable

# What a sheet shows on the board once finalised, in this order.
FINAL_FIELDS = ("objective", "publics", "carrier", "calendar", "next_steps")
LIST_MODELS = {
    "publics": (TargetPublic, "name"),
    "actions": (Action, "title"),
    "levers": (Lever, "title"),
}
# The board and the phones show the latest comments of each sheet, not a whole thread.
COMMENTS_SHOWN = 12


def names_of(states_by_sheet: dict) -> dict[str, dict[int, str]]:
    """The names behind the ids of the list fields (publics, actions, levers): one query per
    kind in use."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for states in states_by_sheet.values():
        for field in FIELDS:
            if field.is_list:
                wanted[field.kind].update(states[field.name].value)
    names: dict[str, dict[int, str]] = {}
    for kind, ids in wanted.items():
        if ids:
            model, attr = LIST_MODELS[kind]
            names[kind] = dict(model.objects.filter(pk__in=ids).values_list("pk", attr))
    return names


def rows_of(workshop) -> list[dict]:
    """Per sheet: what `sheet_services.sheets_overview` gives (number, title, people, share,
    missing, last change), the fields with their state and display, the latest comments and
    critiques.

    Read here rather than through `sheets_overview`: the hub renders this on every save, and
    the overview's own read of the values (and of the people's names, not shown live) would
    double the cost of each push.
    """
    sheets = list(
        Sheet.objects.filter(workshop=workshop)
        .annotate(seated_count=Count("seats", distinct=True))
        .order_by("number", "id")
    )
    states = sheet_services.states_of(sheets) if sheets else {}
    names = names_of(states)
    comments: dict[int, list[Comment]] = defaultdict(list)
    if sheets:
        for comment in Comment.objects.filter(sheet__workshop=workshop).order_by(
            "created_at", "id"
        ):
            comments[comment.sheet_id].append(comment)
    # Who sits where: a phone moved to another table by the facilitator notices it (sheets.js).
    seated: dict[int, list[int]] = defaultdict(list)
    if sheets:
        for sheet_id, participant_id in Seat.objects.filter(workshop=workshop).values_list(
            "sheet_id", "participant_id"
        ):
            seated[sheet_id].append(participant_id)
    rows = []
    for sheet in sheets:
        done = sheet_services.completeness(sheet, states[sheet.pk])
        title = states[sheet.pk]["title"].value
        # The last change: the most recent field (no scan of the growing history).
        last = max(
            (st for st in states[sheet.pk].values() if st.updated_at),
            key=lambda st: st.updated_at,
            default=None,
        )
        rows.append(
            {
                "sheet": sheet,
                "id": sheet.pk,
                "number": sheet.number,
                "title": title,
                "label": title or str(sheet),
                "seated_count": sheet.seated_count,
                "seated_ids": " ".join(str(pk) for pk in seated[sheet.pk]),
                "seated_pks": seated[sheet.pk],
                "share": done["share"],
                "percent": round(100 * done["share"]),
                "missing": done["missing"],
                "done": done["done"],
                "last_at": last.updated_at if last else None,
                "last_author": last.author_name if last else "",
            }
        )
    for row in rows:
        values = states[row["sheet"].pk]
        fields = []
        for field in FIELDS:
            state = values[field.name]
            shown = (
                [names.get(field.kind, {}).get(pk, "?") for pk in state.value]
                if field.is_list
                else state.value
            )
            fields.append({"field": field, "state": state, "shown": shown})
        said = comments.get(row["sheet"].pk, [])[-COMMENTS_SHOWN:]
        row.update(
            values=values,
            fields=fields,
            final_fields=[f for f in fields if f["field"].name in FINAL_FIELDS],
            comments=said,
            critiques=[c for c in said if c.is_critique],
            comment_count=len(comments.get(row["sheet"].pk, [])),
        )
    return rows


# --- The panels' loaders --------------------------------------------------------------------------


@dataclasses.dataclass
class Sheets:
    """What the projects and finalisation panels show: every sheet (`rows_of`) and, at the end,
    the duo of referents."""

    rows: list = dataclasses.field(default_factory=list)
    referents: list = dataclasses.field(default_factory=list)
    final: bool = False


def projects(state) -> Sheets:
    return _projects(state.workshop)


def finalisation(state) -> Sheets:
    return _finalisation(state.workshop)


def _projects(workshop) -> Sheets:
    return Sheets(rows=rows_of(workshop))


def _finalisation(workshop) -> Sheets:
    return Sheets(
        rows=rows_of(workshop), referents=sheet_services.referents_of(workshop), final=True
    )


def of_workshop(workshop) -> Sheets:
    """What the panel of the step under way shows, read without the live state (a console
    control's answer): the finalisation's during that step, else the projects'."""
    step = workshop.steps.live().first()
    final = step is not None and step.kind == StepKind.FINALISATION
    return _finalisation(workshop) if final else _projects(workshop)


def console(workshop, sheets: Sheets, people=None) -> dict:
    """What the console's sheets region shows besides the rows: who sits at each table by name
    and who sits nowhere, the people to seat or to choose as referents (`people`: the room's
    admitted participants when the caller has them), and what new tables would start from."""
    if people is None:
        people = Participant.objects.admitted().filter(workshop=workshop)
    people = sorted(people, key=lambda p: (p.name.casefold(), p.pk))
    by_pk = {p.pk: p for p in people}
    seated = {pk for row in sheets.rows for pk in row["seated_pks"]}
    return {
        "tables": [
            {"row": row, "people": [by_pk[pk] for pk in row["seated_pks"] if pk in by_pk]}
            for row in sheets.rows
        ],
        "people": people,
        "unseated": [p for p in people if p.pk not in seated],
        "starts": None
        if sheets.final
        else sheet_services.starts_left(workshop, [row["sheet"] for row in sheets.rows]),
        # The people's and the tables' fields keep what is chosen through the pushes
        # (hx-preserve) while the choices they offer stay the same.
        "choices_key": "-".join(
            str(n)
            for n in (
                len(people),
                max(by_pk, default=0),
                len(sheets.rows),
                max((row["id"] for row in sheets.rows), default=0),
            )
        ),
        "sheets": sheets,
    }


def personal(participant, state) -> dict:
    return sheet_phone_context(participant)


# --- What the phone shows ------------------------------------------------------------------------


def choices_for(workshop, kind: str, current=()) -> list[tuple[int, str]]:
    """The checkboxes of a list field: the process's target publics, the actions presented in the
    workshop (else the organisation's catalogue), the workshop's levers; ids already chosen stay."""
    if kind == "publics":
        found = TargetPublic.objects.filter(process_id=workshop.process_id).order_by("name")
        rows = list(found.values_list("pk", "name"))
    elif kind == "actions":
        shown = Presentation.objects.filter(workshop=workshop).order_by("position", "id")
        rows = list(shown.values_list("action_id", "action__title"))
        if not rows:
            catalogue = Action.objects.of_workshop(workshop).order_by("title")
            rows = list(catalogue.values_list("pk", "title"))
    else:
        found = Lever.objects.filter(workshop=workshop).order_by("title", "id")
        rows = list(found.values_list("pk", "title"))
    missing = [pk for pk in current if pk not in {r[0] for r in rows}]
    if missing:
        attr = "name" if kind == "publics" else "title"
        found = choosable(kind, workshop.process_id).filter(pk__in=missing)
        rows += list(found.values_list("pk", attr))
    return rows


def field_context(
    sheet,
    state,
    *,
    choices=None,
    mine=None,
    conflict=None,
    base=None,
    save_to="action_sheets:phone_field",
    **extra,
) -> dict:
    """One field's fragment: its state, what the textarea holds (the stored value, or the
    author's own text after a conflict or an error), the version the next save starts from,
    where sheets.js saves it (the phone's address, or `save_to`: the facilitator's)."""
    field = state.field
    typed = mine if mine is not None else state.value
    return {
        "sheet": sheet,
        "save_url": reverse(save_to, args=[sheet.workshop_id, sheet.pk, field.name]),
        "field": field,
        "state": state,
        "typed": typed,
        "checked": set(typed) if field.is_list else set(),
        "choices": choices if field.is_list else None,
        "conflict": conflict,
        "theirs_shown": _shown(field, conflict.theirs, choices) if conflict else None,
        # After a conflict, saving again ("keep mine") starts from their version; after an
        # error, from the version the author started from (a later save still detects others).
        "base_version": base
        if base is not None
        else (conflict.their_version if conflict else state.version),
        **extra,
    }


def _shown(field, value, choices):
    if not field.is_list:
        return value
    names = dict(choices or ())
    return [names.get(pk, "?") for pk in value]


def tables_of(workshop) -> list[dict]:
    """The tables with their sheet's title, for the table choice and the comment form."""
    sheets = sheet_services.sheets_of(workshop)
    states = sheet_services.states_of(sheets) if sheets else {}
    return [{"pk": s.pk, "number": s.number, "title": states[s.pk]["title"].value} for s in sheets]


def sheet_phone_context(participant, *, answers=None, **extra) -> dict:
    """What the phone shows in the projects and finalisation steps: the participant's table and
    its sheet field by field, or the tables to join; the comment form. `answers`: per field
    name, what `field_context` shows after a save (saved, the conflict, the error and the
    author's own text). `my_row`: the table's progress and latest comments, as its card in the
    pushed list shows them (`_live_news.html`)."""
    workshop = participant.workshop
    my_sheet = sheet_services.table_of(participant)
    context = {"tables": tables_of(workshop), "my_sheet": my_sheet, "field_names": FIELDS, **extra}
    context.setdefault("comment", {"sheet": my_sheet.pk if my_sheet else None})
    # The duo who presents the workshop at the restitution hears it on their phone.
    context["is_referent"] = Referent.objects.filter(
        workshop=workshop, participant=participant
    ).exists()
    if my_sheet is not None:
        answers = answers or {}
        states = sheet_services.values_of(my_sheet)
        kinds = {f.kind for f in FIELDS if f.is_list}
        mine = {name: a["mine"] for name, a in answers.items() if a.get("mine") is not None}
        choices = {
            kind: choices_for(
                workshop,
                kind,
                [
                    pk
                    for f in FIELDS
                    if f.kind == kind
                    for pk in [*states[f.name].value, *mine.get(f.name, [])]
                ],
            )
            for kind in kinds
        }
        context["sheet_fields"] = [
            field_context(
                my_sheet, states[f.name], choices=choices.get(f.kind), **answers.get(f.name, {})
            )
            for f in FIELDS
        ]
        done = sheet_services.completeness(my_sheet, states)
        said = sheet_services.comments_of(my_sheet)
        context["my_row"] = {
            **done,
            "percent": round(100 * done["share"]),
            "comments": said[-COMMENTS_SHOWN:],
            "comment_count": len(said),
        }
    return context
