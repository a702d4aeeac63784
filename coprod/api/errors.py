"""Schema errors in plain French, whatever pydantic says."""

from django.utils.translation import gettext as _

from coprod.core import cleaning


def _field(error: dict) -> str:
    loc = [
        str(part)
        for part in error.get("loc", ())
        if part not in ("body", "payload", "query", "path")
    ]
    return ".".join(loc) or _("requête")


def _one(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx", {}) or {}
    field = _field(error)
    if kind == "missing":
        return _("Le champ « %(field)s » est obligatoire.") % {"field": field}
    if kind == "string_too_long":
        return cleaning.too_long(field, ctx.get("max_length", 0)).messages[0]
    if kind in ("greater_than_equal", "less_than_equal"):
        return _("« %(field)s » est hors des valeurs permises.") % {"field": field}
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return _("« %(field)s » n'a pas le bon type.") % {"field": field}
    return _("« %(field)s » est invalide.") % {"field": field}


def schema_error_text(errors: list[dict]) -> str:
    return " ".join(_one(e) for e in errors) or _("Requête invalide.")
