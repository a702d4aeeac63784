"""The short information notice, placed on the join page by `{% join_notice workshop %}`."""

from django import template

from ..notice import notice_for

register = template.Library()


@register.inclusion_tag("privacy/_join_notice.html")
def join_notice(workshop):
    return {"notice": notice_for(workshop), "workshop": workshop}
