"""Participant writes: joining by code, people without a phone, the mood check."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from coprod.agenda.kinds import StepKind
from coprod.core.tokens import hash_secret, new_secret
from coprod.realtime.events import publish_on_commit
from coprod.workshops import codes
from coprod.workshops.models import Workshop
from coprod.workshops.services import require

from .models import (
    LINK_MAX,
    MOOD_WORD_MAX,
    NAME_MAX,
    ORGANISATION_MAX,
    MoodVote,
    OrganisationKind,
    Participant,
)


def _text(value, *, label: str, max_length: int, required: bool = False) -> str:
    value = " ".join(str(value or "").split())  # one line, no stray spaces
    if required and not value:
        raise ValidationError(_("Indiquez votre %(label)s.") % {"label": label})
    if len(value) > max_length:
        raise ValidationError(
            _("« %(label)s » ne doit pas dépasser %(max)d caractères.")
            % {"label": label, "max": max_length}
        )
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


def _clean_identity(
    name, organisation, link_to_theme, organisation_kind=None, name_consent=None
) -> dict:
    """The round-table card, cleaned; the kind and the consent only when given (not None)."""
    fields = {
        "name": _text(name, label=_("nom"), max_length=NAME_MAX, required=True),
        "organisation": _text(organisation, label=_("structure"), max_length=ORGANISATION_MAX),
        "link_to_theme": _text(
            link_to_theme, label=_("lien avec la thématique"), max_length=LINK_MAX
        ),
    }
    if organisation_kind is not None:
        fields["organisation_kind"] = _clean_kind(organisation_kind)
    if name_consent is not None:
        fields["name_consent"] = _clean_consent(name_consent)
    return fields


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
) -> tuple[Participant, str]:
    """Join a workshop by its code; returns the participant and their secret token.

    They take part at once while registration is open and fewer people than expected are in;
    otherwise they wait for a facilitator's approval (`Participant.Admission.PENDING`).
    Their name appears in the restitution only if `name_consent` (unticked by default)."""
    workshop = workshop_for_code(code)
    fields = _clean_identity(name, organisation, link_to_theme, organisation_kind, name_consent)
    if workshop.charter_rules and not accept_charter:
        raise ValidationError(_("Pour participer, acceptez les règles du jeu de l'atelier."))
    token = new_secret()
    with transaction.atomic():
        # Locked: two joins at once must not both take the last expected place.
        workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
        admitted = workshop.participants.admitted().count()
        room = workshop.registration_open and admitted < workshop.expected_participants
        participant = Participant.objects.create(
            workshop=workshop,
            token_hash=hash_secret(token),
            charter_accepted_at=timezone.now() if accept_charter else None,
            admission=Participant.Admission.ADMITTED if room else Participant.Admission.PENDING,
            **fields,
        )
        _note_surge(workshop)
        publish_on_commit(workshop.pk, "participants.changed")
    return participant, token


def _note_surge(workshop: Workshop) -> None:
    """Inside a join: remember when arrivals come faster than SURGE_JOINS in SURGE_SECONDS."""
    now = timezone.now()
    recent = workshop.participants.filter(
        joined_at__gte=now - timedelta(seconds=SURGE_SECONDS), has_phone=True
    ).count()
    if recent >= SURGE_JOINS and recent > workshop.join_surge_count:
        Workshop.objects.filter(pk=workshop.pk).update(join_surge_at=now, join_surge_count=recent)


def add_participant_without_phone(
    workshop: Workshop,
    *,
    actor,
    name,
    organisation="",
    link_to_theme="",
    organisation_kind="",
    name_consent=False,
) -> Participant:
    """The facilitator registers someone who has no phone and will act for them (having asked
    them whether their name may appear in the restitution)."""
    require(actor, "workshops.run_workshop", workshop)
    fields = _clean_identity(name, organisation, link_to_theme, organisation_kind, name_consent)
    with transaction.atomic():
        participant = Participant.objects.create(
            workshop=workshop,
            token_hash=hash_secret(new_secret()),  # never handed out: nobody logs in as them
            has_phone=False,
            charter_accepted_at=timezone.now(),
            **fields,
        )
        publish_on_commit(workshop.pk, "participants.changed")
    return participant


def set_admission(participant: Participant, *, actor, admission: str) -> Participant:
    """A facilitator lets a waiting arrival in, refuses them, or takes someone out of the room
    (`remove_participant` in coprod.live.services also withdraws their open ballots)."""
    require(actor, "workshops.run_workshop", participant.workshop)
    if admission not in Participant.Admission.values:
        raise ValidationError(_("Choix d'admission inconnu."))
    with transaction.atomic():
        participant.admission = admission
        # save(), not update(): a token cached as admitted must stop working (participants.tokens).
        participant.save(update_fields=["admission"])
        publish_on_commit(participant.workshop_id, "participants.changed")
    return participant


def admit_all_pending(workshop: Workshop, *, actor) -> int:
    """Let every waiting arrival in at once; returns how many."""
    require(actor, "workshops.run_workshop", workshop)
    with transaction.atomic():
        count = workshop.participants.pending().update(admission=Participant.Admission.ADMITTED)
        if count:
            publish_on_commit(workshop.pk, "participants.changed")
    return count


def set_registration(workshop: Workshop, *, actor, open: bool) -> Workshop:
    """Open or close registration: once closed, each new arrival waits for approval."""
    require(actor, "workshops.run_workshop", workshop)
    with transaction.atomic():
        Workshop.objects.filter(pk=workshop.pk).update(registration_open=bool(open))
        publish_on_commit(workshop.pk, "registration.changed")
    workshop.refresh_from_db()
    return workshop


def dismiss_join_surge(workshop: Workshop, *, actor) -> Workshop:
    """The facilitator has seen the warning about a burst of arrivals."""
    require(actor, "workshops.run_workshop", workshop)
    with transaction.atomic():
        Workshop.objects.filter(pk=workshop.pk).update(join_surge_at=None, join_surge_count=0)
        publish_on_commit(workshop.pk, "participants.changed")
    workshop.refresh_from_db()
    return workshop


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
    fields = _clean_identity(name, organisation, link_to_theme, organisation_kind, name_consent)
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
        publish_on_commit(participant.workshop_id, "participants.changed")


def participant_for_token(token: str) -> Participant | None:
    if not token:
        return None
    # get(), not first(): no ORDER BY to compile on every authenticated request.
    try:
        return Participant.objects.select_related("workshop").get(token_hash=hash_secret(token))
    except Participant.DoesNotExist:
        return None


def require_admitted(participant: Participant, *, for_actor: bool = False) -> None:
    """Only admitted participants take part: a waiting, refused or removed one is told why."""
    if participant.is_admitted:
        return
    Admission = Participant.Admission
    if for_actor:
        raise PermissionDenied(_("Cette personne n'est pas admise dans l'atelier."))
    if participant.admission == Admission.PENDING:
        raise PermissionDenied(_("Votre arrivée attend l'accord de l'animateur ou l'animatrice."))
    if participant.admission == Admission.REFUSED:
        raise PermissionDenied(_("Votre arrivée dans cet atelier n'a pas été acceptée."))
    raise PermissionDenied(_("Vous avez été retiré·e de cet atelier."))


def _check_acting(participant: Participant, actor) -> None:
    """A participant acts for themself; a facilitator may act for anyone of their workshop."""
    if actor is not None:
        require(actor, "workshops.run_workshop", participant.workshop)
    require_admitted(participant, for_actor=actor is not None)


def check_writing_during(workshop: Workshop, participant: Participant, kinds, message) -> None:
    """A participant writes only in a running workshop they joined and were admitted to, during
    a step of one of `kinds`; otherwise PermissionDenied (another workshop, not admitted) or
    ValidationError(`message`)."""
    if participant.workshop_id != workshop.pk:
        raise PermissionDenied(_("Vous ne participez pas à cet atelier."))
    require_admitted(participant)
    # Read the live state afresh: the caller's instance may predate a step change.
    status = Workshop.objects.values_list("status", flat=True).get(pk=workshop.pk)
    live = workshop.steps.live().first()
    if status != Workshop.Status.LIVE or live is None or live.kind not in kinds:
        raise ValidationError(message)


def cast_mood(participant: Participant, *, value, word="", actor=None) -> MoodVote:
    """Record (or change) a participant's answer to "Comment ça va ?"."""
    _check_acting(participant, actor)
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("Choisissez une humeur de 1 à 5.")) from None
    if value not in MoodVote.Level.values:
        raise ValidationError(_("Choisissez une humeur de 1 à 5."))
    word = _text(word, label=_("un mot"), max_length=MOOD_WORD_MAX)
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=participant.workshop_id)
        if workshop.status != Workshop.Status.LIVE:
            raise ValidationError(_("L'atelier n'est pas en cours."))
        live = workshop.steps.live().first()
        if live is None or live.kind != StepKind.MOOD:
            raise ValidationError(
                _("« Comment ça va ? » n'est pas la séquence en cours : réponse non enregistrée.")
            )
        vote, _created = MoodVote.objects.update_or_create(
            workshop=workshop, participant=participant, defaults={"value": value, "word": word}
        )
        publish_on_commit(workshop.pk, "mood.updated")
    return vote


def mood_summary(workshop: Workshop) -> dict:
    """The anonymous aggregate: counts per level, words (shuffled by sorting), total."""
    rows = dict(
        MoodVote.objects.filter(workshop=workshop)
        .values_list("value")
        .annotate(n=Count("id"))
        .values_list("value", "n")
    )
    total = sum(rows.values())
    levels = [
        {
            "value": level.value,
            "label": level.label,
            "count": rows.get(level.value, 0),
            "percent": round(100 * rows.get(level.value, 0) / total) if total else 0,
        }
        for level in MoodVote.Level
    ]
    words = sorted(
        w.lower()
        for w in MoodVote.objects.filter(workshop=workshop)
        .exclude(word="")
        .values_list("word", flat=True)
    )
    mean = sum(lvl["value"] * lvl["count"] for lvl in levels) / total if total else None
    return {"levels": levels, "total": total, "words": words, "mean": mean}


def room_of(workshop: Workshop) -> dict:
    """The workshop's participants by admission, in order of arrival."""
    Admission = Participant.Admission
    people = list(workshop.participants.order_by("joined_at", "id"))
    return {
        "admitted": [p for p in people if p.admission == Admission.ADMITTED],
        "pending": [p for p in people if p.admission == Admission.PENDING],
        "out": [p for p in people if p.admission in (Admission.REFUSED, Admission.REMOVED)],
    }


def roster_by_organisation(workshop: Workshop) -> list[tuple[str, list[Participant]]]:
    """Participants grouped by their structure, for the round table."""
    groups: dict[str, list[Participant]] = {}
    for p in workshop.participants.admitted().order_by("organisation", "name"):
        groups.setdefault(p.organisation or _("Sans structure"), []).append(p)
    return sorted(groups.items(), key=lambda item: item[0].lower())
