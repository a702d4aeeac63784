"""The team pages and the invitation's page, through HTTP as a browser sends it."""

import html

import pytest
from django.core import mail
from django.test import Client

from coprod.core.testserver import free_port
from coprod.organisations.models import Invitation, Membership
from coprod.testing.factories import OrganisationFactory, UserFactory, join
from coprod.workshops.models import Teammate

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def admin(organisation):
    return join(UserFactory(username="admin"), organisation, Membership.Role.ADMIN)


def _team(organisation) -> str:
    return f"/organisations/{organisation.slug}/equipe/"


def _invite_on_page(client, url, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url, data, follow=True)


# Where the page must say how the mail went: the view's transaction really commits, and the
# mail leaves then, as on a server.
committing = pytest.mark.django_db(transaction=True)


def test_the_team_page_is_for_members_only(organisation, admin, facilitator):
    other_admin = join(UserFactory(username="other"), OrganisationFactory(), "admin")
    assert _client(other_admin).get(_team(organisation)).status_code == 404
    assert _client(UserFactory(username="nobody")).get(_team(organisation)).status_code == 404
    page = _client(facilitator).get(_team(organisation))
    assert page.status_code == 200
    body = _text(page)
    assert "administrateur de l'organisation" in body and "camille" in body
    assert "Inviter une personne" not in body
    refused = _client(facilitator).post(
        _team(organisation) + "inviter/", {"email": "a@b.fr", "role": "admin"}
    )
    assert refused.status_code == 403
    assert not Invitation.objects.exists()


@committing
def test_an_admin_invites_from_the_page(organisation, admin):
    page = _client(admin).post(
        _team(organisation) + "inviter/",
        {"email": "lou@example.fr", "role": "process_owner"},
        follow=True,
    )
    assert "Invitation envoyée à lou@example.fr." in _text(page)
    (message,) = mail.outbox
    assert "comme chargé de mission" in message.body
    assert "http://testserver/invitation/?token=" in message.body
    assert "lou@example.fr" in _text(page)  # in the pending list


def test_bad_input_on_the_invite_form_is_said_in_french(organisation, admin):
    page = _client(admin).post(
        _team(organisation) + "inviter/", {"email": "lou\x07@example.fr", "role": "admin"}
    )
    assert page.status_code == 400 and "Saisie refusée" in _text(page)
    page = _client(admin).post(
        _team(organisation) + "inviter/", {"email": "lou@example.fr", "role": "root"}
    )
    assert page.status_code == 400
    assert "Choisissez un des rôles proposés." in _text(page)
    assert not Invitation.objects.exists()
    page = _client(admin).post(_team(organisation) + "inviter/", {"email": "x", "role": "admin"})
    assert "n'est pas une adresse électronique valide" in _text(page)


@committing
def test_an_smtp_failure_keeps_the_invitation_and_offers_a_resend(
    organisation, admin, settings, smtp_server
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    client = _client(admin)
    page = client.post(
        _team(organisation) + "inviter/",
        {"email": "lou@example.fr", "role": "facilitator"},
        follow=True,
    )
    body = _text(page)
    assert "le courriel n'a pas pu être envoyé" in body
    assert "Le courriel n'a pas pu être envoyé" in body  # in the pending list
    invitation = Invitation.objects.get()
    assert invitation.mail_failed

    settings.EMAIL_PORT = smtp_server.port  # the mail server is back
    page = client.post(f"/invitations/{invitation.pk}/renvoyer/", follow=True)
    assert "Invitation envoyée à lou@example.fr." in _text(page)
    (received,) = smtp_server.wait_for(1)
    assert received.rcpt_tos == ["lou@example.fr"]
    assert "/invitation/?token=" in received.text()
    invitation.refresh_from_db()
    assert not invitation.mail_failed


def test_another_organisations_invitations_are_not_there(
    organisation, admin, django_capture_on_commit_callbacks
):
    _invite_on_page(
        _client(admin),
        _team(organisation) + "inviter/",
        django_capture_on_commit_callbacks,
        email="lou@example.fr",
        role="facilitator",
    )
    invitation = Invitation.objects.get()
    other_admin = join(UserFactory(username="other"), OrganisationFactory(), "admin")
    for action in ("renvoyer", "annuler"):
        answer = _client(other_admin).post(f"/invitations/{invitation.pk}/{action}/")
        assert answer.status_code == 404
    invitation.refresh_from_db()
    assert invitation.cancelled_at is None


def test_the_last_administrator_stays(organisation, admin, facilitator):
    client = _client(admin)
    mine = Membership.objects.get(user=admin)
    page = client.post(_team(organisation) + f"{mine.pk}/retirer/", follow=True)
    assert "dernier administrateur de l'organisation" in _text(page)
    page = client.post(
        _team(organisation) + f"{mine.pk}/role/", {f"m{mine.pk}-role": "facilitator"}, follow=True
    )
    assert "dernier administrateur" in _text(page)
    assert Membership.objects.get(user=admin).role == "admin"

    theirs = Membership.objects.get(user=facilitator)
    client.post(_team(organisation) + f"{theirs.pk}/role/", {f"m{theirs.pk}-role": "admin"})
    assert Membership.objects.get(user=facilitator).role == "admin"
    client.post(_team(organisation) + f"{mine.pk}/retirer/")
    assert not Membership.objects.filter(user=admin).exists()


def _invited(workshop, actor, django_capture_on_commit_callbacks, role="scribe") -> str:
    """The link of a new invitation to `workshop`, as the mail carries it."""
    _invite_on_page(
        _client(actor),
        f"/ateliers/{workshop.pk}/equipe/inviter/",
        django_capture_on_commit_callbacks,
        email="lou@example.fr",
        role=role,
    )
    return next(w for w in mail.outbox[-1].body.split() if "token=" in w)


def test_the_workshop_team_page_is_for_its_leads(
    workshop, facilitator, django_capture_on_commit_callbacks
):
    scribe = UserFactory(username="scribe")
    Teammate.objects.create(workshop=workshop, user=scribe, role="scribe")
    assert _client(scribe).get(f"/ateliers/{workshop.pk}/equipe/").status_code == 403
    refused = _client(scribe).post(
        f"/ateliers/{workshop.pk}/equipe/inviter/", {"email": "a@b.fr", "role": "scribe"}
    )
    assert refused.status_code == 403 and not Invitation.objects.exists()
    page = _client(facilitator).get(f"/ateliers/{workshop.pk}/equipe/")
    assert "<h1>Équipe de l'atelier</h1>" in _text(page)
    assert "scribe" in _text(page)

    _client(facilitator).post(f"/ateliers/{workshop.pk}/equipe/{scribe.pk}/retirer/")
    assert not Teammate.objects.filter(user=scribe).exists()


def test_a_link_signs_up_and_grants_the_role(
    workshop, facilitator, django_capture_on_commit_callbacks
):
    link = _invited(workshop, facilitator, django_capture_on_commit_callbacks)
    lou = Client()
    landing = lou.get(link.removeprefix("http://testserver"))
    assert landing.status_code == 302 and landing["Location"] == "/invitation/"  # token gone
    page = lou.get("/invitation/")
    assert "Créer votre compte" in _text(page)

    weak = lou.post("/invitation/", {"action": "signup", "password1": "1234", "password2": "1234"})
    assert weak.status_code == 400 and "trop court" in _text(weak)
    mismatch = {"action": "signup", "password1": "des poireaux!", "password2": "des navets!"}
    assert "pas identiques" in lou.post("/invitation/", mismatch).content.decode()

    good = {"action": "signup", "password1": "des poireaux!", "password2": "des poireaux!"}
    done = lou.post("/invitation/", good, follow=True)
    assert done.redirect_chain[-1][0] == "/ateliers/"
    assert workshop.title in _text(done)  # in « Mes ateliers »
    assert Teammate.objects.get(workshop=workshop, user__email="lou@example.fr").role == "scribe"

    again = Client().get(link.removeprefix("http://testserver"))
    assert again.status_code == 410 and "déjà été acceptée" in _text(again)


def test_an_expired_link_says_so(workshop, facilitator, clock, django_capture_on_commit_callbacks):
    link = _invited(workshop, facilitator, django_capture_on_commit_callbacks)
    clock.advance(days=8)
    page = Client().get(link.removeprefix("http://testserver"))
    assert page.status_code == 410
    assert "Ce lien d'invitation a expiré" in _text(page)
    assert Client().get("/invitation/").status_code == 410


def test_a_signed_in_stranger_cannot_take_the_invitation(
    workshop, facilitator, stranger, django_capture_on_commit_callbacks
):
    link = _invited(workshop, facilitator, django_capture_on_commit_callbacks)
    client = _client(stranger)
    client.get(link.removeprefix("http://testserver"))
    page = client.get("/invitation/")
    assert "l'invitation est adressée à lou@example.fr" in _text(page)
    refused = client.post("/invitation/", {"action": "accept"})
    assert refused.status_code == 403
    assert not Teammate.objects.filter(user=stranger).exists()


def test_an_existing_account_signs_in_then_accepts(
    organisation, admin, django_capture_on_commit_callbacks
):
    lou = UserFactory(username="lou", email="lou@example.fr")
    lou.set_password("des poireaux!")
    lou.save()
    _invite_on_page(
        _client(admin),
        _team(organisation) + "inviter/",
        django_capture_on_commit_callbacks,
        email="lou@example.fr",
        role="process_owner",
    )
    link = next(w for w in mail.outbox[-1].body.split() if "token=" in w)
    client = Client()
    client.get(link.removeprefix("http://testserver"))
    page = client.get("/invitation/")
    assert "Un compte existe déjà pour cette adresse" in _text(page)
    assert "Créer votre compte" not in _text(page)
    signed_in = client.post(
        "/compte/connexion/",
        {"username": "lou", "password": "des poireaux!", "next": "/invitation/"},
        follow=True,
    )
    assert "Accepter l'invitation" in _text(signed_in)  # the token survived the sign-in
    done = client.post("/invitation/", {"action": "accept"}, follow=True)
    assert done.redirect_chain[-1][0] == _team(organisation)
    assert Membership.objects.get(user=lou, organisation=organisation).role == "process_owner"


def test_a_workshops_invitation_is_cancelled_from_its_team_page(
    workshop, facilitator, django_capture_on_commit_callbacks
):
    link = _invited(workshop, facilitator, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()
    client = _client(facilitator)
    page = client.post(f"/invitations/{invitation.pk}/annuler/", follow=True)
    assert page.redirect_chain[-1][0] == f"/ateliers/{workshop.pk}/equipe/"
    assert "Invitation de lou@example.fr annulée." in _text(page)
    assert "Aucune invitation en attente." in _text(page)
    gone = Client().get(link.removeprefix("http://testserver"))
    assert gone.status_code == 410 and "annulée" in _text(gone)
