"""JSON bodies as the API accepts them: an object, whose texts hold no control character and
whose integers fit in the 64 bits the databases store.

The services check what they store; this refuses, before any view, what no field accepts: a
bare `"hello"` (which pydantic would otherwise read attribute by attribute, `"hello".title()`
becoming a poll's title), a NUL that PostgreSQL cannot store, a number no column holds.
"""

from django.utils.translation import gettext as _
from ninja.parser import Parser

from coprod.core import cleaning
from coprod.core.text import has_control_characters

INT64 = range(-(2**63), 2**63)


class BadBody(ValueError):
    """A body refused with a French message (the API's HttpError handler shows it)."""


def _where(path: tuple) -> str:
    return ".".join(str(part) for part in path) or _("requête")


def _check(data) -> None:
    todo = [((), data)]
    while todo:
        path, value = todo.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if has_control_characters(key):
                    raise BadBody(cleaning.invisible(_where(path)).messages[0])
                todo.append(((*path, key), item))
        elif isinstance(value, list):
            todo.extend(((*path, i), item) for i, item in enumerate(value))
        elif isinstance(value, str) and has_control_characters(value):
            raise BadBody(cleaning.invisible(_where(path)).messages[0])
        elif isinstance(value, int) and value not in INT64:
            raise BadBody(
                _("« %(field)s » est hors des valeurs permises.") % {"field": _where(path)}
            )


class CheckedParser(Parser):
    def parse_body(self, request):
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise BadBody(_("Le corps de la requête doit être un objet JSON."))
        _check(data)
        return data
