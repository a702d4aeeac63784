"""What the live pages show of the action sheets (projects and finalisation steps), read in a
bounded number of queries whatever the number of tables or people.

One read serves every audience: the board's progress and critiques, the console's overview, the
finalised sheets and, for the phones, every sheet's current values (the phones update their own
table's fields from them, see `core/static/core/sheets.js`).
"""

from collections import defaultdict

from django.db.models import Count

from coprod.action_sheets import services as sheet_services
from coprod.action_sheets.fields import FIELDS
from coprod.action_sheets.models import Comment, Seat, Sheet
from coprod.catalogue.models import Action, Lever
from coprod.processes.models import TargetPublic

SHEET_PANELS = ("projects", "finalisation")
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
