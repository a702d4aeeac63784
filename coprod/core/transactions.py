"""A write that survives simultaneous writers (double taps, a room voting at once)."""

import random
import time

from django.db import IntegrityError, OperationalError, transaction

# A write that meets another one (a unique constraint hit by a double tap) is tried again this
# many times; one that finds the database locked (SQLite) is tried again for this long.
ATTEMPTS = 5
LOCKED_PATIENCE = 15.0


def write_with_retry(write, *, retry_collisions: bool = True):
    """Run `write()` in a transaction, again if a simultaneous write got in the way.

    On PostgreSQL the writes lock their rows, so they queue instead of colliding; on SQLite the
    database lock and the unique constraints are the guards: a locked database is waited out,
    and with `retry_collisions` a unique-constraint collision is tried again once the other
    write has committed (without it, the IntegrityError reaches the caller at once).
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
            if not retry_collisions or nested or collisions >= ATTEMPTS:
                raise
        except OperationalError as error:
            if nested or "locked" not in str(error) or time.monotonic() > deadline:
                raise
        time.sleep(random.uniform(0.002, 0.02))
