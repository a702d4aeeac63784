"""End to end on a real `coprod serve` that mails through a real SMTP server (aiosmtpd on
loopback): an administrator invites a colleague as scribe of a workshop from its team page, the
mail arrives, the colleague opens its link in a browser of their own, creates their account and
finds the workshop in their list. Every page passes axe-core."""

import re

import pytest
from playwright.sync_api import expect

from coprod.testing.browser import assert_accessible, demo_server
from coprod.testing.smtp import SmtpServer

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def smtp():
    with SmtpServer() as server:
        yield server


@pytest.fixture(scope="module")
def server(smtp):
    """The demo on a `coprod serve` whose mail goes to `smtp` (overrides coprod.testing's)."""
    with demo_server(extra_env=smtp.env) as live:
        yield live


def test_a_colleague_invited_as_scribe_signs_up_from_the_mail(
    server, smtp, new_context, facilitator_state
):
    url, workshop = server.url, server.demo["workshop"]
    admin = new_context("laptop", storage_state=facilitator_state).new_page()

    # The organisation's team page, from the navigation.
    admin.goto(f"{url}/ateliers/")
    admin.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Équipe"
    ).click()
    expect(admin.get_by_role("heading", level=1)).to_contain_text("Équipe —")
    assert_accessible(admin, "organisation team page")

    # Its settings: the contact participants read in the notice when they join.
    admin.get_by_role("link", name=re.compile("Réglages de l'organisation")).click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Réglages de l'organisation")
    assert_accessible(admin, "organisation settings page")
    admin.get_by_label("Contact pour exercer ses droits").fill("rgpd@pnr-vexin.example")
    admin.get_by_role("button", name="Enregistrer").click()
    expect(admin.get_by_role("status")).to_contain_text("Réglages de l'organisation enregistrés.")

    admin.goto(f"{url}/ateliers/{workshop}/")
    title = admin.get_by_role("heading", level=1).inner_text()
    admin.get_by_role("link", name="Équipe de l'atelier").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Équipe de l'atelier")
    assert_accessible(admin, "workshop team page")

    # A wrong address first: said at the field, in French.
    admin.get_by_label("Adresse électronique").fill("lou.example.fr")
    admin.get_by_role("button", name="Envoyer l'invitation").click()
    expect(admin.locator("#id_email_error")).to_contain_text("n'est pas une adresse")
    assert_accessible(admin, "workshop team page, bad address")

    admin.get_by_label("Adresse électronique").fill("lou@example.fr")
    admin.get_by_label("Rôle").select_option(label="scribe")
    admin.get_by_role("button", name="Envoyer l'invitation").click()
    expect(admin.get_by_role("status")).to_contain_text("Invitation envoyée à lou@example.fr.")
    pending = admin.get_by_role("table").filter(has_text="lou@example.fr")
    expect(pending).to_contain_text("scribe")
    assert_accessible(admin, "workshop team page, invitation sent")

    (received,) = smtp.wait_for(1)
    assert received.rcpt_tos == ["lou@example.fr"]
    body = received.text()
    assert "vous invite comme scribe" in body
    link = re.search(r"http\S+/invitation/\?token=\S+", body).group(0)
    assert link.startswith(url)

    # Lou, on another computer: no account yet.
    lou = new_context("laptop").new_page()
    lou.goto(link)
    expect(lou).to_have_url(f"{url}/invitation/")  # the token left the address bar
    expect(lou.get_by_role("heading", level=1)).to_have_text(f"Invitation à l'atelier « {title} »")
    assert_accessible(lou, "invitation page")
    lou.get_by_label("Mot de passe", exact=True).fill("azerty")
    lou.get_by_label("Le même mot de passe, pour vérifier").fill("azerty")
    lou.get_by_role("button", name="Créer mon compte et accepter").click()
    expect(lou.locator("#id_password1_error")).to_contain_text("trop court")
    assert_accessible(lou, "invitation page, weak password")

    lou.get_by_label("Mot de passe", exact=True).fill("des poireaux au jardin")
    lou.get_by_label("Le même mot de passe, pour vérifier").fill("des poireaux au jardin")
    lou.get_by_role("button", name="Créer mon compte et accepter").click()
    expect(lou).to_have_url(f"{url}/ateliers/")
    expect(lou.get_by_role("status")).to_contain_text("Bienvenue dans l'équipe !")
    expect(lou.get_by_role("table")).to_contain_text(title)
    assert_accessible(lou, "workshop list of the new scribe")

    # The team page now lists Lou as scribe, and the link is used up.
    admin.reload()
    team = admin.get_by_role("table", name="Membres de l'équipe et leurs rôles")
    expect(team.get_by_role("row").filter(has_text="lou@example.fr")).to_contain_text("scribe")
    again = new_context("laptop").new_page()
    again.goto(link)
    expect(again.get_by_role("heading", level=1)).to_have_text("Ce lien ne peut plus servir")
    expect(again.get_by_role("alert")).to_contain_text("déjà été acceptée")
    assert_accessible(again, "used invitation link")
