"""What every vote write shares: who may vote, and a write that survives simultaneous taps."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from coprod.participants.models import Participant
from coprod.participants.services import require_admitted
from coprod.workshops.services import require


class VoteClosed(ValidationError):
    """The vote or poll is not open (any more): the API answers 409."""


def check_voter(workshop_id: int, participant: Participant, actor=None) -> None:
    """A participant votes for themself; a facilitator only for someone without a phone."""
    if actor is not None:
        require(actor, "workshops.enter_contributions", participant.workshop)
        if participant.workshop_id != workshop_id:
            raise PermissionDenied(_("Cette personne ne participe pas à cet atelier."))
        if participant.has_phone:
            raise PermissionDenied(
                _("Cette personne vote depuis son téléphone : son vote reste secret.")
            )
        require_admitted(participant, for_actor=True)
        return
    if participant is None or participant.workshop_id != workshop_id:
        raise PermissionDenied(_("Vous ne participez pas à cet atelier."))
    require_admitted(participant)
