"""Render the live regions pushed to each audience: once per (coalesced) change, never per phone.

The same partials render the full pages, so a push and a fresh fetch show the same thing.
"""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from . import state as live_state

# Which audiences see a change of each kind (others get nothing pushed).
AUDIENCES = {
    "step.changed": ("board", "participant", "facilitator"),
    "timer.changed": ("board", "participant", "facilitator"),
    "agenda.changed": ("board", "participant", "facilitator"),
    "participants.changed": ("board", "facilitator"),
    # Registration closed or opened, or a new join code: the board's corner and the console.
    "registration.changed": ("board", "facilitator"),
    "mood.updated": ("board", "facilitator"),
    "proposals.changed": ("board", "facilitator"),
    "groups.changed": ("board", "facilitator"),
    # A vote or poll opens or closes: phones swap to (or from) their ballot.
    "votes.changed": ("board", "participant", "facilitator"),
    "tally.updated": ("board", "facilitator"),
    # The action on the board changes: phones offer to testify on the new one.
    "presentation.changed": ("board", "participant", "facilitator"),
    "testimonies.changed": ("board", "facilitator"),
    "levers.changed": ("board", "facilitator"),
    # Action sheets (projects and finalisation steps): phones show every sheet's values and
    # update their own table's fields from them; the board and console show the progress.
    "sheet.changed": ("board", "participant", "facilitator"),
    "sheet.commented": ("board", "participant", "facilitator"),
    "tables.changed": ("board", "participant", "facilitator"),
    "referents.changed": ("board", "facilitator"),
    # Redis came back after an outage (realtime.layers): what other processes changed meanwhile
    # never arrived here, so every region is pushed again as it is now.
    "resync": ("board", "participant", "facilitator"),
}

# Changes that only touch the sheets: while a sheets step is on, each audience gets its sheets
# region alone (a much smaller frame than the whole live region, and a cheaper read); in any
# other step they change nothing on the live pages.
SHEET_EVENTS = frozenset(
    {"sheet.changed", "sheet.commented", "tables.changed", "referents.changed"}
)
SHEET_TEMPLATES = {
    "board": "live/board.html#sheets",
    "participant": "live/phone.html#sheets",
    "facilitator": "live/console.html#sheets",
}
SHEET_REGION_IDS = {
    "board": "board-sheets",
    "participant": "phone-sheets",
    "facilitator": "console-sheets",
}

TEMPLATES = {
    "board": "live/board.html#live",
    "participant": "live/phone.html#live",
    "facilitator": "live/console.html#live",
}
REGION_IDS = {"board": "board-live", "participant": "phone-live", "facilitator": "console-live"}
ANNOUNCE_IDS = {
    "board": "board-announce",
    "participant": "phone-announce",
    "facilitator": "console-announce",
}


def wrap(audience: str, html: str, announcement: str = "", *, region: str = "") -> str:
    """An htmx out-of-band swap of the audience's live region, plus a screen-reader announcement.

    The region itself is not aria-live (a timer change would re-read the whole step); a short
    sentence goes to a separate polite live region instead.
    """
    out = f'<div id="{region or REGION_IDS[audience]}" hx-swap-oob="innerHTML">{html}</div>'
    if announcement:
        out += (
            f'<p id="{ANNOUNCE_IDS[audience]}" hx-swap-oob="innerHTML">{escape(announcement)}</p>'
        )
    return out


def removed_notice(language: str) -> str:
    """The last frame a removed participant's phone gets before its socket closes."""
    with translation.override(language):
        text = escape(_("Vous avez été retiré·e de cet atelier."))
    return wrap("participant", f'<p class="card" role="alert">{text}</p>')


def announcement(state, event_types: list[str]) -> str:
    """What a screen reader should hear after these changes."""
    if "step.changed" in event_types:
        if state.workshop.status == "ended":
            return _("L'atelier est terminé.")
        if state.current:
            return _("Nouvelle séquence : %(title)s") % {"title": state.current.title}
    if "timer.changed" in event_types and state.current:
        if state.current.status == "paused":
            return _("Minuteur en pause.")
        return _("Minuteur : il reste %(minutes)d minutes.") % {
            "minutes": max(0, round((state.remaining_seconds or 0) / 60))
        }
    return ""


def render(workshop_id: int, event_types: list[str], audiences: set[tuple[str, str]]) -> dict:
    """Render the region of each (audience, language) connected here and concerned by the events.

    Returns {(audience, language): html} plus "json": the live state for API sockets.
    """
    concerned = {a for ev in event_types for a in AUDIENCES.get(ev, ())}
    # The panels (roster, mood tally) only appear in HTML regions: API sockets alone skip them.
    html_needed = any(audience in concerned for audience, _language in audiences)
    sheets_only = set(event_types) <= SHEET_EVENTS
    state = live_state.load(workshop_id, with_panels=html_needed and not sheets_only)
    out: dict = {"json": live_state.as_json(state)}
    if sheets_only:
        if html_needed and state.sheets_panel:
            live_state.load_sheets(state)
            for audience, language in audiences:
                if audience in concerned:
                    with translation.override(language):
                        html = render_to_string(SHEET_TEMPLATES[audience], {"live": state})
                    out[(audience, language)] = wrap(
                        audience, html, region=SHEET_REGION_IDS[audience]
                    )
        return out
    for audience, language in audiences:
        if audience not in concerned:
            continue
        with translation.override(language):
            html = render_to_string(TEMPLATES[audience], {"live": state, "pushed": True})
            out[(audience, language)] = wrap(audience, html, announcement(state, event_types))
    return out
