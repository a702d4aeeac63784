"""Render the live regions pushed to each audience: once per (coalesced) change, never per phone.

The same partials render the full pages, so a push and a fresh fetch show the same thing.
"""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coprod.realtime.events import EVENTS

from . import state as live_state

# Which audiences see a change of each kind (others get nothing pushed): realtime.events.EVENTS.
AUDIENCES = {name: event.audiences for name, event in EVENTS.items()}

# Changes that only touch the sheets: while a sheets step is on, each audience gets its sheets
# region alone (a much smaller frame than the whole live region, and a cheaper read); in any
# other step they change nothing on the live pages.
SHEET_EVENTS = frozenset(name for name, event in EVENTS.items() if event.region == "sheets")
SHEET_TEMPLATES = {
    "board": "live/board.html#sheets",
    "participant": "live/phone.html#sheets",
    "facilitator": "live/console.html#sheets",
}
# Pushed beside an audience's sheets region (out of band): the console's next action.
SHEET_EXTRAS = {"facilitator": "live/console.html#next_action"}
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


# What the room changes on the console by itself (phones, a colleague's laptop): the console
# redraws it silently, so the facilitator's screen reader is told in a word.
ROOM_CHANGES = {
    "participants.changed": gettext_lazy("La liste des participants a changé."),
    "proposals.changed": gettext_lazy("Nouvelle proposition."),
    "tally.updated": gettext_lazy("Les votes ont changé."),
    "testimonies.changed": gettext_lazy("Nouveau témoignage."),
    "levers.changed": gettext_lazy("Les leviers ont changé."),
    "sheet.commented": gettext_lazy("Nouveau commentaire sur une fiche."),
}


# The console's own region for them: its main one tells what the facilitator just did, and a
# push caused by that very action must not cover it.
ROOM_ANNOUNCE_ID = "console-room-announce"


def room_changes(event_types: list[str]) -> str:
    """Out-of-band text for the console's room-changes live region, or ""."""
    said = " ".join(str(text) for ev, text in ROOM_CHANGES.items() if ev in event_types)
    return f'<p id="{ROOM_ANNOUNCE_ID}" hx-swap-oob="innerHTML">{escape(said)}</p>' if said else ""


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
                        extra = SHEET_EXTRAS.get(audience)
                        extra = (
                            render_to_string(extra, {"live": state, "oob": True}) if extra else ""
                        )
                        if audience == "facilitator":
                            extra += room_changes(event_types)
                    out[(audience, language)] = (
                        wrap(audience, html, region=SHEET_REGION_IDS[audience]) + extra
                    )
        return _with_refetches(out, workshop_id, event_types, audiences)
    for audience, language in audiences:
        if audience not in concerned:
            continue
        with translation.override(language):
            html = render_to_string(TEMPLATES[audience], {"live": state, "pushed": True})
            out[(audience, language)] = wrap(audience, html, announcement(state, event_types))
            if audience == "facilitator":
                out[(audience, language)] += room_changes(event_types)
    return _with_refetches(out, workshop_id, event_types, audiences)


def refetches(workshop_id: int, event_types: list[str]) -> str:
    """Out-of-band swaps that make each phone re-read the personal parts these events change
    (realtime.events.EVENTS `phone_refetch`): the part is replaced by a placeholder that loads
    the phone's personal region and keeps that part of it. A phone without the part (another
    step, nothing of its own to show) ignores it."""
    ids = sorted({i for ev in event_types if ev in EVENTS for i in EVENTS[ev].phone_refetch})
    if not ids:
        return ""
    url = escape(reverse("live:phone_me", args=[workshop_id]))
    return "".join(
        f'<div id="{i}" hx-swap-oob="outerHTML" hx-get="{url}" hx-select="#{i}"'
        f' hx-swap="outerHTML" hx-trigger="load"></div>'
        for i in ids
    )


def _with_refetches(out: dict, workshop_id: int, event_types: list[str], audiences) -> dict:
    extra = refetches(workshop_id, event_types)
    if extra:
        for audience, language in audiences:
            if audience == "participant":
                out[(audience, language)] = out.get((audience, language), "") + extra
    return out
