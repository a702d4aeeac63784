"""Helpers for the forms of every app."""

import uuid

from django import forms
from django.core.exceptions import ValidationError

from .idempotency import KEY_MAX


class SentOnce(forms.Form):
    """A form that a retry cannot send twice: it carries a key made when it was shown, which the
    service keeps with what it creates (coprod.core.idempotency)."""

    client_key = forms.CharField(max_length=KEY_MAX, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("client_key", uuid.uuid4().hex)


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
