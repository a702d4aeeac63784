import factory

from coprod.catalogue import text
from coprod.catalogue.models import Action, Lever
from coprod.processes.tests.factories import ProcessFactory


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    process = factory.SubFactory(ProcessFactory)
    title = factory.Sequence(lambda n: f"Action existante {n}")
    organisation = "Parc naturel régional du Vexin français"
    description = "Une action qui existe déjà sur le territoire."
    key = factory.LazyAttribute(lambda o: text.action_key(o.title, o.organisation))
    search_text = factory.LazyAttribute(
        lambda o: text.fold(f"{o.title} {o.organisation} {o.description}")
    )


class LeverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lever
        skip_postgeneration_save = True

    process = factory.SubFactory(ProcessFactory)
    title = factory.Sequence(lambda n: f"Levier {n}")
