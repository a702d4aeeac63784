"""Account writes: API tokens."""

from django.contrib.auth import get_user_model

from coprod.core.tokens import hash_secret, new_secret

from .models import ApiToken


def create_api_token(user) -> str:
    """Create a bearer token for `user` and return its secret (shown once, stored hashed)."""
    secret = new_secret()
    ApiToken.objects.create(user=user, key_hash=hash_secret(secret))
    return secret


def user_for_token(secret: str):
    """The active account behind a bearer secret, or None."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_secret(secret), user__is_active=True)
        .first()
    )
    return token.user if token else None


def get_or_create_facilitator(username: str, password: str):
    user, created = get_user_model().objects.get_or_create(username=username)
    if created:
        user.set_password(password)
        user.save()
    return user
