"""Single sign-on's configuration from the environment, and what coprod reads in claims."""

import pytest

from coprod import config
from coprod.accounts import oidc_claims

NEEDED = {"COPROD_OIDC_CLIENT_ID": "coprod", "COPROD_OIDC_CLIENT_SECRET": "s3cret"}


def env(monkeypatch, **values):
    for name in list(config.os.environ):
        if name.startswith("COPROD_OIDC_"):
            monkeypatch.delenv(name)
    for name, value in values.items():
        monkeypatch.setenv(name, value)


def test_off_without_an_issuer(monkeypatch):
    env(monkeypatch, **NEEDED)
    assert config.oidc() is None


def test_a_proconnect_configuration(monkeypatch):
    env(
        monkeypatch,
        COPROD_OIDC_ISSUER="https://auth.agentconnect.gouv.fr/api/v2/",
        COPROD_OIDC_SCOPES="email given_name usual_name",
        COPROD_OIDC_ACR_VALUES="eidas1",
        COPROD_OIDC_DOMAINS="pnr-vexin.fr=vexin, CC-Example.fr = cc",
        **NEEDED,
    )
    oidc = config.oidc()
    assert oidc["issuer"] == "https://auth.agentconnect.gouv.fr/api/v2"
    assert oidc["scopes"] == "openid email given_name usual_name"
    assert oidc["acr_values"] == "eidas1" and oidc["label"] == ""
    assert oidc["domains"] == {"pnr-vexin.fr": "vexin", "cc-example.fr": "cc"}


def test_default_scopes(monkeypatch):
    env(monkeypatch, COPROD_OIDC_ISSUER="https://idp.example.fr", **NEEDED)
    assert config.oidc()["scopes"] == "openid email profile"


@pytest.mark.parametrize(
    "issuer", ["http://idp.example.fr", "ftp://idp.example.fr", "https://", "idp.example.fr"]
)
def test_the_issuer_is_https_except_on_loopback(monkeypatch, issuer):
    env(monkeypatch, COPROD_OIDC_ISSUER=issuer, **NEEDED)
    with pytest.raises(config.ConfigError, match="COPROD_OIDC_ISSUER"):
        config.oidc()


@pytest.mark.parametrize("issuer", ["http://127.0.0.1:9000", "http://localhost:9000"])
def test_http_on_loopback_is_for_the_tests_provider(monkeypatch, issuer):
    env(monkeypatch, COPROD_OIDC_ISSUER=issuer, **NEEDED)
    assert config.oidc()["issuer"] == issuer


def test_the_client_credentials_are_needed(monkeypatch):
    env(monkeypatch, COPROD_OIDC_ISSUER="https://idp.example.fr", COPROD_OIDC_CLIENT_ID="c")
    with pytest.raises(config.ConfigError, match="COPROD_OIDC_CLIENT_SECRET"):
        config.oidc()


@pytest.mark.parametrize("domains", ["pnr-vexin.fr", "=vexin", "a@b.fr=x", "pnr vexin.fr=x"])
def test_malformed_domains_are_named(domains):
    with pytest.raises(config.ConfigError, match="COPROD_OIDC_DOMAINS"):
        config.oidc_domains(domains)


def test_the_email_used_is_the_verified_one():
    assert oidc_claims.usable_email({"email": " Claire@PNR-Vexin.fr "}) == "claire@pnr-vexin.fr"
    assert oidc_claims.usable_email({"email": "a@b.fr", "email_verified": False}) == ""
    for bad in [None, 42, "no-at-sign", "a@b", "a b@c.fr", "a@b.fr\u202e", "x" * 250 + "@b.fr"]:
        assert oidc_claims.usable_email({"email": bad}) == "", bad


def test_only_the_exact_domain_maps_to_an_organisation():
    domains = {"pnr-vexin.fr": "vexin"}
    assert oidc_claims.organisation_for("claire@pnr-vexin.fr", domains) == "vexin"
    assert oidc_claims.organisation_for("x@agents.pnr-vexin.fr", domains) is None
    assert oidc_claims.organisation_for("x@pnr-vexin.fr.evil.example", domains) is None


def test_names_prefer_proconnect_usual_name_and_drop_control_characters():
    claims = {"given_name": "Claire\n\x00Anne", "usual_name": "Martin", "family_name": "Roy"}
    assert oidc_claims.names(claims) == ("Claire Anne", "Martin")
    assert oidc_claims.names({"family_name": "Roy" * 100}) == ("", ("Roy" * 100)[:150])


def test_a_long_email_gets_a_digest_username():
    assert oidc_claims.username_for("claire@pnr-vexin.fr") == "claire@pnr-vexin.fr"
    assert len(oidc_claims.username_for("x" * 140 + "@pnr-vexin.fr")) == 43
