"""Joining a workshop by its code: who gets in at once, who waits, bursts of arrivals."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from coprod.core.idempotency import clean_key, create_once
from coprod.core.tokens import hash_secret, new_secret
from coprod.realtime.events import publish_on_commit
from coprod.workshops import codes
from coprod.workshops.models import Workshop

from ..models import (
    Participant,
)
from .cards import clean_identity


def workshop_for_code(raw_code: str) -> Workshop:
    """The workshop a join code opens, or a French error saying why not."""
    code = codes.normalise(raw_code or "")
    workshop = Workshop.objects.filter(join_code=code).first() if codes.looks_valid(code) else None
    if workshop is None:
        raise ValidationError(
            _(
                "Ce code ne correspond à aucun atelier. Vérifiez les 6 caractères affichés au tableau."
            )
        )
    if not workshop.is_open_to_join:
        raise ValidationError(
            _("Cet atelier est terminé : il n'est plus possible de le rejoindre.")
        )
    return workshop


# Joins faster than a room can arrive (a script, a code posted online): the console warns.
SURGE_JOINS = 20


SURGE_SECONDS = 10


def join(
    *,
    code,
    name,
    organisation="",
    link_to_theme="",
    organisation_kind="",
    name_consent=False,
    accept_charter=True,
    client_key="",
) -> tuple[Participant, str]:
    """Join a workshop by its code; returns the participant and their secret token.

    They take part at once while registration is open and fewer people than expected are in;
    otherwise they wait for a facilitator's approval (`Participant.Admission.PENDING`).
    Their name appears in the restitution only if `name_consent` (unticked by default).

    The same `client_key` again (a retry after a lost answer) returns the same participant and
    token: the token is then derived from the key and the server's secret, so the key must be
    random and kept secret like the token itself (JOIN_KEY_MIN characters at least)."""
    workshop = workshop_for_code(code)
    fields = clean_identity(name, organisation, link_to_theme, organisation_kind, name_consent)
    if workshop.charter_rules and not accept_charter:
        raise ValidationError(_("Pour participer, acceptez les règles du jeu de l'atelier."))
    client_key = clean_key(client_key)
    if client_key and len(client_key) < JOIN_KEY_MIN:
        raise ValidationError(
            _("La clé d'envoi d'une arrivée compte au moins %(min)d caractères tirés au hasard.")
            % {"min": JOIN_KEY_MIN}
        )
    token = _join_token(workshop, client_key) if client_key else new_secret()

    def create():
        # Locked: two joins at once must not both take the last expected place.
        locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
        admitted = locked.participants.admitted().count()
        room = locked.registration_open and admitted < locked.expected_participants
        participant = Participant.objects.create(
            workshop=locked,
            token_hash=hash_secret(token),
            charter_accepted_at=timezone.now() if accept_charter else None,
            admission=Participant.Admission.ADMITTED if room else Participant.Admission.PENDING,
            client_key=client_key,
            **fields,
        )
        _note_surge(locked)
        publish_on_commit(locked.pk, "participants.changed")
        return participant

    return create_once(workshop.participants.all(), client_key, create), token


JOIN_KEY_MIN = 16


def _join_token(workshop: Workshop, client_key: str) -> str:
    """The token of a join made with `client_key`: the same for a retry, out of reach without
    both the key and the server's secret."""
    return salted_hmac(
        "coprod.join", f"{workshop.uuid}:{client_key}", algorithm="sha256"
    ).hexdigest()


def _note_surge(workshop: Workshop) -> None:
    """Inside a join: remember when arrivals come faster than SURGE_JOINS in SURGE_SECONDS."""
    now = timezone.now()
    recent = workshop.participants.filter(
        joined_at__gte=now - timedelta(seconds=SURGE_SECONDS), has_phone=True
    ).count()
    if recent >= SURGE_JOINS and recent > workshop.join_surge_count:
        Workshop.objects.filter(pk=workshop.pk).update(join_surge_at=now, join_surge_count=recent)
