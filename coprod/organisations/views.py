"""The organisation's team page and the page an invitation's link opens. Thin: the services
decide and write."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from coprod.core import links

from . import invitations, services
from .forms import InviteForm, RoleForm, SettingsForm, SignUpForm
from .models import Invitation, Membership, Organisation

SESSION_KEY = "invitation_token"


def accept_url(request) -> str:
    """The accept page's public address, for the link in the mail."""
    return links.absolute_url(request, reverse("organisations:invitation"))


def tell_how_it_went(request, invitation: Invitation) -> None:
    """Say whether the mail left, once the service has tried (after commit)."""
    invitation.refresh_from_db()
    if invitation.mail_failed:
        messages.warning(
            request,
            _(
                "L'invitation de %(email)s est enregistrée, mais le courriel n'a pas pu être "
                "envoyé : réessayez plus tard avec « Renvoyer »."
            )
            % {"email": invitation.email},
        )
    elif invitation.sent_at:
        messages.success(
            request, _("Invitation envoyée à %(email)s.") % {"email": invitation.email}
        )
    else:  # inside an outer transaction: the mail leaves when it commits
        messages.success(
            request, _("Invitation de %(email)s enregistrée.") % {"email": invitation.email}
        )


@login_required
def mine(request):
    """The organisations the user belongs to; straight to the team page when there is one."""
    organisations = list(Organisation.objects.filter(memberships__user=request.user))
    if len(organisations) == 1:
        return redirect("organisations:team", organisations[0].slug)
    return render(request, "organisations/mine.html", {"organisations": organisations})


def _organisation(request, slug) -> Organisation:
    """Its members' (and superusers') organisation; a 404 for anyone else."""
    organisation = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm("organisations.view_organisation", organisation):
        raise Http404
    return organisation


@login_required
def settings_page(request, slug):
    """The organisation's settings: its name, the notice participants read when they join, the
    data controller's contacts and the default retention (its administrators only)."""
    organisation = _organisation(request, slug)
    if not request.user.has_perm("organisations.change_organisation", organisation):
        raise PermissionDenied(_("Seuls les administrateurs de l'organisation la modifient."))
    form = SettingsForm(request.POST or None, instance=Organisation.objects.get(pk=organisation.pk))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in SettingsForm.Meta.fields}
        try:
            services.update_organisation(organisation, actor=request.user, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Réglages de l'organisation enregistrés."))
            return redirect("organisations:settings", organisation.slug)
    context = {"organisation": organisation, "form": form}
    return render(
        request, "organisations/settings.html", context, status=400 if form.errors else 200
    )


@login_required
def team(request, slug, invite_form=None, status=200):
    organisation = _organisation(request, slug)
    manages = request.user.has_perm("organisations.manage_members", organisation)
    members = organisation.memberships.select_related("user").order_by("user__username")
    context = {
        "organisation": organisation,
        "manages": manages,
        "members": [(m, RoleForm(initial={"role": m.role}, prefix=f"m{m.pk}")) for m in members],
        "invitations": organisation.invitations.pending()
        .filter(workshop=None)
        .select_related("invited_by")
        if manages
        else [],
        "form": invite_form or InviteForm(roles=Invitation.ORGANISATION_ROLES),
        "days": settings.INVITATION_DAYS,
    }
    return render(request, "organisations/team.html", context, status=status)


@login_required
@require_POST
def invite(request, slug):
    organisation = _organisation(request, slug)
    form = InviteForm(request.POST, roles=Invitation.ORGANISATION_ROLES)
    if form.is_valid():
        try:
            invitation = invitations.invite(
                actor=request.user,
                organisation=organisation,
                accept_url=accept_url(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            tell_how_it_went(request, invitation)
            return redirect("organisations:team", slug)
    return team(request, slug, invite_form=form, status=400)


def _membership(request, slug, pk) -> Membership:
    organisation = _organisation(request, slug)
    return get_object_or_404(organisation.memberships.select_related("organisation"), pk=pk)


@login_required
@require_POST
def change_role(request, slug, pk):
    membership = _membership(request, slug, pk)
    form = RoleForm(request.POST, prefix=f"m{pk}")
    if not form.is_valid():
        messages.error(request, _("Choisissez un des rôles proposés."))
        return redirect("organisations:team", slug)
    try:
        services.change_role(membership, form.cleaned_data["role"], actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Rôle de %(name)s modifié.") % {"name": membership.user})
    return redirect("organisations:team", slug)


@login_required
@require_POST
def remove_member(request, slug, pk):
    membership = _membership(request, slug, pk)
    try:
        services.remove_member(membership, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s ne fait plus partie de l'organisation.") % {"name": membership.user},
        )
    return redirect("organisations:team", slug)


def _back(invitation: Invitation):
    if invitation.workshop_id:
        return redirect("workshops:team", invitation.workshop_id)
    return redirect("organisations:team", invitation.organisation.slug)


def _managed_invitation(request, pk) -> Invitation:
    invitation = get_object_or_404(
        Invitation.objects.select_related("organisation", "workshop__process"), pk=pk
    )
    if not invitations.may_manage(request.user, invitation.organisation, invitation.workshop):
        raise Http404  # another organisation's invitations are not even there
    return invitation


@login_required
@require_POST
def resend(request, pk):
    invitation = _managed_invitation(request, pk)
    try:
        invitation = invitations.resend(
            invitation, actor=request.user, accept_url=accept_url(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        tell_how_it_went(request, invitation)
    return _back(invitation)


@login_required
@require_POST
def cancel(request, pk):
    invitation = _managed_invitation(request, pk)
    invitations.cancel(invitation, actor=request.user)
    messages.success(request, _("Invitation de %(email)s annulée.") % {"email": invitation.email})
    return _back(invitation)


def _unusable(request, reason: str):
    request.session.pop(SESSION_KEY, None)
    return render(request, "organisations/unusable.html", {"reason": reason}, status=410)


def _landing(invitation: Invitation, user) -> str:
    if invitation.workshop_id is None:
        return reverse("organisations:team", args=[invitation.organisation.slug])
    if user.has_perm("workshops.change_workshop", invitation.workshop):
        return reverse("workshops:detail", args=[invitation.workshop_id])
    return reverse("workshops:list")


@never_cache
def invitation(request):
    """The link's page. Its token goes into the session at once and the address loses it
    (as Django's password reset does): it stays out of the history, referrers and logs."""
    if "token" in request.GET:
        token = request.GET["token"]
        try:
            invitations.usable(token)
        except invitations.Unusable as reason:
            return _unusable(request, str(reason))
        request.session[SESSION_KEY] = token
        return redirect("organisations:invitation")
    token = request.session.get(SESSION_KEY, "")
    try:
        found = invitations.usable(token)
    except invitations.Unusable as unusable:
        if not token:
            return _unusable(
                request, _("Ouvrez le lien reçu par courriel pour accepter une invitation.")
            )
        return _unusable(request, str(unusable))
    user = request.user
    form = SignUpForm(request.POST or None)
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "signup" and not user.is_authenticated:
                if form.is_valid():
                    user = invitations.sign_up_and_accept(
                        token, password=form.cleaned_data["password1"]
                    )
                    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                else:
                    status = 400
            elif user.is_authenticated:
                invitations.accept(token, user=user)
            if status == 200 and user.is_authenticated:
                request.session.pop(SESSION_KEY, None)
                messages.success(request, _("Bienvenue dans l'équipe !"))
                return redirect(_landing(found, user))
        except invitations.Unusable as reason:
            return _unusable(request, str(reason))
        except ValidationError as error:
            form.add_error("password1", error)
            status = 400
        except PermissionDenied as refusal:
            messages.error(request, str(refusal))
            status = 403
    context = {
        "invitation": found,
        "addressed": invitations.is_addressed_to(found, user),
        "has_account": get_user_model().objects.filter(email__iexact=found.email).exists(),
        "form": form,
    }
    return render(request, "organisations/invitation.html", context, status=status)
