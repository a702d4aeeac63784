"""What the console's sheets region reads besides the panel's rows: names and forms."""

from django import template
from django.utils.translation import gettext as _

from .. import live
from ..forms import BlankTablesForm, CountForm, CreateForm, PollForm, ReferentsForm, SeatForm

register = template.Library()


@register.simple_tag
def console_sheets(workshop, sheets, people=None):
    """The tables with who sits at each, the people without a table, and the forms of the
    region (fresh idempotency keys at each rendering); `people`: the room's admitted
    participants when the page has read them already."""
    # A control's answer has no room read: the template's missing variable comes as "".
    context = live.console(workshop, sheets, people or None)
    people, rows = context["people"], sheets.rows
    seat = SeatForm(people=people, sheets=[row["sheet"] for row in rows], prefix="console-seat")
    seat.fields["sheet"].choices = [
        (row["id"], _("Table %(n)d — %(title)s") % {"n": row["number"], "title": row["label"]})
        for row in rows
    ]
    duo = sheets.referents
    context["forms"] = {
        "create": CreateForm(prefix="console-create"),
        "blank": BlankTablesForm(prefix="console-blank"),
        "assign": CountForm(prefix="console-assign", initial={"count": len(rows) or None}),
        "seat": seat,
        "referents": ReferentsForm(
            people=people,
            prefix="console-referents",
            initial={
                "first": duo[0].participant_id if duo else None,
                "second": duo[1].participant_id if len(duo) > 1 else None,
            },
        ),
        "poll": PollForm(prefix="console-poll"),
    }
    return context
