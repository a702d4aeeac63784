"""Writes of the privacy app. Every act on someone's personal data leaves an audit entry."""

from .models import AuditEntry


def record(organisation, *, actor, action: str, target: str, **details) -> AuditEntry:
    """Log `action` on `target` by `actor` (None: coprod itself, e.g. the scheduled purge), in
    the caller's transaction: the act and its trace are written together or not at all."""
    return AuditEntry.objects.create(
        organisation=organisation,
        actor=actor,
        actor_name=actor.get_username() if actor is not None else "coprod",
        action=action,
        target=target[:300],
        details=details,
    )
