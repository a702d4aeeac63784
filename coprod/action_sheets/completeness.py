"""What a sheet still lacks. Pure computation: no Django."""

from collections.abc import Iterable, Mapping


def missing(values: Mapping[str, object], required: Iterable[str]) -> list[str]:
    """The required field names whose value is empty (blank text or an empty list), in order."""
    out = []
    for name in required:
        value = values.get(name)
        if value is None or (isinstance(value, str) and not value.strip()) or value == []:
            out.append(name)
    return out


def share_done(values: Mapping[str, object], required: Iterable[str]) -> float:
    """The share of the required fields filled in, from 0 to 1."""
    required = list(required)
    if not required:
        return 1.0
    return 1 - len(missing(values, required)) / len(required)
