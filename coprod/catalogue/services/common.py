"""Checks shared by the live steps' services: clean text, the step is running, the person
belongs to the workshop, and writes that wait out a locked SQLite database."""

import random
import time
import unicodedata

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, transaction
from django.utils.translation import gettext as _

from coprod.core.params import posted_id
from coprod.participants.models import Participant
from coprod.workshops.models import Workshop

LOCKED_PATIENCE = 15.0


def clean_text(raw, *, label, max_length: int, multiline: bool = True) -> str:
    """Trimmed text without invisible control characters; line breaks kept when `multiline`."""
    value = unicodedata.normalize("NFC", str(raw if raw is not None else ""))
    value = "".join(c for c in value if unicodedata.category(c)[0] != "C" or c == "\n")
    if multiline:
        value = "\n".join(" ".join(line.split()) for line in value.split("\n")).strip()
    else:
        value = " ".join(value.split())
    if len(value) > max_length:
        raise ValidationError(
            _("%(label)s tient en %(max)d caractères au plus (%(n)d ici).")
            % {"label": label, "max": max_length, "n": len(value)}
        )
    return value


def atomic_with_patience(write):
    """Run `write()` in a transaction, again while SQLite answers that the database is locked
    (simultaneous writers); PostgreSQL queues them on the locked row instead."""
    nested = transaction.get_connection().in_atomic_block
    deadline = time.monotonic() + LOCKED_PATIENCE
    while True:
        try:
            with transaction.atomic():
                return write()
        except OperationalError as error:
            if nested or "locked" not in str(error) or time.monotonic() > deadline:
                raise
        time.sleep(random.uniform(0.002, 0.02))


def person_of(workshop: Workshop, person) -> Participant | None:
    """A participant chosen by a facilitator (instance or posted id), of this workshop."""
    if person in (None, ""):
        return None
    pk = person.pk if isinstance(person, Participant) else posted_id(person)
    found = Participant.objects.filter(pk=pk, workshop=workshop).first()
    if found is None:
        raise PermissionDenied(_("Cette personne ne participe pas à cet atelier."))
    return found
