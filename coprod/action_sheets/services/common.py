"""What the sheet writes share: who may write, who is named as the author, and a write that
waits out simultaneous writers."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from coprod.catalogue.services.common import person_of
from coprod.core.transactions import write_with_retry
from coprod.participants.models import Participant
from coprod.participants.services import check_writing_during
from coprod.workshops.models import Workshop
from coprod.workshops.services import require

from ..models import AUTHOR_MAX

__all__ = ["check_writer", "write_with_retry"]


def check_writer(
    workshop: Workshop, *, participant: Participant | None, actor
) -> tuple[Participant | None, str]:
    """Who writes, and the name kept with what they write.

    Any participant of the running workshop writes any sheet (people move between tables),
    during the projects or the finalisation step; a facilitator (`actor`) writes at any time,
    for themself or for a participant without a phone (`participant`).
    """
    if actor is not None:
        require(actor, "workshops.enter_contributions", workshop)
        author = person_of(workshop, participant)
        if author is not None:
            return author, author.name[:AUTHOR_MAX]
        return None, (actor.get_full_name() or actor.get_username())[:AUTHOR_MAX]
    if participant is None:
        raise PermissionDenied(_("Rejoignez d'abord l'atelier avec son code."))
    check_writing_during(
        workshop,
        participant,
        "sheet",
        _("Les fiches action s'écrivent pendant la construction des projets et la finalisation."),
    )
    return participant, participant.name[:AUTHOR_MAX]
