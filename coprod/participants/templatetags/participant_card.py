"""The parts of a participant's own card that come from `IdentityForm` (choices, consent)."""

from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.utils.translation import get_language

from coprod.participants.forms import IdentityForm
from coprod.participants.models import Participant

register = template.Library()


@register.simple_tag
def card_choices(participant: Participant) -> str:
    """The type of organisation and the name consent, filled with the participant's answers."""
    return _card_choices(get_language(), participant.organisation_kind, participant.name_consent)


# Rendering the two widgets (a select of every organisation type) was a third of the phone's
# round-table page; the result only depends on these three values, so each is rendered once.
@lru_cache(maxsize=256)
def _card_choices(language: str, organisation_kind: str, name_consent: bool) -> str:
    form = IdentityForm(
        auto_id="me-%s",
        initial={"organisation_kind": organisation_kind, "name_consent": name_consent},
    )
    return render_to_string(
        "participants/_card_choices.html",
        {"kind": form["organisation_kind"], "consent": form["name_consent"]},
    )
