"""What the voting partials need that a template cannot compute: tallies and choices."""

from django import template

from .. import services
from ..models import Grade, ValidationVote

register = template.Library()


@register.simple_tag
def consent_tally(vote):
    """The facilitator's view of a vote: aggregates and objections (never their authors)."""
    return services.tally(vote) if vote is not None else None


@register.simple_tag
def share_choices():
    return ValidationVote.Share.choices


@register.simple_tag
def console_orientation(workshop, sent=None, errors=None):
    """The console's orientation region: every orientation, its decision form and turnout."""
    from ..views.console import orientation_region_context

    return orientation_region_context(workshop, sent=sent, errors=errors)


@register.simple_tag
def grades_best_first():
    return [(g.value, g.label) for g in reversed(Grade)]
