"""The one table of step kinds: what each live page shows during a step, and what it allows.

A row per `agenda.kinds.StepKind` (and one for the moments without a current step). The three
live pages include the row's templates (`{% include live.panel.board %}`), `live.state.load`
calls its loader, the phone views its personal context, and the participants' writes are gated
by its `writes` (declared in `agenda.kinds`, below the apps that check them). Adding a step kind
is one row here, the app's `live.py` and its templates: see docs/architecture.md.

Templates follow one rule: `<app>/live/<page>_<topic>.html`, where page is `phone` (the step's
part of the phone's live region, around the personal region), `personal` (the phone's own
region), `board` or `console`, and topic the kind (or what the kinds sharing a template have in
common: `sheets`). They live in the app the step is about; loaders live in the lowest app that
may read all they need (`grouping.live` reads proposals and groups).
"""

from collections.abc import Callable
from dataclasses import dataclass

from coprod.action_sheets import live as sheets
from coprod.agenda.kinds import StepKind, writes_of
from coprod.catalogue import live as catalogue
from coprod.grouping import live as grouping
from coprod.participants import live as participants
from coprod.proposals import live as proposals
from coprod.voting import live as voting

Loader = Callable[[object], object]  # the live state -> the row's `data`
PersonalContext = Callable[[object, object], dict]  # (participant, live state) -> context


@dataclass(frozen=True)
class Panel:
    kind: str
    # The panel's name on the pages: the board's `panel-<name>` class and the phone's personal
    # region id. None: the step shows its instructions only.
    name: str | None = None
    # What the board and the console show (and the phones when `phone_load` is this), read
    # once per change for everyone: `live.data`.
    load: Loader | None = None
    # Templates (see the module's docstring); None: nothing of the step on that page.
    phone: str | None = None
    personal: str | None = None
    board: str | None = None
    console: str | None = None
    # The phone's own region, over HTTP (permission-checked, per participant): its context.
    personal_context: PersonalContext | None = None
    # What the phone's personal region depends on besides the step and the open ballots: a new
    # value gives the region a new id, so the phone re-fetches it; the same value keeps what is
    # being typed. `personal_region` is an id shared by kinds (the same sheet is still being
    # written from the projects to the finalisation), else the step's own.
    personal_key: Callable[[object], str] | None = None
    personal_region: str | None = None
    # What the phones' shared region needs read for each request (the cached phone state holds
    # no panel data): when set, the page cannot come from the shared shell.
    phone_load: Loader | None = None
    # The row's sheets region is pushed alone on sheet events (live/regions.py SHEET_EVENTS).
    sheets_region: bool = False
    # An open vote comes in a region of its own above the personal one, which keeps its id and
    # what is typed in it (the priority vote while a sheet is written), instead of replacing it.
    ballot_beside: bool = False
    # The panel shows every orientation with its counts: the pages' shared votes block leaves
    # out the open ones.
    own_orientations: bool = False

    @property
    def writes(self) -> frozenset[str]:
        """What participants may write during this step ("proposal", "sheet"…)."""
        return writes_of(self.kind)

    @property
    def per_request(self) -> bool:
        return self.phone_load is not None


_SHEETS = {
    "phone": "action_sheets/live/phone_sheets.html",
    "personal": "action_sheets/live/personal_sheets.html",
    "board": "action_sheets/live/board_sheets.html",
    "console": "action_sheets/live/console_sheets.html",
    "personal_context": sheets.personal,
    "personal_region": "sheets",
    "sheets_region": True,
    "ballot_beside": True,
}

PANELS: dict[str, Panel] = {
    StepKind.INTRODUCTION: Panel(
        StepKind.INTRODUCTION,
        "charter",
        phone="workshops/live/phone_charter.html",
        board="workshops/live/board_charter.html",
    ),
    StepKind.ROUND_TABLE: Panel(
        StepKind.ROUND_TABLE,
        "round_table",
        load=participants.roster,
        personal="participants/live/personal_round_table.html",
        board="participants/live/board_round_table.html",
        personal_context=participants.card_personal,
    ),
    StepKind.MOOD: Panel(
        StepKind.MOOD,
        "mood",
        load=participants.mood,
        personal="participants/live/personal_mood.html",
        board="participants/live/board_mood.html",
        console="participants/live/console_mood.html",
        personal_context=participants.mood_personal,
    ),
    StepKind.PROPOSALS: Panel(
        StepKind.PROPOSALS,
        "proposals",
        load=grouping.proposals_step,
        personal="proposals/live/personal_proposals.html",
        board="proposals/live/board_proposals.html",
        console="proposals/live/console_proposals.html",
        personal_context=proposals.personal,
    ),
    StepKind.EXISTING_ACTIONS: Panel(
        StepKind.EXISTING_ACTIONS,
        "existing_actions",
        load=catalogue.existing_actions,
        personal="catalogue/live/personal_existing_actions.html",
        board="catalogue/live/board_existing_actions.html",
        console="catalogue/live/console_existing_actions.html",
        personal_context=catalogue.testimony_personal,
        personal_key=catalogue.action_key,
        phone_load=catalogue.action_for_phones,
    ),
    StepKind.LEVERS: Panel(
        StepKind.LEVERS,
        "levers",
        load=catalogue.levers,
        personal="catalogue/live/personal_levers.html",
        board="catalogue/live/board_levers.html",
        console="catalogue/live/console_levers.html",
        personal_context=catalogue.lever_personal,
    ),
    StepKind.ORIENTATION: Panel(
        StepKind.ORIENTATION,
        "orientation",
        load=voting.orientation,
        personal="voting/live/personal_orientation.html",
        board="voting/live/board_orientation.html",
        console="voting/live/console_orientation.html",
        own_orientations=True,
    ),
    StepKind.PROJECTS: Panel(
        StepKind.PROJECTS,
        "projects",
        load=sheets.projects,
        phone_load=sheets.projects,
        **_SHEETS,
    ),
    StepKind.FINALISATION: Panel(
        StepKind.FINALISATION,
        "finalisation",
        load=sheets.finalisation,
        phone_load=sheets.finalisation,
        **_SHEETS,
    ),
    StepKind.FREE: Panel(StepKind.FREE),
}

# Before the first step, after the last, or a kind this version does not know.
NO_STEP = Panel("")


def of_step(step) -> Panel:
    return PANELS.get(step.kind, NO_STEP) if step is not None else NO_STEP
