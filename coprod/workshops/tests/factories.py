import factory

from coprod.agenda.presets import VEXIN_CHARTER
from coprod.processes.tests.factories import ProcessFactory
from coprod.workshops import codes
from coprod.workshops.models import Workshop


def code_number(n: int) -> str:
    """The n-th join code of the alphabet: distinct for every factory call, always valid."""
    letters = []
    for _ in range(codes.LENGTH):
        n, digit = divmod(n, len(codes.ALPHABET))
        letters.append(codes.ALPHABET[digit])
    return "".join(reversed(letters))


class WorkshopFactory(factory.django.DjangoModelFactory):
    """A draft workshop with the seed's charter and no steps."""

    class Meta:
        model = Workshop
        skip_postgeneration_save = True

    process = factory.SubFactory(ProcessFactory)
    title = factory.Sequence(lambda n: f"Atelier {n}")
    question = "Quelles actions développer vers des publics spécifiques ?"
    charter = "\n".join(VEXIN_CHARTER)
    join_code = factory.Sequence(code_number)

    @factory.post_generation
    def facilitators(self, create, extracted, **kwargs):
        if create and extracted:
            self.facilitators.add(*extracted)
