"""Writes of the organisations app: members and their roles, and the organisation a new
process belongs to."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coprod.core import cleaning

from .models import CONTACT_MAX, NAME_MAX, NOTICE_MAX, Membership, Organisation

# A laptop's first process, made before anyone set up an organisation, gets this one.
FIRST_ORGANISATION = "Mon organisation"


def organisation_for_new_process(actor, organisation: Organisation | None = None) -> Organisation:
    """Where `actor` creates a process: the organisation named (where they must be allowed to),
    else the only one they may create processes in. On a server with no organisation yet, its
    superuser's first process creates one, of which they become the administrator. `actor`
    None is the server's command line, which acts as a superuser."""
    if actor is None:
        return organisation or _the_only_organisation(admin=None)
    creating = Organisation.objects.filter(
        memberships__user=actor, memberships__role__in=Membership.PROCESS_CREATORS
    )
    if organisation is not None:
        if actor.is_superuser or creating.filter(pk=organisation.pk).exists():
            return organisation
        raise PermissionDenied(
            _(
                "Vous ne créez pas de démarche pour cette organisation : demandez-le à son "
                "administrateur."
            )
        )
    mine = list(creating.distinct()[:2])
    if len(mine) == 1:
        return mine[0]
    if actor.is_superuser and not mine:
        return _the_only_organisation(admin=actor)
    if mine:
        raise ValidationError(_("Choisissez l'organisation à laquelle la démarche appartient."))
    raise PermissionDenied(
        _("Seuls les chargés de mission créent une démarche : demandez-le à l'un d'eux.")
    )


def _the_only_organisation(*, admin) -> Organisation:
    every = list(Organisation.objects.all()[:2])
    if len(every) == 1:
        return every[0]
    if not every:
        return create_organisation(name=FIRST_ORGANISATION, admin=admin)
    raise ValidationError(
        _("Ce serveur héberge plusieurs organisations : choisissez celle de la démarche.")
    )


def _free_slug(name: str) -> str:
    base = slugify(name)[:40] or "organisation"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def create_organisation(*, name: str, admin=None, **fields) -> Organisation:
    """A new organisation, `admin` its first administrator (server operators create them)."""
    name = cleaning.line(name, label=_("nom"), max_length=NAME_MAX)
    if not name:
        raise ValidationError(_("Donnez un nom à l'organisation."))
    with transaction.atomic():
        organisation = Organisation(name=name, slug=fields.pop("slug", "") or _free_slug(name))
        for key, value in fields.items():
            setattr(organisation, key, value)
        organisation.full_clean()
        organisation.save()
        if admin is not None:
            Membership.objects.create(
                organisation=organisation, user=admin, role=Membership.Role.ADMIN
            )
    return organisation


def set_membership(organisation: Organisation, user, role: str, *, actor) -> Membership:
    """Give `user` `role` in `organisation` (an invitation accepted, an admin's change)."""
    if actor is not None and not actor.has_perm("organisations.manage_members", organisation):
        raise PermissionDenied(_("Seuls les administrateurs de l'organisation gèrent ses membres."))
    if role not in Membership.Role.values:
        raise ValidationError(_("Ce rôle n'existe pas."))
    with transaction.atomic():
        membership, _created = Membership.objects.update_or_create(
            organisation=organisation, user=user, defaults={"role": role}
        )
    return membership


def _require_manager(organisation: Organisation, actor) -> None:
    if not actor.has_perm("organisations.manage_members", organisation):
        raise PermissionDenied(_("Seuls les administrateurs de l'organisation gèrent ses membres."))


def _keep_an_admin(membership: Membership) -> None:
    """Refuse to take away the organisation's last administrator (locked: two admins removing
    each other at once leave one)."""
    admins = list(
        Membership.objects.select_for_update()
        .filter(organisation_id=membership.organisation_id, role=Membership.Role.ADMIN)
        .values_list("pk", flat=True)
    )
    if admins == [membership.pk]:
        raise ValidationError(
            _(
                "C'est le dernier administrateur de l'organisation : nommez-en un autre "
                "avant de changer son rôle ou de le retirer."
            )
        )


def change_role(membership: Membership, role: str, *, actor) -> Membership:
    """An administrator gives a member another role in the organisation."""
    _require_manager(membership.organisation, actor)
    if role not in Membership.Role.values:
        raise ValidationError(_("Ce rôle n'existe pas."))
    with transaction.atomic():
        if membership.role == Membership.Role.ADMIN and role != Membership.Role.ADMIN:
            _keep_an_admin(membership)
        membership.role = role
        membership.save(update_fields=["role", "updated_at"])
    return membership


def remove_member(membership: Membership, *, actor) -> None:
    """An administrator takes a member out of the organisation (never its last administrator).
    Their roles in its workshops stay until an animateur removes them there."""
    _require_manager(membership.organisation, actor)
    with transaction.atomic():
        if membership.role == Membership.Role.ADMIN:
            _keep_an_admin(membership)
        membership.delete()


SETTINGS = ("name", "kind", "privacy_contact", "dpo_contact", "privacy_notice", "retention_months")


def update_organisation(organisation: Organisation, *, actor, **fields) -> Organisation:
    """Its administrators change its name, its type, the data controller's contacts and
    notice shown at join, and how long personal data is kept by default."""
    if not actor.has_perm("organisations.change_organisation", organisation):
        raise PermissionDenied(_("Seuls les administrateurs de l'organisation la modifient."))
    lines = {"name": (_("nom"), NAME_MAX), "privacy_contact": (_("contact"), CONTACT_MAX)}
    lines["dpo_contact"] = (_("délégué à la protection des données"), CONTACT_MAX)
    for name, value in fields.items():
        if name not in SETTINGS:
            raise ValidationError(_("Ce réglage n'existe pas."))
        if name in lines:
            label, limit = lines[name]
            value = cleaning.line(value, label=label, max_length=limit)
        elif name == "privacy_notice":
            value = cleaning.block(value, label=_("notice d'information"), max_length=NOTICE_MAX)
        setattr(organisation, name, value)
    if not organisation.name:
        raise ValidationError(_("Donnez un nom à l'organisation."))
    with transaction.atomic():
        organisation.full_clean()
        organisation.save()
    return organisation
