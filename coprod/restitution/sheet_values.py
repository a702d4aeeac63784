"""A workshop's action sheets with their fields' current values, read once for every output
(the document and the open data): list fields name what they point to, in three queries.

`filled_fields` is the one rule every document format follows: a sheet shows the fields that
hold something, never a row of « — » per empty field."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from coprod.action_sheets.fields import FIELDS, SheetField
from coprod.action_sheets.models import Sheet
from coprod.action_sheets.services import FieldState, states_of
from coprod.catalogue.models import Action, Lever
from coprod.processes.models import TargetPublic
from coprod.workshops.models import Workshop


@dataclass
class ReadSheet:
    sheet: Sheet
    states: dict[str, FieldState]
    # Each field's value by name; a list field's ids replaced by their names ("?" if gone).
    values: dict[str, object]


def read_sheets(workshop: Workshop) -> list[ReadSheet]:
    sheets = list(Sheet.objects.filter(workshop=workshop).order_by("number", "id"))
    states = states_of(sheets)
    wanted: dict[str, set[int]] = defaultdict(set)
    for fields in states.values():
        for field in FIELDS:
            if field.is_list:
                wanted[field.kind].update(fields[field.name].value)
    names = {
        "publics": dict(
            TargetPublic.objects.filter(pk__in=wanted["publics"]).values_list("pk", "name")
        ),
        "actions": dict(Action.objects.filter(pk__in=wanted["actions"]).values_list("pk", "title")),
        "levers": dict(Lever.objects.filter(pk__in=wanted["levers"]).values_list("pk", "title")),
    }
    found = []
    for sheet in sheets:
        fields = states[sheet.pk]
        values = {}
        for field in FIELDS:
            value = fields[field.name].value
            if field.is_list:
                value = [names[field.kind].get(i, "?") for i in value]
            values[field.name] = value
        found.append(ReadSheet(sheet=sheet, states=fields, values=values))
    return found


def filled_fields(read: ReadSheet) -> list[tuple[SheetField, str]]:
    """The fields of the sheet that hold something, in the sheet's order, as text (a list
    field's names joined by commas). Empty for a sheet nobody filled in."""
    found = []
    for field in FIELDS:
        value = read.values[field.name]
        text = ", ".join(value) if field.is_list else str(value).strip()
        if text:
            found.append((field, text))
    return found
