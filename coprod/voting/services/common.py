"""What every vote write shares: who may vote, and a write that survives simultaneous taps."""

import random
import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils.translation import gettext as _

from coprod.participants.models import Participant
from coprod.proposals import text
from coprod.workshops.services import require

# A write that meets another one (a unique constraint hit by a double tap) is tried again this
# many times; one that finds the database locked (SQLite) is tried again for this long.
ATTEMPTS = 5
LOCKED_PATIENCE = 15.0


class VoteClosed(ValidationError):
    """The vote or poll is not open (any more): the API answers 409."""


def check_voter(workshop_id: int, participant: Participant, actor=None) -> None:
    """A participant votes for themself; a facilitator only for someone without a phone."""
    if actor is not None:
        require(actor, "workshops.run_workshop", participant.workshop)
        if participant.workshop_id != workshop_id:
            raise PermissionDenied(_("Cette personne ne participe pas à cet atelier."))
        if participant.has_phone:
            raise PermissionDenied(
                _("Cette personne vote depuis son téléphone : son vote reste secret.")
            )
        return
    if participant is None or participant.workshop_id != workshop_id:
        raise PermissionDenied(_("Vous ne participez pas à cet atelier."))


def clean_text(raw, *, label: str, max_length: int) -> str:
    value = text.clean(raw)
    if len(value) > max_length:
        raise ValidationError(
            _("%(label)s tient en %(max)d caractères au plus (%(n)d ici).")
            % {"label": label, "max": max_length, "n": len(value)}
        )
    return value


def write_with_retry(write):
    """Run `write()` in a transaction, again if a simultaneous write got in the way.

    On PostgreSQL the writes lock the vote's row, so they queue instead of colliding; on
    SQLite the unique constraints and the database lock are the guards, and a collision is
    simply tried again once the other write has committed.
    """
    nested = transaction.get_connection().in_atomic_block
    deadline = time.monotonic() + LOCKED_PATIENCE
    collisions = 0
    while True:
        try:
            with transaction.atomic():
                return write()
        except IntegrityError:
            collisions += 1
            # Inside an outer transaction the retry cannot see the other write: let it fail.
            if nested or collisions >= ATTEMPTS:
                raise
        except OperationalError as error:
            if nested or "locked" not in str(error) or time.monotonic() > deadline:
                raise
        time.sleep(random.uniform(0.002, 0.02))
