"""Invitations of colleagues by e-mail: to the organisation with one of its roles, or to one of
its workshops as animateur, co-animateur, observateur or scribe.

The link carries a random token (256 bits); only its SHA-256 is stored, so neither the database
nor the logs can give it back. It expires after settings.INVITATION_DAYS, works once, and a
resend makes a new one. The mail leaves after commit: an SMTP failure is noted on the invitation
(the team page offers « Renvoyer »), it never loses the invitation.

Accepting needs an account with the invited address: whoever holds the link read that mailbox,
and a link forwarded to someone else does not hand them the role under another name.
"""

import hashlib
import logging
import secrets
import smtplib
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from coprod.core import text

from .models import Invitation, Membership, Organisation

log = logging.getLogger(__name__)

EMAIL_MAX = 254  # RFC 5321's limit on a path, Django's EmailField
# Accepting an invitation never lowers a role someone already has.
_RANK = {Membership.Role.FACILITATOR: 1, Membership.Role.PROCESS_OWNER: 2, Membership.Role.ADMIN: 3}


class Unusable(Exception):
    """The link cannot be used any more; `str()` is the French reason for the page."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, _hash(token)


def _expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_DAYS)


def may_manage(actor, organisation: Organisation, workshop=None) -> bool:
    """Who invites to (and cancels invitations of) the organisation, or a workshop's team."""
    if workshop is not None:
        return actor.has_perm("workshops.manage_team", workshop)
    return actor.has_perm("organisations.manage_members", organisation)


def _require(actor, organisation, workshop) -> None:
    if not may_manage(actor, organisation, workshop):
        if workshop is not None:
            raise PermissionDenied(
                _("Seuls les animateurs de l'atelier et les chargés de mission gèrent son équipe.")
            )
        raise PermissionDenied(_("Seuls les administrateurs de l'organisation gèrent ses membres."))


def clean_email(raw) -> str:
    value = str(raw or "").strip()
    if text.has_control_characters(value):
        raise ValidationError(_("L'adresse électronique contient des caractères invisibles."))
    if not value:
        raise ValidationError(_("Indiquez l'adresse électronique de la personne à inviter."))
    if len(value) > EMAIL_MAX:
        raise ValidationError(
            _("L'adresse électronique ne doit pas dépasser %(max)d caractères.")
            % {"max": EMAIL_MAX}
        )
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationError(
            _("« %(email)s » n'est pas une adresse électronique valide.") % {"email": value}
        ) from None
    local, _at, domain = value.rpartition("@")
    return f"{local}@{domain.lower()}"


def invite(*, actor, email, role, accept_url: str, organisation=None, workshop=None) -> Invitation:
    """Invite `email` with `role` to `workshop` (its team) or else to `organisation`, and send
    the link (`accept_url`, the absolute address of the accept page) after commit."""
    if workshop is not None:
        organisation = workshop.process.organisation
    _require(actor, organisation, workshop)
    email = clean_email(email)
    allowed = Invitation.WORKSHOP_ROLES if workshop is not None else Invitation.ORGANISATION_ROLES
    if role not in allowed:
        raise ValidationError(_("Choisissez un des rôles proposés."))
    token, token_hash = _new_token()
    with transaction.atomic():
        # One pending invitation per person and place: a new one replaces the earlier.
        Invitation.objects.pending().filter(
            organisation=organisation, workshop=workshop, email__iexact=email
        ).update(cancelled_at=timezone.now())
        invitation = Invitation.objects.create(
            organisation=organisation,
            workshop=workshop,
            role=role,
            email=email,
            invited_by=actor,
            token_hash=token_hash,
            expires_at=_expiry(),
        )
        transaction.on_commit(lambda: _send(invitation.pk, token, accept_url))
    return invitation


def resend(invitation: Invitation, *, actor, accept_url: str) -> Invitation:
    """A new link (the old one stops working), valid for the full span again, sent again."""
    _require(actor, invitation.organisation, invitation.workshop)
    token, token_hash = _new_token()
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at or invitation.cancelled_at:
            raise ValidationError(_("Cette invitation n'est plus en attente."))
        invitation.token_hash, invitation.expires_at = token_hash, _expiry()
        invitation.save(update_fields=["token_hash", "expires_at", "updated_at"])
        transaction.on_commit(lambda: _send(invitation.pk, token, accept_url))
    return invitation


def cancel(invitation: Invitation, *, actor) -> None:
    _require(actor, invitation.organisation, invitation.workshop)
    with transaction.atomic():
        Invitation.objects.pending().filter(pk=invitation.pk).update(cancelled_at=timezone.now())


def _send(pk: int, token: str, accept_url: str) -> None:
    invitation = Invitation.objects.select_related("organisation", "workshop", "invited_by").get(
        pk=pk
    )
    link = f"{accept_url}?{urlencode({'token': token})}"
    context = {
        "invitation": invitation,
        "link": link,
        "inviter": invitation.invited_by.get_full_name() or invitation.invited_by.username
        if invitation.invited_by
        else "",
        "days": settings.INVITATION_DAYS,
    }
    subject = _("Invitation à rejoindre %(place)s sur coprod") % {
        "place": invitation.workshop or invitation.organisation
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("organisations/invitation_email.txt", context),
        to=[invitation.email],
    )
    message.attach_alternative(
        render_to_string("organisations/invitation_email.html", context), "text/html"
    )
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        # The invitation's number and the error's kind only: no address, no link.
        log.warning("invitation %s: the mail could not be sent (%s)", pk, type(error).__name__)
        Invitation.objects.filter(pk=pk).update(send_failed_at=timezone.now())
    else:
        Invitation.objects.filter(pk=pk).update(sent_at=timezone.now())


def usable(token) -> Invitation:
    """The invitation `token` opens, or Unusable with the French reason."""
    token = str(token or "")
    invitation = None
    if 20 <= len(token) <= 100 and not text.has_control_characters(token):
        invitation = (
            Invitation.objects.select_related("organisation", "workshop")
            .filter(token_hash=_hash(token))
            .first()
        )
    if invitation is None:
        raise Unusable(
            _(
                "Ce lien d'invitation n'est pas valide : il a peut-être été remplacé par un "
                "plus récent. Demandez à la personne qui vous a invité de vous le renvoyer."
            )
        )
    if invitation.accepted_at:
        raise Unusable(
            _("Cette invitation a déjà été acceptée : connectez-vous avec votre compte.")
        )
    if invitation.cancelled_at:
        raise Unusable(_("Cette invitation a été annulée par l'organisation."))
    if invitation.expires_at <= timezone.now():
        raise Unusable(
            _(
                "Ce lien d'invitation a expiré. Demandez à la personne qui vous a invité de "
                "vous le renvoyer."
            )
        )
    return invitation


def is_addressed_to(invitation: Invitation, user) -> bool:
    return bool(user.is_authenticated and user.email.lower() == invitation.email.lower())


def accept(token, *, user) -> Invitation:
    """`user` (with the invited address) takes the role; the link is used up."""
    with transaction.atomic():
        found = usable(token)
        invitation = Invitation.objects.select_for_update().get(pk=found.pk)
        usable(token)  # again under the lock: two clicks at once accept once
        if not is_addressed_to(invitation, user):
            raise PermissionDenied(
                _(
                    "Cette invitation est adressée à %(email)s : connectez-vous avec le compte "
                    "de cette adresse, ou déconnectez-vous pour en créer un."
                )
                % {"email": invitation.email}
            )
        _grant(invitation, user)
        invitation.accepted_at, invitation.accepted_by = timezone.now(), user
        invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    return invitation


def sign_up_and_accept(token, *, password: str):
    """A new account for the invited address (its username the address itself), then accept."""
    user_model = get_user_model()
    with transaction.atomic():
        invitation = usable(token)
        if user_model.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(
                _("Un compte existe déjà pour cette adresse : connectez-vous pour accepter.")
            )
        user = user_model(username=_free_username(invitation.email), email=invitation.email)
        validate_password(password, user)
        user.set_password(password)
        user.save()
        accept(token, user=user)
    return user


def _free_username(email: str) -> str:
    user_model = get_user_model()
    base = email.lower()[:150]
    if not user_model.objects.filter(username__iexact=base).exists():
        return base
    local = email.split("@")[0][:140]
    n = 2
    while user_model.objects.filter(username__iexact=f"{local}{n}").exists():
        n += 1
    return f"{local}{n}"


def _grant(invitation: Invitation, user) -> None:
    workshop, role = invitation.workshop, invitation.role
    if workshop is None:
        current = Membership.objects.filter(organisation=invitation.organisation, user=user).first()
        if current is None or _RANK[current.role] < _RANK[role]:
            Membership.objects.update_or_create(
                organisation=invitation.organisation, user=user, defaults={"role": role}
            )
        return
    # Through the workshop's own relations: organisations does not import workshops.
    if role == Invitation.Role.FACILITATOR:
        workshop.facilitators.add(user)
        workshop.teammates.filter(user=user).delete()
        Membership.objects.get_or_create(
            organisation=invitation.organisation,
            user=user,
            defaults={"role": Membership.Role.FACILITATOR},
        )
    elif not workshop.facilitators.filter(pk=user.pk).exists():
        workshop.teammates.update_or_create(user=user, defaults={"role": role})
