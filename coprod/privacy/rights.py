"""A participant's rights over what coprod holds about them (GDPR arts. 15, 17, 20).

`holdings` gathers it (the phone's « Mes données » and the facilitator's export read the same
thing); `export`, `erase_name` and `erase_texts` are the facilitator's acts on a person's
request, each authorised, written in one transaction with its audit entry, then published.

Erased free texts are replaced by a fixed sentence rather than deleted: counts, supports,
groups, tallies of closed votes and restitutions already shared stay true, and the room still
sees that someone spoke. Optional texts (a mood word, the link with the theme) become empty.
Ballots are secret, so exports give their number, never their content, to a facilitator.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coprod.action_sheets.models import Comment, Revision
from coprod.catalogue.models import Lever, Testimony
from coprod.participants.models import MoodVote, Participant
from coprod.proposals.models import Proposal
from coprod.realtime.events import publish_on_commit
from coprod.voting.models import ConsentBallot, DotBallot, GradeBallot, OrientationBallot
from coprod.workshops.services import require

from . import services
from .models import AuditEntry

PERM = "workshops.change_workshop"
SEARCH_MAX = 80
TESTIMONY_TEXTS = ("partners", "implementation", "content", "link_to_problem")


def erased_text() -> str:
    return _("[texte effacé à la demande de la personne]")


def pseudonym(participant: Participant) -> str:
    """« Participant N », N their rank of arrival in the workshop: stable, and it tells
    nothing about other workshops (unlike the primary key)."""
    earlier = Participant.objects.filter(workshop_id=participant.workshop_id).filter(
        Q(joined_at__lt=participant.joined_at)
        | Q(joined_at=participant.joined_at, pk__lt=participant.pk)
    )
    return _("Participant %(number)d") % {"number": earlier.count() + 1}


def find(actor, workshop, query: str = ""):
    """The workshop's participants whose name contains `query` (all when it is empty)."""
    require(actor, PERM, workshop)
    rows = Participant.objects.filter(workshop=workshop)
    query = query.strip()
    if query:
        rows = rows.filter(name__icontains=query)
    return rows.order_by("name", "pk")


def participant_of(actor, workshop, participant_id: int) -> Participant:
    """One participant of `workshop` for `actor`: PermissionDenied, or DoesNotExist when the id
    is another workshop's (so a facilitator cannot reach other workshops' people)."""
    require(actor, PERM, workshop)
    return Participant.objects.select_related("workshop").get(pk=participant_id, workshop=workshop)


def _stamp(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def holdings(participant: Participant, *, own: bool = False) -> dict:
    """What coprod holds about `participant`, as JSON-ready data. `own`: for the person
    themselves, who may also read their objections' texts (their ballots' other content is
    never shown, not even to them: only the choice they can change on the phone)."""
    p = participant
    consents = ConsentBallot.objects.filter(participant=p)
    data = {
        "atelier": {"titre": p.workshop.title, "identifiant": p.workshop_id},
        "carte": {
            "nom": p.name,
            "structure": p.organisation,
            "type_de_structure": p.get_organisation_kind_display() if p.organisation_kind else "",
            "lien_avec_la_thematique": p.link_to_theme,
            "accord_nom_dans_la_restitution": p.name_consent,
            "regles_acceptees_le": _stamp(p.charter_accepted_at),
            "arrivee_le": _stamp(p.joined_at),
            "a_un_telephone": p.has_phone,
            "admission": p.get_admission_display(),
        },
        "propositions": [
            {"texte": row.text, "le": _stamp(row.created_at), "masquee": row.hidden}
            for row in Proposal.objects.filter(author=p).order_by("created_at", "pk")
        ],
        "soutiens": p.supports.count(),
        "humeur": [
            {"valeur": m.value, "mot": m.word} for m in MoodVote.objects.filter(participant=p)
        ],
        "temoignages": [
            {
                "action": row.action.title,
                "nom_du_temoin": row.witness_name,
                "structure": row.witness_organisation,
                **{field: getattr(row, field) for field in TESTIMONY_TEXTS},
            }
            for row in Testimony.objects.filter(witness=p).select_related("action")
        ],
        "leviers": [
            {"levier": row.title, "precisions": row.description}
            for row in Lever.objects.filter(author=p)
        ],
        "commentaires_et_critiques": [
            {
                "critique": row.is_critique,
                "texte": row.text,
                "suggestion": row.suggestion,
                "le": _stamp(row.created_at),
            }
            for row in Comment.objects.filter(author=p).order_by("created_at", "pk")
        ],
        "modifications_de_fiches": Revision.objects.filter(author=p).count(),
        "votes": {
            "validations": consents.count(),
            "priorisation_par_mentions": GradeBallot.objects.filter(participant=p).count(),
            "priorisation_par_gommettes": DotBallot.objects.filter(participant=p).count(),
            "orientations": OrientationBallot.objects.filter(participant=p).count(),
        },
    }
    if own:
        data["objections"] = [
            {"raison": row.reason, "suggestion": row.suggestion}
            for row in consents.exclude(reason="", suggestion="")
        ]
    return data


def _target(participant) -> str:
    # The log names the workshop and the rank, never the person.
    return _("atelier %(workshop)d, participant %(id)d") % {
        "workshop": participant.workshop_id,
        "id": participant.pk,
    }


# Where erased texts show: the round table (link with the theme), the mood's words, the
# proposals and their groups, the catalogue's testimonies and levers, the sheets' comments.
TEXT_EVENTS = (
    "participants.changed",
    "mood.updated",
    "proposals.changed",
    "groups.changed",
    "testimonies.changed",
    "levers.changed",
)


def _log(actor, participant, action, events, sheets, **details) -> None:
    """The audit entry of an erasure, and its announcement to the pages that showed it."""
    workshop = participant.workshop
    services.record(
        workshop.process.organisation,
        actor=actor,
        action=action,
        target=_target(participant),
        **details,
    )
    for event in events:
        publish_on_commit(workshop.pk, event)
    for sheet in sorted(sheets):
        publish_on_commit(workshop.pk, "sheet.commented", {"sheet": sheet})


def export(actor, workshop, participant_id: int) -> dict:
    """The participant's data for a facilitator answering a request, with its audit entry."""
    with transaction.atomic():
        participant = participant_of(actor, workshop, participant_id)
        services.record(
            workshop.process.organisation,
            actor=actor,
            action=AuditEntry.Action.EXPORT,
            target=_target(participant),
        )
    return holdings(participant)


def erase_name(actor, workshop, participant_id: int) -> int:
    """Replace the participant's name by « Participant N » wherever coprod wrote it down; the
    number of rows changed (0: erased already, and nothing is logged again)."""
    with transaction.atomic():
        participant = participant_of(actor, workshop, participant_id)
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        alias = pseudonym(participant)
        changed = 0
        if participant.name != alias or participant.name_consent:
            Participant.objects.filter(pk=participant.pk).update(name=alias, name_consent=False)
            changed += 1
        testimonies = Testimony.objects.filter(witness=participant).exclude(witness_name=alias)
        changed += testimonies.update(witness_name=alias)
        comments = Comment.objects.filter(author=participant).exclude(author_name=alias)
        sheets = set(comments.values_list("sheet_id", flat=True))
        changed += comments.update(author_name=alias)
        changed += (
            Revision.objects.filter(author=participant)
            .exclude(author_name=alias)
            .update(author_name=alias)
        )
        if changed:
            events = ("participants.changed", "testimonies.changed")
            _log(actor, participant, AuditEntry.Action.ERASE_NAME, events, sheets, rows=changed)
    return changed


def erase_texts(actor, workshop, participant_id: int) -> int:
    """Replace the participant's free texts by the erasure sentence (empty for optional ones);
    the number of rows changed (0: erased already, and nothing is logged again)."""
    gone = erased_text()
    with transaction.atomic():
        participant = participant_of(actor, workshop, participant_id)
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        counts = {}
        counts["card"] = (
            Participant.objects.filter(pk=participant.pk)
            .exclude(link_to_theme="")
            .update(link_to_theme="")
        )
        counts["mood"] = (
            MoodVote.objects.filter(participant=participant).exclude(word="").update(word="")
        )
        proposals = Proposal.objects.filter(author=participant).exclude(text=gone)
        erased = list(proposals.select_for_update().values_list("pk", flat=True))
        for pk in erased:
            # `normalized` is unique per workshop: each erased proposal keeps its own.
            Proposal.objects.filter(pk=pk).update(text=gone, normalized=f"~{pk}")
        counts["proposals"] = len(erased)
        counts["testimonies"] = 0
        for testimony in Testimony.objects.filter(witness=participant):
            filled = {f: gone for f in TESTIMONY_TEXTS if getattr(testimony, f) not in ("", gone)}
            if filled:
                Testimony.objects.filter(pk=testimony.pk).update(**filled)
                counts["testimonies"] += 1
        counts["levers"] = (
            Lever.objects.filter(author=participant)
            .exclude(title=gone)
            .update(title=gone, description="")
        )
        comments = Comment.objects.filter(author=participant).exclude(text=gone)
        sheets = set(comments.values_list("sheet_id", flat=True))
        counts["comments"] = comments.filter(is_critique=False).update(text=gone, suggestion="")
        counts["comments"] += comments.filter(is_critique=True).update(text=gone, suggestion=gone)
        counts["objections"] = (
            ConsentBallot.objects.filter(participant=participant)
            .exclude(reason="", suggestion="")
            .update(reason="", suggestion="")
        )
        changed = sum(counts.values())
        if changed:
            _log(actor, participant, AuditEntry.Action.ERASE_TEXTS, TEXT_EVENTS, sheets, **counts)
    return changed
