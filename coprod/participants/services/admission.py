"""Who is in the room: the facilitator's decisions, and the gate every participant's write
passes."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coprod.agenda.kinds import writes_of
from coprod.realtime.events import publish_on_commit
from coprod.workshops.models import Workshop
from coprod.workshops.services import require

from ..models import (
    Participant,
)


def require_admitted(participant: Participant, *, for_actor: bool = False) -> None:
    """Only admitted participants take part: a waiting, refused or removed one is told why."""
    if participant.is_admitted:
        return
    Admission = Participant.Admission
    if for_actor:
        raise PermissionDenied(_("Cette personne n'est pas admise dans l'atelier."))
    if participant.admission == Admission.PENDING:
        raise PermissionDenied(_("Votre arrivée attend l'accord de l'animateur ou l'animatrice."))
    if participant.admission == Admission.REFUSED:
        raise PermissionDenied(_("Votre arrivée dans cet atelier n'a pas été acceptée."))
    raise PermissionDenied(_("Vous avez été retiré·e de cet atelier."))


def set_admission(participant: Participant, *, actor, admission: str) -> Participant:
    """A facilitator lets a waiting arrival in, refuses them, or takes someone out of the room
    (`remove_participant` in coprod.live.services also withdraws their open ballots)."""
    require(actor, "workshops.run_workshop", participant.workshop)
    if admission not in Participant.Admission.values:
        raise ValidationError(_("Choix d'admission inconnu."))
    with transaction.atomic():
        participant.admission = admission
        # save(), not update(): a token cached as admitted must stop working (participants.tokens).
        participant.save(update_fields=["admission"])
        publish_on_commit(participant.workshop_id, "participants.changed")
    return participant


def admit_all_pending(workshop: Workshop, *, actor) -> int:
    """Let every waiting arrival in at once; returns how many."""
    require(actor, "workshops.run_workshop", workshop)
    with transaction.atomic():
        count = workshop.participants.pending().update(admission=Participant.Admission.ADMITTED)
        if count:
            publish_on_commit(workshop.pk, "participants.changed")
    return count


def set_registration(workshop: Workshop, *, actor, open: bool) -> Workshop:
    """Open or close registration: once closed, each new arrival waits for approval."""
    require(actor, "workshops.run_workshop", workshop)
    with transaction.atomic():
        Workshop.objects.filter(pk=workshop.pk).update(registration_open=bool(open))
        publish_on_commit(workshop.pk, "registration.changed")
    workshop.refresh_from_db()
    return workshop


def dismiss_join_surge(workshop: Workshop, *, actor) -> Workshop:
    """The facilitator has seen the warning about a burst of arrivals."""
    require(actor, "workshops.run_workshop", workshop)
    with transaction.atomic():
        Workshop.objects.filter(pk=workshop.pk).update(join_surge_at=None, join_surge_count=0)
        publish_on_commit(workshop.pk, "participants.changed")
    workshop.refresh_from_db()
    return workshop


def room_of(workshop: Workshop) -> dict:
    """The workshop's participants by admission, in order of arrival."""
    Admission = Participant.Admission
    people = list(workshop.participants.order_by("joined_at", "id"))
    return {
        "admitted": [p for p in people if p.admission == Admission.ADMITTED],
        "pending": [p for p in people if p.admission == Admission.PENDING],
        "out": [p for p in people if p.admission in (Admission.REFUSED, Admission.REMOVED)],
    }


def check_acting(participant: Participant, actor) -> None:
    """A participant acts for themself; a facilitator may act for anyone of their workshop."""
    if actor is not None:
        require(actor, "workshops.enter_contributions", participant.workshop)
    require_admitted(participant, for_actor=actor is not None)


def check_writing_during(workshop: Workshop, participant: Participant, what: str, message) -> None:
    """A participant writes `what` ("proposal", "lever"…) only in a running workshop they joined
    and were admitted to, during a step whose kind allows it (`agenda.kinds.writes_of`, which
    the live pages' table shows); otherwise PermissionDenied (another workshop, not admitted) or
    ValidationError(`message`)."""
    if participant.workshop_id != workshop.pk:
        raise PermissionDenied(_("Vous ne participez pas à cet atelier."))
    require_admitted(participant)
    # Read the live state afresh: the caller's instance may predate a step change.
    status = Workshop.objects.values_list("status", flat=True).get(pk=workshop.pk)
    live = workshop.steps.live().first()
    if status != Workshop.Status.LIVE or live is None or what not in writes_of(live.kind):
        raise ValidationError(message)
