import factory

from coprod.agenda.kinds import StepKind
from coprod.agenda.models import Step
from coprod.agenda.presets import template_steps
from coprod.workshops.tests.factories import WorkshopFactory


class StepFactory(factory.django.DjangoModelFactory):
    """A planned step placed after the workshop's last one."""

    class Meta:
        model = Step

    workshop = factory.SubFactory(WorkshopFactory)
    position = factory.LazyAttribute(lambda o: o.workshop.steps.count() + 1)
    kind = StepKind.FREE
    title = factory.Sequence(lambda n: f"Séquence {n}")
    minutes = 10


def seed_agenda(workshop) -> list[Step]:
    """The seed's nine steps, written directly (apply_template itself is tested on its own)."""
    return Step.objects.bulk_create(
        StepFactory.build(workshop=workshop, position=position, **fields)
        for position, fields in enumerate(template_steps("co-production"), start=1)
    )
