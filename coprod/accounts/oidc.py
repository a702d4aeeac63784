"""Single sign-on with OpenID Connect (ProConnect or another provider) through
mozilla-django-oidc: its code flow, state, nonce, PKCE and signature checks. Here its views
(the start, the return, the provider's sign-out) and the French refusal pages; the backend,
which finds, links or makes accounts and memberships, is coprod.organisations.sso."""

import logging
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from coprod.core.links import absolute_url

from .oidc_discovery import ProviderUnreachable, discover

logger = logging.getLogger(__name__)

REFUSALS = {
    "domain": _(
        "Votre adresse e-mail n'est rattachée à aucune organisation de ce site : aucun compte "
        "n'a été créé. Demandez à un administrateur de votre organisation de vous inviter."
    ),
    "email": _(
        "Votre compte d'organisation ne donne pas d'adresse e-mail vérifiée : coprod ne peut "
        "pas vous reconnaître."
    ),
    "organisation": _(
        "L'organisation de votre adresse e-mail n'est pas encore ouverte sur ce site : aucun "
        "compte n'a été créé. Prévenez son administrateur."
    ),
    "unreachable": _(
        "Le service de connexion de votre organisation ne répond pas. Réessayez dans quelques "
        "minutes, ou connectez-vous avec votre mot de passe."
    ),
    "failed": _(
        "La connexion avec votre compte d'organisation n'a pas abouti. Réessayez depuis la page "
        "de connexion."
    ),
}


def callback_url(request) -> str:
    """Where the provider sends people back: on a server, under COPROD_PUBLIC_URL."""
    return absolute_url(request, reverse("accounts:oidc_callback"))


def refused(request, reason: str, status: int = 403):
    return render(
        request,
        "accounts/oidc_refused.html",
        {"message": REFUSALS.get(reason, REFUSALS["failed"])},
        status=status,
    )


class _Start(OIDCAuthenticationRequestView):
    def get(self, request):
        try:
            return super().get(request)
        except ProviderUnreachable as error:
            logger.warning("single sign-on unavailable: %s", error)
            return refused(request, "unreachable", status=503)

    def get_extra_params(self, request):
        return {**super().get_extra_params(request), "redirect_uri": callback_url(request)}


class _Callback(OIDCAuthenticationCallbackView):
    def get(self, request):
        try:
            return super().get(request)
        except (ProviderUnreachable, requests.RequestException) as error:
            logger.warning("single sign-on failed at the provider: %s", error)
            return refused(request, "unreachable", status=503)
        except SuspiciousOperation as error:  # e.g. a state this browser never started
            logger.warning("single sign-on refused: %s", error)
            return refused(request, "failed")

    def login_failure(self):
        return refused(self.request, getattr(self.request, "oidc_refusal", "failed"))


def start(request):
    """Send the browser to the provider (404 without single sign-on)."""
    if not settings.COPROD_OIDC:
        raise Http404
    return _Start.as_view()(request)


def callback(request):
    """The provider sends the browser back here with a code (404 without single sign-on)."""
    if not settings.COPROD_OIDC:
        raise Http404
    return _Callback.as_view()(request)


def provider_logout_url(request, id_token: str) -> str | None:
    """The provider's end-session address that also signs the browser out there and comes
    back to the login page, or None when the provider has none or cannot be reached."""
    try:
        end_session = discover(settings.COPROD_OIDC["issuer"]).get("end_session_endpoint")
    except ProviderUnreachable:
        return None
    if not isinstance(end_session, str) or not end_session:
        return None
    query = {
        "id_token_hint": id_token,
        "post_logout_redirect_uri": absolute_url(request, reverse("accounts:login")),
        "state": get_random_string(32),  # ProConnect requires one
    }
    return f"{end_session}?{urlencode(query)}"
