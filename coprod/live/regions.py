"""Render the live regions pushed to each audience: once per (coalesced) change, never per phone.

The same partials render the full pages, so a push and a fresh fetch show the same thing.
"""

from django.template.loader import render_to_string
from django.utils import translation

from . import state as live_state

# Which audiences see a change of each kind (others get nothing pushed).
AUDIENCES = {
    "step.changed": ("board", "participant", "facilitator"),
    "timer.changed": ("board", "participant", "facilitator"),
    "agenda.changed": ("board", "participant", "facilitator"),
    "participants.changed": ("board", "facilitator"),
    "mood.updated": ("board", "facilitator"),
}

TEMPLATES = {
    "board": "live/board.html#live",
    "participant": "live/phone.html#live",
    "facilitator": "live/console.html#live",
}
REGION_IDS = {"board": "board-live", "participant": "phone-live", "facilitator": "console-live"}


def wrap(audience: str, html: str) -> str:
    """An htmx out-of-band swap of the audience's live region, inside its aria-live container."""
    return f'<div id="{REGION_IDS[audience]}" hx-swap-oob="innerHTML">{html}</div>'


def render(workshop_id: int, event_types: list[str], audiences: set[tuple[str, str]]) -> dict:
    """Render the region of each (audience, language) connected here and concerned by the events.

    Returns {(audience, language): html} plus "json": the live state for API sockets.
    """
    concerned = {a for ev in event_types for a in AUDIENCES.get(ev, ())}
    state = live_state.load(workshop_id)
    out: dict = {"json": live_state.as_json(state)}
    for audience, language in audiences:
        if audience not in concerned:
            continue
        with translation.override(language):
            html = render_to_string(TEMPLATES[audience], {"live": state, "pushed": True})
        out[(audience, language)] = wrap(audience, html)
    return out
