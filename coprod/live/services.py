"""Writes that span the features of a live workshop, composed here, above each of them."""

from django.db import transaction

from coprod.participants import services as participant_services
from coprod.participants.models import Participant
from coprod.realtime.events import publish_on_commit
from coprod.voting import services as voting_services


def remove_participant(participant: Participant, *, actor) -> int:
    """Take someone out of the room (an uninvited arrival, a duplicate): they can no longer see
    or do anything, their ballots leave every open vote (whose tallies say so), and their
    phone's live connection is closed. Returns how many open votes lost a ballot."""
    with transaction.atomic():
        participant_services.set_admission(
            participant, actor=actor, admission=Participant.Admission.REMOVED
        )
        withdrawn = voting_services.withdraw_open_ballots(participant)
        publish_on_commit(
            participant.workshop_id, "participant.removed", {"participant": participant.pk}
        )
    return withdrawn
