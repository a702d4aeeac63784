import factory
from django.contrib.auth import get_user_model


class UserFactory(factory.django.DjangoModelFactory):
    """A facilitator or process-owner account (no password: tests log in with force_login)."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"animateur{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
