import uuid

from django import template
from django.urls import reverse

from coprod.core import links

register = template.Library()


@register.filter
def mmss(seconds) -> str:
    """A timer as the board shows it: 07:30, or −01:15 when the step overruns."""
    try:
        seconds = round(float(seconds))
    except (TypeError, ValueError):
        return "00:00"
    sign = "−" if seconds < 0 else ""
    seconds = abs(seconds)
    return f"{sign}{seconds // 60:02d}:{seconds % 60:02d}"


@register.simple_tag
def new_client_key() -> str:
    """A fresh key for a form written by hand (coprod.core.idempotency): render it only where
    each person gets their own copy, never in a region pushed to a whole audience."""
    return uuid.uuid4().hex


@register.simple_tag(takes_context=True)
def absolute_url(context, view_name: str, *args) -> str:
    """`{% url %}` as a full address (coprod/core/links.py): the public URL when set, else the
    address the page was opened at."""
    return links.absolute_url(context["request"], reverse(view_name, args=args))
