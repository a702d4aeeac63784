"""The single sign-on backend (mozilla-django-oidc's, through its documented hooks): it finds
an account by its OpenID subject, else links one without a subject by its verified e-mail, else
makes one, and its membership as animateur, when the e-mail's domain maps to an organisation
(COPROD_OIDC_DOMAINS). It lives here, not in accounts, because it makes memberships; its views
and refusal pages are coprod.accounts.oidc."""

import logging

import jwt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from coprod.accounts import oidc_claims
from coprod.accounts.oidc import callback_url
from coprod.accounts.services import SignInRefused, create_oidc_account, update_from_oidc

from .models import Membership, Organisation

logger = logging.getLogger(__name__)


def join_by_single_sign_on(claims: dict, domains: dict[str, str]):
    """A first single sign-on: an account, animateur of the organisation its verified e-mail's
    domain maps to; SignInRefused when there is no such e-mail, domain or organisation."""
    email = oidc_claims.usable_email(claims)
    if not email:
        raise SignInRefused("email")
    slug = oidc_claims.organisation_for(email, domains)
    if slug is None:
        raise SignInRefused("domain")
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        logger.warning("COPROD_OIDC_DOMAINS names organisation %r, which this site lacks", slug)
        raise SignInRefused("organisation")
    with transaction.atomic():
        user = create_oidc_account(claims)
        Membership.objects.create(
            organisation=organisation, user=user, role=Membership.Role.FACILITATOR
        )
    logger.info("account %s made by single sign-on in organisation %s", user.pk, slug)
    return user


class Backend(OIDCAuthenticationBackend):
    def verify_token(self, token, **kwargs):
        """The signature (the library's check), and the issuer and audience it leaves out.
        A token that is malformed, expired, unsigned or without a key id is refused, not
        raised (the library lets some of those through as KeyError or PyJWTError)."""
        try:
            payload = super().verify_token(token, **kwargs)
        except (jwt.PyJWTError, KeyError, ValueError, TypeError) as error:
            raise SuspiciousOperation(f"token refused: {type(error).__name__}") from None
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        issuer = settings.COPROD_OIDC["issuer"]
        if str(payload.get("iss", "")).rstrip("/") != issuer:
            raise SuspiciousOperation("token from another issuer")
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("token for another audience")
        return payload

    def get_token(self, payload):
        return super().get_token({**payload, "redirect_uri": callback_url(self.request)})

    def get_userinfo(self, access_token, id_token, payload):
        """Userinfo as JSON or as a signed JWT (ProConnect's); it must be about the subject
        of the ID token (OpenID Connect Core 5.3.2)."""
        claims = super().get_userinfo(access_token, id_token, payload)
        if not isinstance(claims, dict) or claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo about another subject")
        return claims

    def verify_claims(self, claims):
        return isinstance(claims.get("sub"), str) and bool(claims["sub"])

    def filter_users_by_claims(self, claims):
        users = get_user_model().objects
        found = users.filter(oidc_sub=claims["sub"])
        if found.exists():
            return found
        if email := oidc_claims.usable_email(claims):
            return users.filter(email__iexact=email, oidc_sub__isnull=True)
        return users.none()

    def update_user(self, user, claims):
        return self._refusing(update_from_oidc, user, claims)

    def create_user(self, claims):
        return self._refusing(join_by_single_sign_on, claims, settings.COPROD_OIDC["domains"])

    def _refusing(self, write, *args):
        try:
            return write(*args)
        except SignInRefused as refusal:
            # Read by the callback view, which shows why; the library logs the refusal.
            self.request.oidc_refusal = refusal.reason
            raise SuspiciousOperation(f"single sign-on refused: {refusal.reason}") from None
