"""Account writes: API tokens, login lock-outs lifted; who is signed in; accounts made or
linked by single sign-on."""

import logging
from datetime import timedelta
from importlib import import_module

from axes.utils import reset as reset_login_attempts
from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from coprod.core.tokens import hash_secret, new_secret

from . import oidc_claims
from .models import TOKEN_DAYS, ApiToken

logger = logging.getLogger(__name__)

MAX_TOKEN_DAYS = 3650
# Polled reads would otherwise write the token's row on every call.
LAST_USED_PRECISION = timedelta(minutes=5)


class TokenRefused(Exception):
    """A token that exists but may no longer be used; the message says why, in French."""


def create_api_token(user, *, days: int = TOKEN_DAYS) -> str:
    """Create a bearer token for `user`, valid `days` days, and return its secret (shown once,
    stored hashed)."""
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValueError(
            _("La durée d'un jeton va de 1 à %(max)s jours.") % {"max": MAX_TOKEN_DAYS}
        )
    secret = new_secret()
    expires_at = timezone.now() + timedelta(days=days)
    ApiToken.objects.create(user=user, key_hash=hash_secret(secret), expires_at=expires_at)
    return secret


def user_for_token(secret: str):
    """The active account behind a usable bearer secret (not revoked, not expired), or None.
    Notes when the token was last used (to the LAST_USED_PRECISION)."""
    token = (
        ApiToken.objects.usable().select_related("user").filter(key_hash=hash_secret(secret))
    ).first()
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def check_unusable_token(secret: str) -> None:
    """Raise TokenRefused when `secret` is an account token that expired or was revoked, so the
    API can say so rather than « invalid »; do nothing for a secret it does not know."""
    token = ApiToken.objects.filter(key_hash=hash_secret(secret)).first()
    if token is None:
        return
    if token.revoked_at is not None:
        raise TokenRefused(_("Ce jeton d'accès a été révoqué : demandez-en un nouveau."))
    if token.is_expired:
        when = formats.date_format(timezone.localtime(token.expires_at), "DATE_FORMAT")
        raise TokenRefused(
            _("Ce jeton d'accès a expiré le %(date)s : demandez-en un nouveau.") % {"date": when}
        )


def revoke_api_token(user, token_id: int) -> bool:
    """Revoke one of `user`'s own tokens; False when they have no such usable token."""
    found = ApiToken.objects.filter(user=user, pk=token_id, revoked_at__isnull=True)
    return found.update(revoked_at=timezone.now()) == 1


def revoke_all_api_tokens(user) -> int:
    """Revoke every token of `user` not yet revoked; how many."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


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


def unlock_login(username: str, *, actor) -> int:
    """Lift `username`'s login lock-out from every address (throttle.py); the number of
    lock-out records removed (0 when it was not locked out, or no longer)."""
    if not actor.has_perm("accounts.unlock_login_of", username):
        raise PermissionDenied(
            _("Seuls les administrateurs de son organisation débloquent ce compte.")
        )
    if not username:  # axes would take no username for every username
        return 0
    return reset_login_attempts(username=username)


def lift_lockout_after_reset(user) -> None:
    """A new password set from a reset e-mail: whoever holds the mailbox signs in again at once."""
    reset_login_attempts(username=user.get_username())


SUB_LENGTH = 255


class SignInRefused(Exception):
    """A single sign-on that makes or links no account; `reason` names the French message
    the refusal page shows (coprod/accounts/oidc.py)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def valid_sub(claims: dict) -> str:
    """The claims' subject, or SignInRefused when it is missing or malformed."""
    sub = claims.get("sub")
    if not isinstance(sub, str) or not 0 < len(sub) <= SUB_LENGTH or not sub.isprintable():
        raise SignInRefused("failed")
    return sub


def update_from_oidc(user, claims: dict):
    """A returning single sign-on: link `user` to the claims' subject if it has none yet (an
    account found by its e-mail), and take the provider's names and e-mail, which may change."""
    sub = valid_sub(claims)
    first, last = oidc_claims.names(claims)
    email = oidc_claims.usable_email(claims)
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        if user.oidc_sub not in (None, sub):
            raise SignInRefused("failed")
        changed = {
            "oidc_sub": sub,
            "first_name": first or user.first_name,
            "last_name": last or user.last_name,
            "email": email or user.email,
        }
        changed = {k: v for k, v in changed.items() if getattr(user, k) != v}
        if changed:
            for field, value in changed.items():
                setattr(user, field, value)
            user.save(update_fields=list(changed))
    if "oidc_sub" in changed:
        logger.info("account %s linked to its single sign-on", user.pk)
    return user


def create_oidc_account(claims: dict):
    """An account for a first single sign-on, without a usable password; the caller
    (coprod.organisations.sso) has checked that its e-mail's domain maps to an organisation."""
    sub = valid_sub(claims)
    email = oidc_claims.usable_email(claims)
    if not email:
        raise SignInRefused("email")
    first, last = oidc_claims.names(claims)
    users = get_user_model().objects
    with transaction.atomic():
        username = oidc_claims.username_for(email)
        if users.filter(username=username).exists():
            username = oidc_claims.digest_username(sub, email)
        user = users.create_user(
            username, email=email, first_name=first, last_name=last, oidc_sub=sub
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user
