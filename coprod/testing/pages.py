"""Reading pages as a person does: the visible text, whatever the markup around it."""

import html

from django.utils.html import strip_tags


def visible_text(page) -> str:
    """The text of a response or an HTML string, tags removed, entities decoded, one line."""
    markup = page if isinstance(page, str) else page.content.decode()
    return " ".join(html.unescape(strip_tags(markup)).split())
