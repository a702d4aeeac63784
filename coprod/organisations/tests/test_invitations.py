"""Invitations: who may invite whom, the link (random, hashed, expiring, once only), the roles
it grants, the French mail sent after commit."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from coprod.organisations import invitations
from coprod.organisations.models import Invitation, Membership
from coprod.testing.factories import (
    OrganisationFactory,
    ProcessFactory,
    UserFactory,
    WorkshopFactory,
    join,
)
from coprod.workshops.models import Teammate

pytestmark = pytest.mark.django_db

ACCEPT = "https://coprod.example.fr/invitation/"


@pytest.fixture
def place(organisation):
    """An organisation's workshop and one person of every kind around it."""
    admin = join(UserFactory(username="admin"), organisation, Membership.Role.ADMIN)
    owner = UserFactory(username="owner")
    process = ProcessFactory(organisation=organisation, owners=[owner])
    animateur = UserFactory(username="animateur")
    workshop = WorkshopFactory(process=process, facilitators=[animateur])
    people = {
        "admin": admin,
        "process_owner": owner,
        "animateur": animateur,
        "member_elsewhere": join(UserFactory(username="member"), organisation),
        "other_admin": join(UserFactory(username="other"), OrganisationFactory(), "admin"),
        "stranger": UserFactory(username="stranger"),
    }
    for role in Teammate.Role.values:
        user = UserFactory(username=role)
        Teammate.objects.create(workshop=workshop, user=user, role=role)
        people[role] = user
    return organisation, workshop, people


# Who may invite: to the organisation (its admins) and to a workshop's team (its leads).
MATRIX = {
    "admin": (True, True),
    "process_owner": (False, True),
    "animateur": (False, True),
    "member_elsewhere": (False, False),
    "co_facilitator": (False, False),
    "observer": (False, False),
    "scribe": (False, False),
    "other_admin": (False, False),
    "stranger": (False, False),
}


@pytest.mark.parametrize("who", MATRIX)
def test_who_may_invite_to_the_organisation_and_to_a_workshop(place, who):
    """The role × action matrix: refused actors get a French PermissionDenied, nothing is made."""
    organisation, workshop, people = place
    actor = type(people[who]).objects.get(pk=people[who].pk)
    to_organisation, to_workshop = MATRIX[who]
    for allowed, kwargs in (
        (to_organisation, {"organisation": organisation, "role": "facilitator"}),
        (to_workshop, {"workshop": workshop, "role": "scribe"}),
    ):
        before = Invitation.objects.count()
        if allowed:
            invitations.invite(actor=actor, email="lou@example.fr", accept_url=ACCEPT, **kwargs)
            assert Invitation.objects.count() == before + 1
        else:
            with pytest.raises(PermissionDenied, match="Seuls les"):
                invitations.invite(actor=actor, email="lou@example.fr", accept_url=ACCEPT, **kwargs)
            assert Invitation.objects.count() == before


def test_roles_belong_to_their_place(place):
    organisation, workshop, people = place
    with pytest.raises(ValidationError, match="rôles proposés"):
        invitations.invite(
            actor=people["admin"],
            workshop=workshop,
            email="a@b.fr",
            role="admin",
            accept_url=ACCEPT,
        )
    with pytest.raises(ValidationError, match="rôles proposés"):
        invitations.invite(
            actor=people["admin"],
            organisation=organisation,
            email="a@b.fr",
            role="scribe",
            accept_url=ACCEPT,
        )


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("lou\x00@example.fr", "caractères invisibles"),
        ("", "Indiquez"),
        ("a" * 250 + "@example.fr", "254 caractères"),
        ("pas une adresse", "n'est pas une adresse"),
    ],
)
def test_bad_addresses_are_refused_in_french(place, email, message):
    organisation, _workshop, people = place
    with pytest.raises(ValidationError, match=message):
        invitations.invite(
            actor=people["admin"],
            organisation=organisation,
            email=email,
            role="facilitator",
            accept_url=ACCEPT,
        )
    assert not Invitation.objects.exists()


@pytest.fixture
def invite(place, django_capture_on_commit_callbacks):
    """Invite to the organisation or the workshop of `place`, let the mail leave after commit,
    and read the token from the mail's link."""

    def invite(actor, where, role, email="lou@example.fr") -> tuple[Invitation, str]:
        organisation, workshop, _people = place
        with django_capture_on_commit_callbacks(execute=True):
            invitation = invitations.invite(
                actor=actor,
                email=email,
                role=role,
                accept_url=ACCEPT,
                **{"workshop": workshop} if where == "workshop" else {"organisation": organisation},
            )
        link = next(line for line in mail.outbox[-1].body.splitlines() if line.startswith(ACCEPT))
        return invitation, link.split("token=", 1)[1]

    return invite


def test_the_mail_is_french_with_a_link_only_its_reader_holds(place, invite):
    _organisation, workshop, people = place
    invitation, token = invite(people["admin"], "workshop", "scribe", email="Lou@Example.FR")
    (message,) = mail.outbox
    assert message.to == ["Lou@example.fr"]
    assert "vous invite comme scribe" in message.body
    assert "valable 7 jours" in message.body
    html, mime = message.alternatives[0]
    assert mime == "text/html" and token in html and "Accepter l'invitation" in html
    invitation.refresh_from_db()
    assert invitation.sent_at is not None and not invitation.mail_failed
    assert len(token) >= 40
    assert token not in invitation.token_hash  # only its hash is kept
    assert invitations.usable(token) == invitation


def test_nothing_is_sent_before_commit(place, django_capture_on_commit_callbacks):
    _organisation, workshop, people = place
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitations.invite(
            actor=people["admin"],
            workshop=workshop,
            email="a@b.fr",
            role="scribe",
            accept_url=ACCEPT,
        )
    assert mail.outbox == [] and len(callbacks) == 1


def test_a_scribe_invitation_grants_the_scribe_role_once(place, invite):
    _organisation, workshop, people = place
    _invitation, token = invite(people["animateur"], "workshop", "scribe")
    lou = UserFactory(username="lou", email="lou@example.fr")
    invitations.accept(token, user=lou)
    lou = type(lou).objects.get(pk=lou.pk)
    assert lou.has_perm("workshops.enter_contributions", workshop)
    assert not lou.has_perm("workshops.run_workshop", workshop)
    assert not Membership.objects.filter(user=lou).exists()  # a scribe is no member
    with pytest.raises(invitations.Unusable, match="déjà été acceptée"):
        invitations.accept(token, user=lou)


def test_an_animateur_invitation_joins_the_workshop_and_the_organisation(place, invite):
    organisation, workshop, people = place
    scribe = people["scribe"]
    _invitation, token = invite(
        people["process_owner"], "workshop", "facilitator", email=scribe.email
    )
    invitations.accept(token, user=scribe)
    scribe = type(scribe).objects.get(pk=scribe.pk)
    assert workshop.facilitators.filter(pk=scribe.pk).exists()
    assert not workshop.teammates.filter(user=scribe).exists()
    assert Membership.objects.get(user=scribe, organisation=organisation).role == "facilitator"
    assert scribe.has_perm("workshops.manage_team", workshop)


def test_accepting_never_lowers_a_role(place, invite):
    organisation, _workshop, people = place
    admin = people["admin"]
    _invitation, token = invite(admin, "organisation", "facilitator", email=admin.email)
    invitations.accept(token, user=admin)
    assert Membership.objects.get(user=admin, organisation=organisation).role == "admin"


def test_only_the_invited_address_accepts(place, invite):
    organisation, _workshop, people = place
    _invitation, token = invite(people["admin"], "organisation", "process_owner")
    with pytest.raises(PermissionDenied, match="adressée à lou@example.fr"):
        invitations.accept(token, user=people["stranger"])
    assert not Membership.objects.filter(user=people["stranger"]).exists()
    assert invitations.usable(token)  # still there for Lou


def test_the_link_expires_and_a_resend_makes_a_new_one(
    place, clock, invite, django_capture_on_commit_callbacks
):
    organisation, _workshop, people = place
    invitation, old = invite(people["admin"], "organisation", "facilitator")
    clock.advance(days=6, hours=23)
    assert invitations.usable(old) == invitation
    clock.advance(hours=1)
    with pytest.raises(invitations.Unusable, match="a expiré"):
        invitations.usable(old)

    with django_capture_on_commit_callbacks(execute=True):
        invitations.resend(invitation, actor=people["admin"], accept_url=ACCEPT)
    new = mail.outbox[-1].body.split("token=", 1)[1].split()[0]
    assert new != old
    with pytest.raises(invitations.Unusable, match="pas valide"):
        invitations.usable(old)
    clock.advance(days=6)
    lou = UserFactory(username="lou", email="lou@example.fr")
    invitations.accept(new, user=lou)
    assert Membership.objects.get(user=lou).role == "facilitator"


def test_a_cancelled_invitation_cannot_be_used(place, invite):
    organisation, _workshop, people = place
    invitation, token = invite(people["admin"], "organisation", "facilitator")
    with pytest.raises(PermissionDenied):
        invitations.cancel(invitation, actor=people["other_admin"])
    invitations.cancel(invitation, actor=people["admin"])
    with pytest.raises(invitations.Unusable, match="annulée"):
        invitations.usable(token)


def test_a_new_invitation_replaces_the_pending_one(place, invite):
    organisation, _workshop, people = place
    _first, old = invite(people["admin"], "organisation", "facilitator")
    _second, new = invite(people["admin"], "organisation", "process_owner")
    assert Invitation.objects.pending().get().role == "process_owner"
    with pytest.raises(invitations.Unusable, match="annulée"):
        invitations.usable(old)
    assert invitations.usable(new)


@pytest.mark.parametrize("token", ["", "x", "a" * 43, "a" * 500, "abc\x00" * 10])
def test_unknown_or_malformed_tokens_open_nothing(db, token):
    with pytest.raises(invitations.Unusable, match="pas valide"):
        invitations.usable(token)


def test_signing_up_checks_the_password_and_takes_the_address(place, invite):
    _organisation, workshop, people = place
    _invitation, token = invite(people["admin"], "workshop", "observer")
    with pytest.raises(ValidationError, match="trop court|trop courant"):
        invitations.sign_up_and_accept(token, password="azerty")
    assert not type(people["admin"]).objects.filter(email="lou@example.fr").exists()
    user = invitations.sign_up_and_accept(token, password="des poireaux au jardin")
    assert (user.username, user.email) == ("lou@example.fr", "lou@example.fr")
    assert user.check_password("des poireaux au jardin")
    assert Teammate.objects.get(user=user, workshop=workshop).role == "observer"
