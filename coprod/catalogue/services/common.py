"""Checks shared by the live steps' services: clean text, the step is running, the person
belongs to the workshop, and writes that wait out a locked SQLite database."""

import unicodedata

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from coprod.core.params import posted_id
from coprod.participants.models import Participant
from coprod.workshops.models import Workshop


def clean_text(raw, *, label, max_length: int, multiline: bool = True) -> str:
    """Trimmed text without invisible control characters; line breaks kept when `multiline`."""
    value = unicodedata.normalize("NFC", str(raw if raw is not None else ""))
    value = "".join(c for c in value if unicodedata.category(c)[0] != "C" or c == "\n")
    if multiline:
        value = "\n".join(" ".join(line.split()) for line in value.split("\n")).strip()
    else:
        value = " ".join(value.split())
    if len(value) > max_length:
        raise ValidationError(
            _("%(label)s tient en %(max)d caractères au plus (%(n)d ici).")
            % {"label": label, "max": max_length, "n": len(value)}
        )
    return value


def person_of(workshop: Workshop, person) -> Participant | None:
    """A participant chosen by a facilitator (instance or posted id), of this workshop."""
    if person in (None, ""):
        return None
    pk = person.pk if isinstance(person, Participant) else posted_id(person)
    found = Participant.objects.admitted().filter(pk=pk, workshop=workshop).first()
    if found is None:
        raise PermissionDenied(_("Cette personne ne participe pas à cet atelier."))
    return found
