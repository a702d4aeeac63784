"""The projects and finalisation steps in the facilitator's console: the tables created from
the validated syntheses (or blank), the participants spread over them or seated one by one, the
duo of referents and the priority vote, without leaving it.

Each control posts with htmx and answers the console's sheets region (`#console-sheets`) with
a sentence for the console's polite live region; the board, the phones and the console's
« Prochaine action » follow through the services' events (`tables.changed`,
`referents.changed`, `votes.changed`). Without JavaScript the forms post and come back to the
console. The sheets page stays for preparation: a whole sheet, its history, its comments.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coprod.core.forms import error_text, refusal_text
from coprod.core.params import posted_id
from coprod.workshops.access import console_endpoint, console_region

from .. import live, services
from ..forms import BlankTablesForm, CountForm, CreateForm, PollForm, ReferentsForm
from ..models import Sheet

REGION = "action_sheets/_live_console.html"


def _answer(request, workshop, **message):
    """The sheets region again (htmx), or back to the console with the message."""
    extra = {"sheets": live.of_workshop(workshop)} if request.htmx else {}
    return console_region(request, workshop, REGION, **message, **extra)


def _run(request, workshop, write, notice):
    try:
        result = write()
    except ValidationError as error:
        return _answer(request, workshop, error=refusal_text(error))
    except PermissionDenied as refusal:  # someone of another workshop
        return _answer(request, workshop, error=str(refusal), status=403)
    return _answer(request, workshop, notice=notice(result))


def _submit(request, workshop, form, write, notice):
    """A form's control: its French errors, or the write (given the cleaned data) and the
    sentence saying what it did (given what the write returned)."""
    if not form.is_valid():
        return _answer(request, workshop, error=error_text(form))
    return _run(request, workshop, lambda: write(form.cleaned_data), notice)


@console_endpoint(methods=("GET",))
def sheets_region(request, workshop):
    """The sheets region alone (after a reconnection, or to check it)."""
    return _answer(request, workshop)


@console_endpoint()
def create(request, workshop):
    """One table per validated synthesis (or confirmed orientation) without one yet, or as many
    blank ones as asked; numbered after the existing tables."""
    # Two forms: the tables from the syntheses (a button), or a number of blank ones.
    if "console-blank-count" in request.POST:
        form = BlankTablesForm(request.POST, prefix="console-blank")
    else:
        form = CreateForm(request.POST, prefix="console-create")
    return _submit(
        request,
        workshop,
        form,
        lambda data: services.create_sheets(
            workshop, actor=request.user, count=data["count"], client_key=data["client_key"]
        ),
        lambda sheets: (
            ngettext(
                "%(n)d table créée, sa fiche prête.",
                "%(n)d tables créées, leurs fiches prêtes.",
                len(sheets),
            )
            % {"n": len(sheets)}
        ),
    )


@console_endpoint()
def assign(request, workshop):
    """Spread everyone over this many tables, replacing the earlier seating."""
    return _submit(
        request,
        workshop,
        CountForm(request.POST, prefix="console-assign"),
        lambda data: services.assign_tables(workshop, actor=request.user, count=data["count"]),
        lambda tables: (
            ngettext(
                "Les participants sont répartis en %(n)d table.",
                "Les participants sont répartis en %(n)d tables.",
                len(tables),
            )
            % {"n": len(tables)}
        ),
    )


@console_endpoint()
def seat(request, workshop):
    """Someone (without a phone, or at the wrong table) sits at a table."""
    sheet = Sheet.objects.filter(
        pk=posted_id(request.POST.get("console-seat-sheet")), workshop=workshop
    ).first()
    if sheet is None:
        return _answer(request, workshop, error=_("Choisissez une table de cet atelier."))
    return _run(
        request,
        workshop,
        lambda: services.seat_for(
            workshop, request.POST.get("console-seat-participant", ""), sheet, actor=request.user
        ),
        lambda placed: (
            _("%(name)s est à la table %(n)d.")
            % {"name": placed.participant.name, "n": sheet.number}
        ),
    )


@console_endpoint()
def referents(request, workshop):
    """The duo who presents the workshop at the restitution; their phones are told."""
    people = list(workshop.participants.admitted().order_by("name", "id"))
    return _submit(
        request,
        workshop,
        ReferentsForm(request.POST, people=people, prefix="console-referents"),
        lambda data: services.designate_referents(
            workshop, actor=request.user, participants=[data["first"], data["second"]]
        ),
        lambda duo: (
            _("Le duo de référents : %(a)s et %(b)s.")
            % {"a": duo[0].participant.name, "b": duo[1].participant.name}
        ),
    )


@console_endpoint()
def poll(request, workshop):
    """The priority vote between the sheets; it shows in the console's votes region."""
    return _submit(
        request,
        workshop,
        PollForm(request.POST, prefix="console-poll"),
        lambda data: services.start_priority_poll(
            workshop, actor=request.user, method=data["method"], client_key=data["client_key"]
        ),
        lambda _poll: _("Le vote de priorité entre les fiches est ouvert."),
    )
