import factory
from django.utils import timezone

from coprod.core.tokens import hash_secret
from coprod.participants.models import MoodVote, Participant
from coprod.workshops.tests.factories import WorkshopFactory


class ParticipantFactory(factory.django.DjangoModelFactory):
    """A participant who joined from a phone; pass `token=` to know their bearer token."""

    class Meta:
        model = Participant

    class Params:
        token = factory.Sequence(lambda n: f"jeton-participant-{n}")

    workshop = factory.SubFactory(WorkshopFactory)
    name = factory.Sequence(lambda n: f"Participant {n}")
    organisation = ""
    token_hash = factory.LazyAttribute(lambda o: hash_secret(o.token))
    charter_accepted_at = factory.LazyFunction(timezone.now)


class MoodVoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MoodVote

    participant = factory.SubFactory(ParticipantFactory)
    workshop = factory.SelfAttribute("participant.workshop")
    value = 4
