"""What the voting partials need that a template cannot compute: tallies and choices."""

from django import template

from .. import services
from ..models import ValidationVote

register = template.Library()


@register.simple_tag
def consent_tally(vote):
    """The facilitator's view of a vote: aggregates and objections (never their authors)."""
    return services.tally(vote) if vote is not None else None


@register.simple_tag
def share_choices():
    return ValidationVote.Share.choices
