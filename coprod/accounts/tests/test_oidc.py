"""Single sign-on against a real OpenID Connect provider (the npm oidc-provider on loopback,
coprod/testing/oidc.py), driven through coprod's own pages with Django's test client."""

import html
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model

from coprod import config
from coprod.accounts.oidc_discovery import settings_for
from coprod.core.testserver import free_port
from coprod.organisations.models import Membership
from coprod.organisations.services import create_organisation
from coprod.testing.oidc import OidcProvider, sign_in_at_provider

CLIENT_URL = "http://testserver"
User = get_user_model()


@pytest.fixture(scope="module")
def provider():
    with OidcProvider(client_url=CLIENT_URL) as provider:
        yield provider


def configure(settings, monkeypatch, env: dict[str, str]) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    for name, value in settings_for(config.oidc()).items():
        setattr(settings, name, value)
    backend = "coprod.organisations.sso.Backend"
    others = [path for path in settings.AUTHENTICATION_BACKENDS if path != backend]
    settings.AUTHENTICATION_BACKENDS = [*others, backend]


@pytest.fixture
def sso(provider, settings, monkeypatch, db):
    provider.set_state(reset=True)
    configure(settings, monkeypatch, provider.client_env("coprod"))
    create_organisation(name="Parc naturel régional du Vexin français", slug="vexin")
    return provider


def sign_in(client, login: str = "claire"):
    """Click the login page's button, sign in at the provider; coprod's answer to the return."""
    start = client.get("/compte/oidc/connexion/")
    assert start.status_code == 302, start.content
    back = sign_in_at_provider(start["Location"], CLIENT_URL, login)
    return client.get(back.removeprefix(CLIENT_URL))


def page(response) -> str:
    return html.unescape(response.content.decode())


def signed_in_as(client):
    response = client.get("/ateliers/")
    return response.wsgi_request.user if response.status_code == 200 else None


def test_a_new_agent_of_a_mapped_domain_gets_an_account(client, sso):
    """Claire, whose e-mail's domain maps to the park, lands signed in on her workshops, with
    an account named after her, animateur of the park (userinfo came as a JWT signed with
    RS256)."""
    response = sign_in(client)
    assert response.status_code == 302 and response["Location"] == "/ateliers/"
    user = signed_in_as(client)
    assert (user.oidc_sub, user.email) == ("claire", "claire.martin@pnr-vexin.fr")
    assert (user.first_name, user.last_name) == ("Claire", "Martin")
    assert not user.has_usable_password()
    (membership,) = Membership.objects.filter(user=user)
    assert membership.organisation.slug == "vexin"
    assert membership.role == Membership.Role.FACILITATOR


def test_userinfo_as_plain_json_is_read_too(client, sso, settings, monkeypatch):
    configure(settings, monkeypatch, sso.client_env("coprod-json"))
    assert sign_in(client).status_code == 302
    assert signed_in_as(client).email == "claire.martin@pnr-vexin.fr"


@pytest.mark.parametrize("userinfo", ["tampered", "unsigned"])
def test_userinfo_not_signed_by_the_provider_is_refused(client, sso, userinfo):
    """Userinfo whose payload changed after signing, or that claims no signature at all, makes
    no account and signs no one in: a French page says so."""
    sso.set_state(userinfo=userinfo)
    response = sign_in(client)
    assert response.status_code == 403
    assert "n'a pas abouti" in page(response)
    assert signed_in_as(client) is None
    assert not User.objects.exists()


def test_an_unknown_domain_is_refused_in_french(client, sso):
    response = sign_in(client, "paul")
    assert response.status_code == 403
    text = page(response)
    assert "aucune organisation de ce site" in text and "Connexion impossible" in text
    assert not User.objects.exists() and signed_in_as(client) is None


def test_a_domain_mapped_to_a_missing_organisation_is_refused(client, sso, settings, monkeypatch):
    configure(settings, monkeypatch, sso.client_env(COPROD_OIDC_DOMAINS="pnr-vexin.fr=absent"))
    response = sign_in(client)
    assert response.status_code == 403 and "pas encore ouverte sur ce site" in page(response)
    assert not User.objects.exists()


def test_a_returning_agent_is_found_by_subject_after_an_email_change(client, sso):
    sign_in(client)
    first = signed_in_as(client)
    client.logout()
    moved = {"email": "claire.martin@nouvelle-adresse.example", "given_name": "Claire"}
    sso.set_state(accounts={"claire": {**moved, "usual_name": "Martin-Roy"}})
    assert sign_in(client).status_code == 302
    again = signed_in_as(client)
    assert again.pk == first.pk and User.objects.count() == 1
    assert (again.email, again.last_name) == (moved["email"], "Martin-Roy")


def test_a_password_account_is_linked_by_its_email_and_keeps_its_password(client, sso):
    user = User.objects.create_user("cmartin", "Claire.Martin@pnr-vexin.fr", "motdepasse-42")
    sign_in(client)
    assert signed_in_as(client).pk == user.pk
    user.refresh_from_db()
    assert user.oidc_sub == "claire"
    client.logout()
    assert client.login(username="cmartin", password="motdepasse-42")


def test_password_login_works_beside_the_button(client, sso):
    User.objects.create_user("animateur", password="motdepasse-42")
    assert "Connexion avec votre compte d'organisation" in page(client.get("/compte/connexion/"))
    response = client.post(
        "/compte/connexion/", {"username": "animateur", "password": "motdepasse-42"}
    )
    assert response.status_code == 302 and signed_in_as(client).username == "animateur"


def test_without_configuration_there_is_no_button_and_no_address(client, db):
    assert "compte d'organisation" not in page(client.get("/compte/connexion/"))
    assert client.get("/compte/oidc/connexion/").status_code == 404
    assert client.get("/compte/oidc/retour/?code=x&state=y").status_code == 404


def test_the_request_asks_acr_values_with_pkce_and_the_public_address(
    client, sso, settings, monkeypatch
):
    configure(settings, monkeypatch, sso.client_env(COPROD_OIDC_ACR_VALUES="eidas1"))
    settings.COPROD_PUBLIC_URL = "https://atelier.example.fr"
    location = client.get("/compte/oidc/connexion/")["Location"]
    query = parse_qs(urlsplit(location).query)
    assert location.startswith(f"{sso.issuer}/")
    assert query["acr_values"] == ["eidas1"] and query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"] == ["https://atelier.example.fr/compte/oidc/retour/"]
    assert query["nonce"] and query["state"]


def test_signing_out_signs_out_at_the_provider(client, sso):
    sign_in(client)
    response = client.post("/compte/deconnexion/")
    location = urlsplit(response["Location"])
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{sso.issuer}/session/end"
    assert query["post_logout_redirect_uri"] == ["http://testserver/compte/connexion/"]
    assert query["id_token_hint"] and query["state"]
    assert signed_in_as(client) is None


def test_a_password_session_signs_out_here_only(client, sso):
    User.objects.create_user("animateur", password="motdepasse-42")
    client.login(username="animateur", password="motdepasse-42")
    assert client.post("/compte/deconnexion/")["Location"] == "/compte/connexion/"


def test_a_return_this_browser_never_started_is_refused(client, sso):
    client.get("/compte/oidc/connexion/")
    response = client.get("/compte/oidc/retour/?code=forged&state=forged")
    assert response.status_code == 403 and "n'a pas abouti" in page(response)


def test_an_unreachable_provider_gets_a_french_page(client, settings, monkeypatch, db):
    closed = f"http://127.0.0.1:{free_port()}"
    env = {"COPROD_OIDC_ISSUER": closed, "COPROD_OIDC_CLIENT_ID": "c"}
    configure(settings, monkeypatch, {**env, "COPROD_OIDC_CLIENT_SECRET": "s"})
    response = client.get("/compte/oidc/connexion/")
    assert response.status_code == 503 and "ne répond pas" in page(response)


def test_a_discovery_document_naming_another_issuer_is_not_used(
    client, sso, settings, monkeypatch, caplog
):
    """The provider answers at localhost but says it is 127.0.0.1: not the configured issuer."""
    other_name = sso.issuer.replace("127.0.0.1", "localhost")
    configure(settings, monkeypatch, sso.client_env(COPROD_OIDC_ISSUER=other_name))
    response = client.get("/compte/oidc/connexion/")
    assert response.status_code == 503 and "ne répond pas" in page(response)
    assert "discovery document names another issuer" in caplog.text
