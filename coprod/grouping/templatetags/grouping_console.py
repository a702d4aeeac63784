"""What the console's groups region reads."""

from django import template

from .. import services

register = template.Library()


@register.simple_tag
def console_groups(workshop):
    """The groups with their proposals and syntheses (`services.groups_of`), numbered."""
    grouped = services.groups_of(workshop)
    for number, view in enumerate(grouped.groups, start=1):
        view.number = number
    return grouped
