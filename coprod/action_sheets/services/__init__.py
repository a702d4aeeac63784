"""Action sheet writes (authorise, validate, write in a transaction, publish) and reads.

editing   fields with versions: values_of, save_field (conflicts), save_sheet (all at once),
          history, restore, completeness
tables    sheets per table and seats: create_sheets (starts_left), assign_tables, take_seat,
          seat_for, overview
comments  comments and critiques (with their suggestion)
closing   the priority vote between the sheets and the duo of referents

Events: `sheet.changed` {sheet, field, version}, `sheet.commented` {sheet}, `tables.changed`,
`referents.changed` (and the voting app's `votes.changed` when the priority vote opens).
"""

from .closing import designate_referents, referents_of, start_priority_poll
from .comments import add_comment, comments_of
from .common import check_writer
from .editing import (
    Conflict,
    FieldState,
    SaveResult,
    SheetSave,
    clean_value,
    completeness,
    decode,
    field_named,
    field_state,
    history,
    restore,
    save_field,
    save_sheet,
    states_of,
    values_of,
)
from .tables import (
    MAX_TABLES,
    assign_tables,
    create_sheets,
    seat_for,
    sheets_of,
    sheets_overview,
    spread,
    starts_left,
    table_of,
    take_seat,
)

__all__ = [
    "MAX_TABLES",
    "Conflict",
    "FieldState",
    "SaveResult",
    "SheetSave",
    "add_comment",
    "assign_tables",
    "check_writer",
    "clean_value",
    "comments_of",
    "completeness",
    "create_sheets",
    "decode",
    "designate_referents",
    "field_named",
    "field_state",
    "history",
    "referents_of",
    "restore",
    "save_field",
    "save_sheet",
    "seat_for",
    "sheets_of",
    "sheets_overview",
    "spread",
    "start_priority_poll",
    "starts_left",
    "states_of",
    "table_of",
    "take_seat",
    "values_of",
]
