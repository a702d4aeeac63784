"""The OpenID Connect provider's endpoints, read from its discovery document
(`<issuer>/.well-known/openid-configuration`) at the first single sign-on, then kept for the
process's life. Nothing is fetched at start-up: the login page and password sign-in work while
the provider is unreachable, and a server without single sign-on never calls it.

settings.py reads `settings_for(config.oidc())`; the endpoints there are lazy strings, which
mozilla-django-oidc reads like any setting."""

import threading

import requests
from django.utils.functional import lazy

TIMEOUT = 10
_documents: dict[str, dict] = {}
_lock = threading.Lock()


class ProviderUnreachable(Exception):
    """The provider's discovery document could not be fetched or is not one."""


def discover(issuer: str) -> dict:
    """The discovery document of `issuer`, fetched once; it must name the same issuer."""
    if document := _documents.get(issuer):
        return document
    with _lock:
        if document := _documents.get(issuer):
            return document
        try:
            response = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=TIMEOUT)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as error:
            raise ProviderUnreachable(f"discovery at {issuer} failed: {error}") from None
        needed = ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri")
        if not isinstance(document, dict) or str(document.get("issuer")).rstrip("/") != issuer:
            raise ProviderUnreachable(f"{issuer}'s discovery document names another issuer")
        if missing := [name for name in needed if not isinstance(document.get(name), str)]:
            raise ProviderUnreachable(f"{issuer}'s discovery document lacks {missing}")
        _documents[issuer] = document
        return document


def _endpoint(issuer: str, name: str) -> str:
    return discover(issuer)[name]


endpoint = lazy(_endpoint, str)


def settings_for(oidc: dict | None) -> dict:
    """mozilla-django-oidc's settings for the configuration of coprod.config.oidc() (nothing
    when single sign-on is off), plus COPROD_OIDC itself."""
    if not oidc:
        return {"COPROD_OIDC": None}
    issuer = oidc["issuer"]
    return {
        "COPROD_OIDC": oidc,
        "OIDC_RP_CLIENT_ID": oidc["client_id"],
        "OIDC_RP_CLIENT_SECRET": oidc["client_secret"],
        "OIDC_RP_SCOPES": oidc["scopes"],
        "OIDC_OP_AUTHORIZATION_ENDPOINT": endpoint(issuer, "authorization_endpoint"),
        "OIDC_OP_TOKEN_ENDPOINT": endpoint(issuer, "token_endpoint"),
        "OIDC_OP_USER_ENDPOINT": endpoint(issuer, "userinfo_endpoint"),
        "OIDC_OP_JWKS_ENDPOINT": endpoint(issuer, "jwks_uri"),
        # ProConnect signs ID tokens and userinfo with RS256; "none" is never accepted.
        "OIDC_RP_SIGN_ALGO": "RS256",
        "OIDC_AUTH_REQUEST_EXTRA_PARAMS": (
            {"acr_values": oidc["acr_values"]} if oidc["acr_values"] else {}
        ),
        "OIDC_USE_PKCE": True,
        "OIDC_STORE_ID_TOKEN": True,  # the logout's id_token_hint
        "OIDC_TIMEOUT": TIMEOUT,
        "OIDC_AUTHENTICATION_CALLBACK_URL": "accounts:oidc_callback",
        "OIDC_USERNAME_ALGO": "coprod.accounts.oidc_claims.username_for",
    }
