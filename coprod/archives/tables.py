"""An archive's tables as the importer reads them: shape checks and the two identities that
decide, before anything is written, who may import it. Raises `Invalid`."""

from django.core.exceptions import ValidationError

from . import schema


class Invalid(Exception):
    """The archive's data cannot be written: `detail` says where (for the refusal message)."""

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


def identities(tables) -> tuple[str, str]:
    """The uuids of the archive's process and workshop, to check rights before loading."""
    found = []
    for model in (schema.Process, schema.ROOT):
        found_rows = rows(tables, model) if isinstance(tables, dict) else []
        if len(found_rows) != 1:
            raise Invalid(schema.label(model))
        try:
            value = model._meta.get_field("uuid").to_python(found_rows[0].get("uuid"))
        except ValidationError:
            value = None
        if value is None:
            raise Invalid(f"{schema.label(model)}, uuid")
        found.append(str(value))
    return found[0], found[1]


def rows(tables: dict, model) -> list[dict]:
    """A table's rows: objects, each with its own archive number."""
    found = tables.get(schema.label(model), [])
    if not isinstance(found, list) or not all(
        isinstance(r, dict) and isinstance(r.get("id"), int) for r in found
    ):
        raise Invalid(schema.label(model))
    if len({r["id"] for r in found}) != len(found):
        raise Invalid(f"{schema.label(model)}: id")
    return found
