"""The workshop a facilitator's page is about, or a French refusal."""

from django.shortcuts import get_object_or_404

from .models import Workshop
from .services import require


def facilitated(request, workshop_id, perm: str = "workshops.run_workshop") -> Workshop:
    """The workshop `request.user` may run (404 if none, 403 if not theirs)."""
    workshop = get_object_or_404(Workshop.objects.select_related("process"), pk=workshop_id)
    require(request.user, perm, workshop)
    return workshop
