"""The end of the projects: the priority vote between the sheets and the workshop's duo of
referents who present its results at the restitution."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coprod.core.params import posted_id
from coprod.participants.models import Participant
from coprod.realtime.events import publish_on_commit
from coprod.voting.models import Poll
from coprod.voting.services import create_poll, open_poll
from coprod.workshops.models import Workshop
from coprod.workshops.services import require

from ..models import Referent
from .common import write_with_retry
from .editing import states_of
from .tables import sheets_of


def referents_of(workshop: Workshop) -> list[Referent]:
    return list(
        Referent.objects.filter(workshop=workshop)
        .select_related("participant")
        .order_by("position")
    )


def designate_referents(workshop: Workshop, *, actor, participants) -> list[Referent]:
    """The two participants (instances or ids) who present the workshop, replacing the earlier
    duo."""
    require(actor, "workshops.run_workshop", workshop)
    ids = [p.pk if isinstance(p, Participant) else posted_id(p) for p in participants or ()]
    if len(ids) != 2 or len(set(ids)) != 2:
        raise ValidationError(_("Désignez deux personnes différentes comme duo de référents."))
    found = {p.pk: p for p in Participant.objects.admitted().filter(workshop=workshop, pk__in=ids)}
    if len(found) != 2:
        raise ValidationError(_("Les deux référents doivent participer à cet atelier."))

    def write():
        Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
        Referent.objects.filter(workshop=workshop).delete()
        duo = [
            Referent.objects.create(workshop=workshop, participant=found[pk], position=position)
            for position, pk in enumerate(ids, start=1)
        ]
        publish_on_commit(workshop.pk, "referents.changed")
        return duo

    return write_with_retry(write)


def start_priority_poll(
    workshop: Workshop, *, actor, method=Poll.Method.MAJORITY_JUDGMENT, client_key=""
) -> Poll:
    """Open a vote to prioritise the sheets: one option per sheet, labelled by its title; the
    same `client_key` again returns the poll it opened."""
    require(actor, "workshops.run_workshop", workshop)
    sheets = sheets_of(workshop)
    if len(sheets) < 2:
        raise ValidationError(_("Il faut au moins deux fiches pour voter leur priorité."))
    states = states_of(sheets)
    labels = [states[s.pk]["title"].value or str(s) for s in sheets]
    with transaction.atomic():
        poll = create_poll(
            workshop,
            actor=actor,
            title=_("Priorité entre les fiches action"),
            method=method,
            labels=labels,
            client_key=client_key,
        )
        return poll if poll.is_open else open_poll(poll, actor=actor)
