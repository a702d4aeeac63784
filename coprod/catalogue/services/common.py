"""Checks shared by the live steps' services: the step is running, the person
belongs to the workshop, and writes that wait out a locked SQLite database."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from coprod.core.params import posted_id
from coprod.participants.models import Participant
from coprod.workshops.models import Workshop


def person_of(workshop: Workshop, person) -> Participant | None:
    """A participant chosen by a facilitator (instance or posted id), of this workshop."""
    if person in (None, ""):
        return None
    pk = person.pk if isinstance(person, Participant) else posted_id(person)
    found = Participant.objects.admitted().filter(pk=pk, workshop=workshop).first()
    if found is None:
        raise PermissionDenied(_("Cette personne ne participe pas à cet atelier."))
    return found
