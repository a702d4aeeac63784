"""Helpers for the forms of every app."""

from django.core.exceptions import ValidationError


def error_text(form) -> str:
    """Every error of a refused form in one sentence, each after the label of its field when it
    has one (a phone shows them together above its form)."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        parts += [f"{label} : {error}" if label else error for error in errors]
    return " ".join(parts)


def refusal_text(error) -> str:
    """What to tell the person about a service's refusal (a ValidationError, or a
    PermissionDenied and the like)."""
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
