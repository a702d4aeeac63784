"""What the console's proposals region reads: the proposals, hidden ones, who has no phone."""

import uuid

from django import template

register = template.Library()


@register.simple_tag
def console_proposals(workshop):
    proposals = list(
        workshop.proposals.select_related("priority_item", "author").order_by("-created_at", "-id")
    )
    return {
        "shown": [p for p in proposals if not p.hidden],
        "hidden": [p for p in proposals if p.hidden],
        "offline_people": list(
            workshop.participants.admitted().filter(has_phone=False).order_by("name", "id")
        ),
        # A fresh key at each rendering: a retry of this very form is counted once, the next
        # post-it (from a new rendering) is a new one.
        "client_key": uuid.uuid4().hex,
    }
