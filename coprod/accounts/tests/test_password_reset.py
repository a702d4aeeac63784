"""Password reset by e-mail: the same answer for every address, a link to the public address
that works once, a French page for a used or expired link, and a cap on the e-mails."""

import html
import re
from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.urls import reverse

RESET = reverse("accounts:password_reset")
LINK = re.compile(r"https?://\S+/mot-de-passe/nouveau/\S+/")
NEW_PASSWORD = "un-nouveau-mot-de-passe-solide"


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def camille(facilitator):
    facilitator.email = "camille@parc-vexin.example"
    facilitator.set_password("ancien-mot-de-passe-42")
    facilitator.save()
    return facilitator


def sign_in(client, password):
    return client.post(reverse("accounts:login"), {"username": "camille", "password": password})


def ask(client, email):
    return client.post(RESET, {"email": email}, follow=True)


def link_from_mail() -> str:
    (message,) = mail.outbox
    return LINK.search(message.body).group(0)


def set_password(client, link, password=NEW_PASSWORD):
    form = client.get(link, follow=True)
    return client.post(
        form.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )


def test_the_login_page_links_to_the_reset(client, db):
    assert f'href="{RESET}"' in text(client.get(reverse("accounts:login")))


def test_a_known_and_an_unknown_address_get_the_same_answer(client, camille):
    known = ask(client, "Camille@parc-vexin.example")
    unknown = ask(client, "personne@example.org")
    assert known.redirect_chain == unknown.redirect_chain
    assert "Si cette adresse est celle d'un compte" in text(unknown)
    (message,) = mail.outbox
    assert message.to == ["camille@parc-vexin.example"]
    assert message.subject == "Votre mot de passe coprod"
    assert "Votre identifiant est : camille." in message.body


def test_the_link_sets_a_new_password_once(client, camille):
    ask(client, camille.email)
    link = link_from_mail()
    assert link.startswith("http://testserver/compte/")
    response = set_password(client, link)
    assert response.url == reverse("accounts:password_reset_complete")
    assert sign_in(Client(), NEW_PASSWORD).status_code == 302
    again = Client().get(link, follow=True)
    assert "Ce lien ne fonctionne plus" in text(again)
    assert 'name="new_password1"' not in text(again)


def test_the_link_uses_the_public_address(client, camille, settings):
    settings.COPROD_PUBLIC_URL = "https://atelier.parc-vexin.example"
    settings.ALLOWED_HOSTS = ["*"]
    ask(client, camille.email)
    assert link_from_mail().startswith("https://atelier.parc-vexin.example/compte/")


def test_an_expired_link_gets_a_french_message(client, camille, monkeypatch):
    ask(client, camille.email)
    link = link_from_mail()
    later = datetime.now() + timedelta(hours=2, minutes=1)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    response = client.get(link, follow=True)
    assert "Ce lien ne fonctionne plus : il a déjà servi, il a expiré" in text(response)
    assert f'href="{RESET}"' in text(response)


def test_a_weak_password_is_refused_in_french(client, camille):
    ask(client, camille.email)
    response = set_password(client, link_from_mail(), password="123")
    assert response.status_code == 200
    assert "Ce mot de passe est trop court" in text(response)


def test_a_reset_lifts_a_login_lockout(client, camille):
    for _ in range(5):
        sign_in(client, "non")
    assert sign_in(client, "ancien-mot-de-passe-42").status_code == 429
    ask(client, camille.email)
    set_password(client, link_from_mail())
    assert sign_in(client, NEW_PASSWORD).status_code == 302


def test_reset_mails_are_capped_per_address(client, camille):
    """Three e-mails an hour for one address; the fourth request is refused (429), saying so,
    whether the address belongs to an account or not."""
    for _ in range(3):
        assert ask(client, camille.email).redirect_chain
    refused = client.post(RESET, {"email": camille.email})
    assert refused.status_code == 429
    assert "Trop de demandes de réinitialisation" in text(refused)
    assert len(mail.outbox) == 3
    for _ in range(3):
        ask(client, "personne@example.org")
    assert client.post(RESET, {"email": "personne@example.org"}).status_code == 429


def test_a_malformed_address_gets_a_french_message(client, db):
    response = client.post(RESET, {"email": "pas une adresse"})
    assert response.status_code == 200
    assert "Saisissez une adresse de courriel valide." in text(response)
    assert get_user_model().objects.count() == 0
