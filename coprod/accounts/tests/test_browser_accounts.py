"""End to end on a real `coprod serve` sending through a real SMTP server (aiosmtpd): a
forgotten password reset from the e-mail's link, a login lock-out lifted by an administrator.
Every page passes axe-core."""

import re

import pytest
from playwright.sync_api import expect

from coprod.core import testserver
from coprod.testing.browser import assert_accessible
from coprod.testing.smtp import SmtpServer

pytestmark = pytest.mark.browser

LINK = re.compile(r"http://\S+/mot-de-passe/nouveau/\S+/")
ACCOUNTS = """
from django.contrib.auth import get_user_model
User = get_user_model()
User.objects.create_user("camille", "camille@parc-vexin.example", "ancien-mot-de-passe-42")
User.objects.create_user("dominique", "dominique@parc-vexin.example", "bon-mot-de-passe-42")
User.objects.create_superuser("admin", "admin@parc-vexin.example", "mot-de-passe-admin-42")
"""


@pytest.fixture(scope="module")
def smtp():
    with SmtpServer() as server:
        yield server


@pytest.fixture(scope="module")
def site(smtp):
    servers = testserver.prepare(extra_env=smtp.env)
    try:
        servers.manage("shell", "-c", ACCOUNTS)
        servers.start(1)
        yield servers.urls[0]
    finally:
        servers.close()


def sign_in(page, url, username, password):
    page.goto(f"{url}/compte/connexion/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


def test_a_forgotten_password_is_reset_from_the_mail(site, smtp, new_context):
    page = new_context("laptop").new_page()
    page.goto(f"{site}/compte/connexion/")
    assert_accessible(page, "login page")
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mot de passe oublié")
    assert_accessible(page, "reset request")

    page.get_by_label("Adresse e-mail de votre compte").fill("camille@parc-vexin.example")
    page.get_by_role("button", name="Recevoir le lien").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez vos e-mails")
    assert_accessible(page, "reset requested")

    (mail,) = smtp.wait_for(1)
    assert mail.rcpt_tos == ["camille@parc-vexin.example"]
    assert mail.message["Subject"] == "Votre mot de passe coprod"
    link = LINK.search(mail.text()).group(0)
    assert link.startswith(f"{site}/compte/")

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouveau mot de passe")
    assert_accessible(page, "new password form")
    page.locator("#id_new_password1").fill("un-nouveau-mot-de-passe-solide")
    page.locator("#id_new_password2").fill("un-nouveau-mot-de-passe-solide")
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mot de passe changé")
    assert_accessible(page, "password changed")

    sign_in(page, site, "camille", "un-nouveau-mot-de-passe-solide")
    expect(page).to_have_url(re.compile(r"/ateliers/$"))

    # The link served once.
    other = new_context("laptop").new_page()
    other.goto(link)
    expect(other.get_by_role("alert")).to_contain_text("Ce lien ne fonctionne plus")
    assert_accessible(other, "used reset link")


def test_a_locked_out_colleague_is_unlocked_by_an_admin(site, new_context):
    page = new_context("laptop").new_page()
    for _ in range(5):
        sign_in(page, site, "dominique", "mauvais")
    sign_in(page, site, "dominique", "bon-mot-de-passe-42")
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion bloquée pour un moment")
    expect(page.get_by_role("alert")).to_contain_text("réessayez à partir de")
    assert_accessible(page, "locked-out page")

    admin = new_context("laptop").new_page()
    sign_in(admin, site, "admin", "mot-de-passe-admin-42")
    expect(admin).to_have_url(re.compile(r"/ateliers/$"))
    admin.goto(f"{site}/compte/deverrouiller/")
    expect(admin.get_by_role("cell", name="dominique", exact=True)).to_be_visible()
    assert_accessible(admin, "unlock page")
    # With the keyboard: the button takes the focus and Enter presses it.
    button = admin.get_by_role("button", name="Déverrouiller dominique")
    button.focus()
    admin.keyboard.press("Enter")
    expect(admin.get_by_role("status")).to_contain_text("dominique peut de nouveau se connecter.")
    assert_accessible(admin, "unlock page, unlocked")

    sign_in(page, site, "dominique", "bon-mot-de-passe-42")
    expect(page).to_have_url(re.compile(r"/ateliers/$"))
