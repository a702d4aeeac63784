import factory

from coprod.proposals import text
from coprod.proposals.models import Proposal
from coprod.workshops.tests.factories import WorkshopFactory


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    workshop = factory.SubFactory(WorkshopFactory)
    text = factory.Sequence(lambda n: f"Proposition numéro {n} pour le territoire")
    normalized = factory.LazyAttribute(lambda o: text.normalize(o.text))
    source = Proposal.Source.PAPER
