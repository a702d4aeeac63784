"""Which workshop a bearer token may read or drive."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from coprod.participants.models import Participant
from coprod.participants.services import require_admitted
from coprod.workshops.access import can_follow
from coprod.workshops.models import Workshop


def visible_workshop(request, workshop_id) -> Workshop:
    who = request.auth
    if isinstance(who, Participant):
        # Their token already brought their workshop along; any other one is out of reach.
        if who.workshop_id != workshop_id:
            raise PermissionDenied(_("Ce jeton ne donne pas accès à cet atelier."))
        require_admitted(who)
        return who.workshop
    workshop = get_object_or_404(Workshop, pk=workshop_id)
    # The workshop's team reads it; each write's service checks the role (run, enter…).
    if not can_follow(who, workshop):
        raise PermissionDenied(_("Ce jeton ne donne pas accès à cet atelier."))
    return workshop


def facilitated_workshop(request, workshop_id) -> Workshop:
    workshop = visible_workshop(request, workshop_id)
    if isinstance(request.auth, Participant):
        raise PermissionDenied(_("Un jeton de participant ne permet pas d'animer l'atelier."))
    return workshop
