"""What coprod reads in an OpenID Connect provider's claims (ProConnect's or another's): the
e-mail that may make or link an account, the organisation its domain maps to, the names.
Free of Django, so it can be tested alone."""

import base64
import hashlib
import re
import unicodedata

# Django's User: username 150 characters, first and last name 150, e-mail 254.
NAME_LENGTH = 150
EMAIL_LENGTH = 254
# One @, no space or control character, a dot in the domain: the provider vouches for the rest.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def usable_email(claims: dict) -> str:
    """The claims' e-mail, lower case, when the provider vouches for it; "" otherwise (none,
    malformed, too long, or `email_verified` false). ProConnect sends no `email_verified`: its
    identity providers verify every address."""
    email = claims.get("email")
    if not isinstance(email, str) or claims.get("email_verified") is False:
        return ""
    email = email.strip().lower()
    if len(email) > EMAIL_LENGTH or not _EMAIL.match(email) or _has_control(email):
        return ""
    return email


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].lower()


def organisation_for(email: str, domains: dict[str, str]) -> str | None:
    """The slug of the organisation whose accounts `email`'s domain makes (the exact domain:
    a subdomain is another organisation's until listed), or None."""
    return domains.get(email_domain(email)) if email else None


def names(claims: dict) -> tuple[str, str]:
    """(first name, last name): given_name, and ProConnect's usual_name or else family_name;
    control characters dropped, cut to the account's field length."""
    last = claims.get("usual_name") or claims.get("family_name")
    return _clean(claims.get("given_name")), _clean(last)


def username_for(email: str, claims: dict | None = None) -> str:
    """The new account's username: its e-mail when it fits Django's 150 characters, else a
    digest of it (mozilla-django-oidc calls this through OIDC_USERNAME_ALGO)."""
    return email if len(email) <= NAME_LENGTH else digest_username(email)


def digest_username(*parts: str) -> str:
    """A username made of a digest (43 characters), for an e-mail too long or already taken."""
    digest = hashlib.sha256("\n".join(parts).encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _clean(value) -> str:
    if not isinstance(value, str):
        return ""
    text = "".join(" " if _is_control(char) else char for char in value)
    return " ".join(text.split())[:NAME_LENGTH]


def _is_control(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")


def _has_control(text: str) -> bool:
    return any(_is_control(char) for char in text)
