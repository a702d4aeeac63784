"""Writes that a retry cannot double: the same client key again gets the same row back.

A phone's double tap, a retry after a dropped connection, a facilitator's second click while
the first answer is slow: each form and API call carries a key made when the form was shown (or
by the API client), and the row it creates keeps it (a `client_key` column, unique per
workshop where not empty).
"""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

KEY_MAX = 64
_KEY = re.compile(r"[A-Za-z0-9_.:-]*")


def clean_key(raw) -> str:
    """A client key as given ("" when none), or a French error: letters, digits, - _ . : only."""
    key = str(raw or "")
    if len(key) > KEY_MAX or not _KEY.fullmatch(key):
        raise ValidationError(
            _("Clé d'envoi invalide : %(max)d lettres, chiffres ou - _ . : au plus.")
            % {"max": KEY_MAX}
        )
    return key


def create_once(queryset, client_key: str, create):
    """`create()` (inside a transaction), unless `queryset` already holds the row made with this
    client key: that row is returned instead. Two first tries at once: the one that loses the
    race on the unique constraint returns the winner's row."""
    if client_key:
        again = queryset.filter(client_key=client_key).first()
        if again is not None:
            return again
    try:
        with transaction.atomic():
            return create()
    except IntegrityError:
        again = queryset.filter(client_key=client_key).first() if client_key else None
        if again is None:
            raise
        return again
