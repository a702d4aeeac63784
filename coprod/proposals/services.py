"""Proposal writes: from phones, from paper post-its, from a file; support, hide, re-link.

Participants write only while the proposals step runs in a workshop they joined; facilitators
may add at any time (before the workshop, proposals collected beforehand are imported).
"""

import math
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coprod.core import cleaning
from coprod.core.idempotency import KEY_MAX, clean_key, create_once
from coprod.core.params import posted_id
from coprod.participants.models import Participant
from coprod.participants.services import check_writing_during, require_admitted
from coprod.processes.models import PriorityItem
from coprod.realtime.events import publish_on_commit
from coprod.workshops.models import Workshop
from coprod.workshops.services import require

from . import matching, text
from .models import TEXT_MAX, Proposal, Support


def _clean_text(raw) -> str:
    value = cleaning.line(raw, label=_("proposition"), max_length=TEXT_MAX)
    if not value:
        raise ValidationError(_("Écrivez votre proposition avant de l'envoyer."))
    return value


def numbered(line: int, error: ValidationError) -> ValidationError:
    """A refusal about one line of a pasted block or an imported file."""
    return ValidationError(_("Ligne %(n)d : %(e)s") % {"n": line, "e": " ".join(error.messages)})


def _item_of(workshop: Workshop, item) -> PriorityItem | None:
    if item in (None, ""):
        return None
    pk = item.pk if isinstance(item, PriorityItem) else posted_id(item)
    found = workshop.priority_items.filter(pk=pk).first()
    if found is None:
        raise ValidationError(_("Cet item ne fait pas partie des items plébiscités de l'atelier."))
    return found


class TooFast(ValidationError):
    """A participant sent more proposals in a minute than anyone types: the API answers 429."""

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


RATE_WINDOW = timedelta(minutes=1)


def _check_pace(author: Participant) -> None:
    """At most PROPOSALS_PER_MINUTE proposals sent by one participant in any minute (those a
    facilitator entered for them do not count), counted from the stored proposals themselves:
    exact across server processes, with no cache that could fail. Call it with the
    participant's row locked, so that two sends at once count each other."""
    limit = settings.PROPOSALS_PER_MINUTE
    since = timezone.now() - RATE_WINDOW
    recent = list(
        Proposal.objects.filter(author=author, entered_by=None, created_at__gt=since)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:limit]
    )
    if len(recent) < limit:
        return
    # A place frees up when the oldest of the last `limit` proposals is a minute old.
    wait = max(1, math.ceil((recent[-1] - since).total_seconds()))
    raise TooFast(
        ngettext(
            "Vous avez déjà envoyé %(limit)d propositions en une minute : vous pourrez envoyer "
            "celle-ci dans %(n)d seconde. Votre texte reste là.",
            "Vous avez déjà envoyé %(limit)d propositions en une minute : vous pourrez envoyer "
            "celle-ci dans %(n)d secondes. Votre texte reste là.",
            wait,
        )
        % {"limit": limit, "n": wait},
        retry_after=wait,
    )


def _check_participant_may_write(workshop: Workshop, participant: Participant) -> None:
    check_writing_during(
        workshop,
        participant,
        "proposal",
        _("Les propositions s'écrivent pendant la séquence « Propositions » : réessayez alors."),
    )


def submit_proposal(
    workshop: Workshop,
    *,
    text_value,
    priority_item=None,
    author: Participant | None = None,
    actor=None,
    client_key: str = "",
    source: str = Proposal.Source.PHONE,
) -> Proposal:
    """Add a proposal; the closest priority item is chosen when none is given.

    A participant (`author`) writes for themself, at most PROPOSALS_PER_MINUTE a minute
    (TooFast); a facilitator (`actor`) may write for anyone, including someone without a phone
    (`author` set) or a paper post-it (no author), without a limit.
    """
    if actor is not None:
        require(actor, "workshops.enter_contributions", workshop)
        if author is not None and author.workshop_id != workshop.pk:
            raise PermissionDenied(_("Cette personne ne participe pas à cet atelier."))
        if author is not None:
            require_admitted(author, for_actor=True)
    elif author is not None:
        _check_participant_may_write(workshop, author)
    else:
        raise PermissionDenied(_("Rejoignez d'abord l'atelier avec son code."))
    client_key = clean_key(client_key)
    # A double tap or a retry: the same proposal, counted once (for the same writer only).
    mine = Proposal.objects.filter(workshop=workshop)
    mine = mine.filter(entered_by=actor) if actor is not None else mine.filter(author=author)
    if client_key and (again := mine.filter(client_key=client_key).first()) is not None:
        return again
    value = _clean_text(text_value)
    item = _item_of(workshop, priority_item)
    off_topic = False
    if item is None:
        item, off_topic = matching.closest_item(value, list(workshop.priority_items.all()))

    def create():
        if actor is None:
            # The participant's row is the lock: two sends at once count each other.
            Participant.objects.select_for_update().filter(pk=author.pk).first()
            _check_pace(author)
        proposal = Proposal.objects.create(
            workshop=workshop,
            text=value,
            normalized=text.normalize(value),
            priority_item=item,
            off_topic=off_topic,
            author=author,
            entered_by=actor,
            client_key=client_key,
            source=source,
        )
        publish_on_commit(workshop.pk, "proposals.changed")
        return proposal

    try:
        return create_once(mine, client_key, create)
    except IntegrityError:
        raise ValidationError(
            _("Cette proposition existe déjà : vous pouvez la soutenir plutôt que la réécrire.")
        ) from None


def paste_proposals(workshop: Workshop, *, actor, block, priority_item=None, client_key="") -> dict:
    """Paper post-its typed or pasted one per line. Duplicates are reported, not added; the same
    paste sent again (same client key) adds nothing more."""
    require(actor, "workshops.run_workshop", workshop)
    client_key = clean_key(client_key)
    lines = []
    for number, line in enumerate(text.split_lines(block), start=1):
        try:
            lines.append(cleaning.line(line, label=_("proposition"), max_length=TEXT_MAX))
        except ValidationError as error:
            raise numbered(number, error) from None
    if not lines:
        raise ValidationError(_("Collez au moins une proposition (une par ligne)."))
    item = _item_of(workshop, priority_item)
    return add_many(
        workshop,
        actor=actor,
        planned=[(line, item) for line in lines],
        source=Proposal.Source.PAPER,
        client_key=client_key,
    )


def add_many(workshop: Workshop, *, actor, planned, source: str, client_key: str = "") -> dict:
    """Facilitator's bulk entry of (text, item) pairs: repeats are skipped and reported. With a
    client key, line n gets the key « key:n », so the same batch again adds nothing."""
    created, duplicates = [], []
    base = clean_key(client_key)[: KEY_MAX - 7]
    with transaction.atomic():
        for number, (value, item) in enumerate(planned, start=1):
            try:
                with transaction.atomic():  # a duplicate rolls back alone, not the whole batch
                    created.append(
                        submit_proposal(
                            workshop,
                            text_value=value,
                            priority_item=item,
                            actor=actor,
                            source=source,
                            client_key=f"{base}:{number}" if base else "",
                        )
                    )
            except ValidationError:
                duplicates.append(value)
    return {"created": created, "duplicates": duplicates}


def support_proposal(proposal: Proposal, *, participant: Participant) -> Support:
    """Back an existing proposal; supporting twice changes nothing."""
    _check_participant_may_write(proposal.workshop, participant)
    if proposal.hidden:
        raise ValidationError(_("Cette proposition n'est plus affichée."))
    with transaction.atomic():
        support, created = Support.objects.get_or_create(proposal=proposal, participant=participant)
        if created:
            publish_on_commit(proposal.workshop_id, "proposals.changed")
    return support


def set_hidden(proposal: Proposal, *, actor, hidden: bool) -> Proposal:
    """Hide a proposal from the board and the grouping; it is kept, never deleted."""
    require(actor, "workshops.run_workshop", proposal.workshop)
    with transaction.atomic():
        Proposal.objects.filter(pk=proposal.pk).update(hidden=hidden)
        publish_on_commit(proposal.workshop_id, "proposals.moderated", {"proposal": proposal.pk})
    proposal.refresh_from_db()
    return proposal


def relink(proposal: Proposal, *, actor, priority_item) -> Proposal:
    """The facilitator decides which item a proposal serves; this settles « hors sujet ? »."""
    require(actor, "workshops.run_workshop", proposal.workshop)
    item = _item_of(proposal.workshop, priority_item)
    if item is None:
        raise ValidationError(_("Choisissez l'item plébiscité de cette proposition."))
    with transaction.atomic():
        Proposal.objects.filter(pk=proposal.pk).update(priority_item=item, off_topic=False)
        publish_on_commit(proposal.workshop_id, "proposals.moderated", {"proposal": proposal.pk})
    proposal.refresh_from_db()
    return proposal


def closest_item(workshop: Workshop, draft: str):
    """The priority item a draft seems to serve, and whether it seems to serve none."""
    draft = text.clean(draft)
    if len(draft) < 8:
        return None, False
    return matching.closest_item(draft, list(workshop.priority_items.all()))


def by_item(workshop: Workshop) -> list[tuple[object, list[Proposal]]]:
    """Visible proposals under their priority item (items in order, then those with none)."""
    proposals = list(
        workshop.proposals.visible().select_related("priority_item").annotate(n=Count("supports"))
    )
    groups = [
        (item, [p for p in proposals if p.priority_item_id == item.pk])
        for item in workshop.priority_items.all()
    ]
    loose = [p for p in proposals if p.priority_item_id is None]
    if loose:
        groups.append((None, loose))
    return [(item, ps) for item, ps in groups if ps]


def similar_proposals(workshop: Workshop, draft: str, *, limit: int = 3) -> list[Proposal]:
    """Visible proposals close to what a participant is typing, closest first."""
    draft = text.clean(draft)
    if len(draft) < 8:
        return []
    proposals = list(workshop.proposals.visible())
    return [proposals[i] for i in matching.close_texts(draft, [p.text for p in proposals], limit)]
