from django import template
from django.utils.safestring import mark_safe

from .. import charts

register = template.Library()


@register.filter
def chart_svg(chart):
    """The chart as inline SVG; `charts.svg` escapes every text it writes."""
    return mark_safe(charts.svg(chart))  # noqa: S308 — built from escaped texts only
