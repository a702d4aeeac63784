"""The names of the files a restitution is downloaded as."""

from django.utils.text import slugify

from coprod.processes.models import Process
from coprod.workshops.models import Workshop

from . import formats


def file_name_stem(titled: Workshop | Process, prefix: str = "restitution") -> str:
    """E.g. `restitution-atelier-4` (`donnees-atelier-4` with `prefix="donnees"`), for a
    workshop or a process."""
    return f"{prefix}-{slugify(titled.title)[:80].strip('-') or titled.pk}"


def file_name(titled: Workshop | Process, fmt: str, *, public: bool = False) -> str:
    """E.g. `restitution-atelier-4.pdf` (`…-public.pdf` for the version without names)."""
    stem = file_name_stem(titled)
    return f"{stem}{'-public' if public else ''}.{formats.FORMATS[fmt].extension}"
