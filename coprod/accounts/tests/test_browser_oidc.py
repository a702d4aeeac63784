"""Single sign-on in a real browser: a real `coprod serve` set up for a real OpenID Connect
provider on loopback (the npm oidc-provider, ProConnect's scopes, signed userinfo). Chromium
clicks the login page's button, signs in at the provider, lands signed in on coprod, and signs
out through the provider; coprod's pages pass axe-core."""

import re

import pytest
from playwright.sync_api import expect

from coprod.core import testserver
from coprod.testing.browser import assert_accessible
from coprod.testing.oidc import OidcProvider

pytestmark = pytest.mark.browser
LABEL = "Se connecter avec ProConnect"
PASSWORD = "mot-de-passe-du-portable"
MAKE_PARK = (
    "from coprod.organisations.services import create_organisation; "
    "create_organisation(name='Parc du Vexin', slug='vexin')"
)


@pytest.fixture(scope="module")
def sso_site():
    """(coprod's address, the provider): coprod's port is chosen first, for the provider's
    registered redirect addresses."""
    port = testserver.free_port()
    url = f"http://127.0.0.1:{port}"
    with OidcProvider(client_url=url) as provider:
        env = provider.client_env(
            COPROD_OIDC_SCOPES="openid email given_name usual_name",
            COPROD_OIDC_ACR_VALUES="eidas1",
            COPROD_OIDC_LABEL=LABEL,
            COPROD_PUBLIC_URL=url,
            DJANGO_SUPERUSER_PASSWORD=PASSWORD,
        )
        servers = testserver.prepare(extra_env=env)
        try:
            servers.manage(
                "createsuperuser",
                "--noinput",
                "--username",
                "animateur",
                "--email",
                "animateur@example.fr",
            )
            servers.manage("shell", "-c", MAKE_PARK)
            servers.start(1, port=port)
            yield url, provider
        finally:
            servers.close()


def sign_in_at_provider(page, login: str) -> None:
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("any password")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()


def test_sign_in_and_out_through_the_provider(sso_site, new_context):
    url, provider = sso_site
    page = new_context("laptop").new_page()
    page.goto(f"{url}/compte/connexion/")
    assert_accessible(page, "login page with single sign-on")
    page.get_by_role("link", name=LABEL).click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(provider.issuer)}/interaction/"))
    sign_in_at_provider(page, "claire")

    expect(page).to_have_url(f"{url}/ateliers/")
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()

    page.get_by_role("button", name="Se déconnecter").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(provider.issuer)}/session/end"))
    page.get_by_role("button", name="Yes, sign me out").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(url)}/compte/connexion/\?state="))
    expect(page.get_by_role("link", name=LABEL)).to_be_visible()

    # Signed out at the provider too: the button asks for the password there again.
    page.get_by_role("link", name=LABEL).click()
    expect(page.locator("input[name=login]")).to_be_visible()


def test_an_unknown_domain_gets_an_accessible_french_refusal(sso_site, new_context):
    url, _provider = sso_site
    page = new_context("laptop").new_page()
    page.goto(f"{url}/compte/connexion/")
    page.get_by_role("link", name=LABEL).click()
    sign_in_at_provider(page, "paul")
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion impossible")
    expect(page.get_by_text("aucune organisation de ce site")).to_be_visible()
    assert_accessible(page, "single sign-on refused")
    page.get_by_role("link", name="Retour à la page de connexion").click()
    expect(page).to_have_url(f"{url}/compte/connexion/")


def test_password_sign_in_still_works_beside_single_sign_on(sso_site, new_context):
    url, _provider = sso_site
    page = new_context("laptop").new_page()
    page.goto(f"{url}/compte/connexion/")
    page.locator("#id_username").fill("animateur")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter", exact=True).click()
    expect(page).to_have_url(f"{url}/ateliers/")
    # Signing out of a password session stays on coprod.
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page).to_have_url(f"{url}/compte/connexion/")
