"""What the console's existing actions and levers regions read."""

from django import template

from ..live_forms import LeverForForm, WitnessForm
from ..models import Testimony
from ..services import live as services

register = template.Library()


def _offline(workshop):
    return list(workshop.participants.admitted().filter(has_phone=False).order_by("name", "id"))


@register.simple_tag
def console_presentation(workshop):
    """The presented actions in their order, the one on screen, its testimonies and the form
    of a testimony said aloud about it."""
    shown = services.presented(workshop)
    current = next((p for p in shown if p.is_current), None)
    said = services.testimonies(workshop, [current.action_id]) if current else []
    index = shown.index(current) if current else -1
    return {
        "shown": shown,
        "current": current,
        "testimonies": said,
        "max_witnesses": Testimony.MAX_WITNESSES,
        "full": len(said) >= Testimony.MAX_WITNESSES,
        "has_next": index + 1 < len(shown),
        "form": WitnessForm(people=_offline(workshop), prefix=f"w{current.pk}")
        if current
        else None,
    }


@register.simple_tag
def console_levers(workshop):
    """The levers by kind and a fresh form (a new idempotency key at each rendering)."""
    items = list(workshop.priority_items.all())
    actions = [p.action for p in services.presented(workshop)]
    levers = services.levers_of(workshop)
    return {
        "count": len(levers),
        "groups": services.levers_by_kind(levers),
        "form": LeverForForm(
            items=items, actions=actions, people=_offline(workshop), prefix="console-lever"
        ),
    }
