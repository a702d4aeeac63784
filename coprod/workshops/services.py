"""Workshop writes: creation, join codes, charter, live status."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from coprod.core.idempotency import clean_key
from coprod.realtime.events import publish_on_commit

from . import codes
from .models import Workshop


def require(actor, perm: str, workshop: Workshop) -> None:
    if not actor.has_perm(perm, workshop):
        raise PermissionDenied(_("Seuls les animateurs de cet atelier peuvent faire cela."))


def _fresh_code() -> str:
    for _attempt in range(20):
        code = codes.new_code()
        if not Workshop.objects.filter(join_code=code).exists():
            return code
    raise RuntimeError("no free join code")  # 27**6 codes: only reached if the table is full


def create_workshop(*, actor, process, title, question, client_key="", **fields) -> Workshop:
    """Create a workshop owned by `actor`, with a fresh join code and no steps; the same
    `client_key` again (the form sent twice) returns that workshop."""
    if not actor.has_perm("workshops.add_workshop", process):
        raise PermissionDenied(
            _("Seuls les membres de l'organisation de la démarche y créent un atelier.")
        )
    client_key = clean_key(client_key)
    if client_key:
        again = Workshop.objects.filter(facilitators=actor, client_key=client_key).first()
        if again is not None:
            return again
    if fields.get("expected_participants") is None:
        fields["expected_participants"] = process.expected_participants
    with transaction.atomic():
        priority_items = fields.pop("priority_items", None)
        for _attempt in range(3):
            try:
                with transaction.atomic():
                    workshop = Workshop.objects.create(
                        process=process,
                        title=title,
                        question=question,
                        join_code=_fresh_code(),
                        client_key=client_key,
                        **fields,
                    )
                break
            except IntegrityError:  # two creations drew the same code at once
                continue
        else:
            raise RuntimeError("could not allocate a join code")
        workshop.facilitators.add(actor)
        if priority_items is None:
            priority_items = process.priority_items.all()
        workshop.priority_items.set(priority_items)
    return workshop


def update_workshop(workshop: Workshop, *, actor, **fields) -> Workshop:
    require(actor, "workshops.change_workshop", workshop)
    priority_items = fields.pop("priority_items", None)
    if fields.get("expected_participants", 0) is None:
        fields.pop("expected_participants")
    with transaction.atomic():
        for name, value in fields.items():
            setattr(workshop, name, value)
        workshop.full_clean()
        workshop.save()
        if priority_items is not None:
            workshop.priority_items.set(priority_items)
        publish_on_commit(workshop.pk, "workshop.changed")
    return workshop


def regenerate_join_code(workshop: Workshop, *, actor) -> str:
    """A fresh code for the room: the old one lets nobody in any more, and registration opens
    again for whoever the facilitator shows the new one to (the board shows it at once)."""
    require(actor, "workshops.run_workshop", workshop)
    with transaction.atomic():
        workshop.join_code = _fresh_code()
        workshop.registration_open = True
        workshop.save(update_fields=["join_code", "registration_open", "updated_at"])
        publish_on_commit(workshop.pk, "registration.changed")
    return workshop.join_code


def remove_from_team(workshop: Workshop, user, *, actor) -> None:
    """Take `user` off the workshop's team: its animateurs or its teammates (their roles in the
    organisation, if any, stay: its administrators manage those)."""
    require(actor, "workshops.manage_team", workshop)
    with transaction.atomic():
        workshop.facilitators.remove(user)
        workshop.teammates.filter(user=user).delete()
