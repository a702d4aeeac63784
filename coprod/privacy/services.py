"""Writes of the privacy app. Every act on someone's personal data leaves an audit entry."""

from django.db import transaction
from django.utils import timezone

from . import purge
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


def purge_due(*, now=None, process_id: int | None = None, dry_run: bool = False) -> list:
    """Pseudonymise the workshops past their process's retention (coprod.privacy.purge), each in
    its own transaction with its audit entry; with `dry_run`, only say what would change.
    Returns the plans (coprod.privacy.purge.ProcessPlan); a workshop already purged is skipped,
    so running it again changes nothing."""
    now = now or timezone.now()
    plans = purge.due_plans(now, process_id)
    if dry_run:
        return plans
    for plan in plans:
        for item in plan.workshops:
            with transaction.atomic():
                counts = purge.purge_workshop(item.workshop, now)
                if counts:
                    record(
                        plan.process.organisation,
                        actor=None,
                        action=AuditEntry.Action.PURGE,
                        target=f"atelier {item.workshop.pk} (démarche {plan.process.pk})",
                        due=plan.due.isoformat(),
                        **counts,
                    )
    return plans
