import factory
from django.contrib.auth import get_user_model


class UserFactory(factory.django.DjangoModelFactory):
    """A facilitator or process-owner account (no password: tests log in with force_login)."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"animateur{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")


def may_own_processes(user):
    """Give `user` the right to create processes (a chargé de mission: coprod.processes.rules)."""
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="add_process"))
    return type(user).objects.get(pk=user.pk)  # a fresh instance: permissions are cached
