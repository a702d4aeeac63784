"""Which workshop a participant's token opens, cached: phones and integrations poll the live
state with their token, and the lookup was a third of such a read.

A token never changes; it works while its participant is admitted, and stops when they are
not (waiting, refused, removed) or deleted: any save or delete of the participant drops the cached
entry at once and again after commit.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from coprod.core.tokens import hash_secret

from .models import Participant

TTL = 600  # seconds


def _key(token_hash: str) -> str:
    return f"token-workshop:{token_hash}"


def workshop_id_for_token(token: str) -> int | None:
    """The workshop of the admitted participant holding `token`, or None for an unknown token
    or one not admitted (neither is remembered, so guessing cannot fill the cache)."""
    if not token:
        return None
    token_hash = hash_secret(token)
    workshop_id = cache.get(_key(token_hash))
    if workshop_id is None:
        workshop_id = (
            Participant.objects.admitted()
            .filter(token_hash=token_hash)
            .values_list("workshop_id", flat=True)
            .first()
        )
        if workshop_id is not None:
            cache.set(_key(token_hash), workshop_id, TTL)
    return workshop_id


def _forget(sender, instance, **kwargs) -> None:
    key = _key(instance.token_hash)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def connect() -> None:
    post_delete.connect(_forget, sender=Participant, dispatch_uid="participant-token-cache")
    post_save.connect(_forget, sender=Participant, dispatch_uid="participant-token-cache-save")
