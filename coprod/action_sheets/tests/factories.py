import factory

from coprod.action_sheets.models import Comment, Sheet
from coprod.workshops.tests.factories import WorkshopFactory


class SheetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sheet

    workshop = factory.SubFactory(WorkshopFactory)
    number = factory.Sequence(lambda n: n + 1)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    sheet = factory.SubFactory(SheetFactory)
    text = factory.Sequence(lambda n: f"Commentaire {n}")
