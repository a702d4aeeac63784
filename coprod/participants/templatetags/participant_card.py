"""The parts of a participant's own card that come from `IdentityForm` (choices, consent)."""

from django import template

from coprod.participants.forms import IdentityForm
from coprod.participants.models import Participant

register = template.Library()


@register.inclusion_tag("participants/_card_choices.html")
def card_choices(participant: Participant) -> dict:
    """The type of organisation and the name consent, filled with the participant's answers."""
    form = IdentityForm(
        auto_id="me-%s",
        initial={
            "organisation_kind": participant.organisation_kind,
            "name_consent": participant.name_consent,
        },
    )
    return {"kind": form["organisation_kind"], "consent": form["name_consent"]}
