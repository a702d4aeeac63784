"""Account writes: API tokens; who is signed in."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model

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


def signed_in(session_key: str = "", bearer: str = "") -> bool:
    """Whether a session or a bearer secret belongs to an active account (not a participant's
    phone): the request-body limit of uploads depends on it (coprod.core.body_limits)."""
    if bearer and user_for_token(bearer) is not None:
        return True
    if not session_key:
        return False
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    user_id = store.get(SESSION_KEY)
    return bool(user_id) and get_user_model().objects.filter(pk=user_id, is_active=True).exists()


def get_or_create_facilitator(username: str, password: str):
    user, created = get_user_model().objects.get_or_create(username=username)
    if created:
        user.set_password(password)
        user.save()
    return user
