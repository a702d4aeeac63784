import factory

from coprod.processes.models import PriorityItem, Process


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Démarche de progrès n° {n}")

    @factory.post_generation
    def owners(self, create, extracted, **kwargs):
        if create and extracted:
            self.owners.add(*extracted)


class PriorityItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityItem

    process = factory.SubFactory(ProcessFactory)
    text = factory.Sequence(lambda n: f"Item plébiscité {n}")
    position = factory.Sequence(lambda n: n)
