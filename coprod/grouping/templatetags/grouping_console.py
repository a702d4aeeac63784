"""What the console's groups region (the card board) reads."""

from dataclasses import dataclass

from django import template

from .. import cohesion, labels, services
from ..cohesion import Fit

register = template.Library()


@dataclass
class Card:
    proposal: object
    fit: Fit
    # The group it is closer to on average, when there is one (a GroupView).
    closer: object = None


@register.simple_tag
def console_groups(workshop):
    """The groups with their proposals and syntheses (`services.groups_of`); on each group its
    suggested label (`labels.suggest`) and its cards, each with how well it sits there
    (`cohesion.member_fits`), the weakly placed first."""
    grouped = services.groups_of(workshop)
    views = [view for view in grouped.groups if view.proposals]
    texts = [[p.text for p in view.proposals] for view in views]
    suggestions = labels.suggest(texts)
    fits = cohesion.member_fits(texts)
    for view, suggestion, group_fits in zip(views, suggestions, fits, strict=True):
        view.suggested_label = suggestion
        cards = [
            Card(proposal, fit, None if fit.closer_group is None else views[fit.closer_group])
            for proposal, fit in zip(view.proposals, group_fits, strict=True)
        ]
        # Stable: the weak ones first, the others in their order.
        view.cards = sorted(cards, key=lambda card: not card.fit.weak)
    grouped.columns = views
    return grouped
