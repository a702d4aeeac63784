"""The round-table card: joining's fields, people without a phone, editing one's card,
presence, the roster."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coprod.core import cleaning
from coprod.core.idempotency import clean_key, create_once
from coprod.core.tokens import hash_secret, new_secret
from coprod.realtime.events import publish_on_commit
from coprod.workshops.models import Workshop
from coprod.workshops.services import require

from ..models import (
    LINK_MAX,
    NAME_MAX,
    ORGANISATION_MAX,
    OrganisationKind,
    Participant,
)


def clean_line(value, *, label: str, max_length: int, required: bool = False) -> str:
    value = cleaning.line(value, label=label, max_length=max_length)
    if required and not value:
        raise ValidationError(_("Indiquez votre %(label)s.") % {"label": label})
    return value


def _clean_kind(value) -> str:
    """One of `OrganisationKind`'s codes, or "" when not given."""
    value = str(value or "").strip()
    if value and value not in OrganisationKind.values:
        raise ValidationError(
            _("Type de structure inconnu : « %(kind)s ». Valeurs possibles : %(choices)s, ou vide.")
            % {"kind": value[:30], "choices": ", ".join(OrganisationKind.values)}
        )
    return value


def _clean_consent(value) -> bool:
    # A real boolean only: the text "false" must never count as a yes.
    if not isinstance(value, bool):
        raise ValidationError(
            _("L'accord pour que le nom figure dans la restitution doit être oui ou non.")
        )
    return value


def clean_identity(
    name, organisation, link_to_theme, organisation_kind=None, name_consent=None
) -> dict:
    """The round-table card, cleaned; the kind and the consent only when given (not None)."""
    fields = {
        "name": clean_line(name, label=_("nom"), max_length=NAME_MAX, required=True),
        "organisation": clean_line(organisation, label=_("structure"), max_length=ORGANISATION_MAX),
        "link_to_theme": clean_line(
            link_to_theme, label=_("lien avec la thématique"), max_length=LINK_MAX
        ),
    }
    if organisation_kind is not None:
        fields["organisation_kind"] = _clean_kind(organisation_kind)
    if name_consent is not None:
        fields["name_consent"] = _clean_consent(name_consent)
    return fields


def add_participant_without_phone(
    workshop: Workshop,
    *,
    actor,
    name,
    organisation="",
    link_to_theme="",
    organisation_kind="",
    name_consent=False,
    client_key="",
) -> Participant:
    """The facilitator registers someone who has no phone and will act for them (having asked
    them whether their name may appear in the restitution); the same `client_key` again adds
    nobody more."""
    require(actor, "workshops.enter_contributions", workshop)
    fields = clean_identity(name, organisation, link_to_theme, organisation_kind, name_consent)
    client_key = clean_key(client_key)

    def create():
        participant = Participant.objects.create(
            workshop=workshop,
            token_hash=hash_secret(new_secret()),  # never handed out: nobody logs in as them
            has_phone=False,
            charter_accepted_at=timezone.now(),
            client_key=client_key,
            **fields,
        )
        publish_on_commit(workshop.pk, "participants.changed")
        return participant

    return create_once(workshop.participants.filter(has_phone=False), client_key, create)


def update_identity(
    participant: Participant,
    *,
    name,
    organisation="",
    link_to_theme="",
    organisation_kind=None,
    name_consent=None,
):
    """A participant edits their own card from their phone, their consent included (given or
    withdrawn at any time); `None` leaves the kind or the consent as it is."""
    fields = clean_identity(name, organisation, link_to_theme, organisation_kind, name_consent)
    with transaction.atomic():
        Participant.objects.filter(pk=participant.pk).update(**fields)
        publish_on_commit(participant.workshop_id, "participants.changed")
    participant.refresh_from_db()
    return participant


def mark_connection(participant_id: int, *, connected: bool) -> None:
    """A phone's live connection opened or closed: the console shows who is online."""
    field = "connected_at" if connected else "disconnected_at"
    with transaction.atomic():
        participant = Participant.objects.filter(pk=participant_id).first()
        if participant is None:
            return
        Participant.objects.filter(pk=participant_id).update(**{field: timezone.now()})
        publish_on_commit(participant.workshop_id, "presence.changed")


def participant_for_token(token: str) -> Participant | None:
    if not token:
        return None
    # get(), not first(): no ORDER BY to compile on every authenticated request.
    try:
        return Participant.objects.select_related("workshop").get(token_hash=hash_secret(token))
    except Participant.DoesNotExist:
        return None


def roster_by_organisation(workshop: Workshop) -> list[tuple[str, list[Participant]]]:
    """Participants grouped by their structure, for the round table."""
    groups: dict[str, list[Participant]] = {}
    for p in workshop.participants.admitted().order_by("organisation", "name"):
        groups.setdefault(p.shown_organisation, []).append(p)
    return sorted(groups.items(), key=lambda item: item[0].lower())
