"""Account pages: sign-in and sign-out (password accounts always, single sign-on when
configured), lifting login lock-outs, resetting a password."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from . import oidc, services, throttle
from .forms import PasswordResetForm, UnlockForm


class Login(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if conf := settings.COPROD_OIDC:
            context["oidc_label"] = conf["label"] or _("Connexion avec votre compte d'organisation")
        return context


class Logout(auth_views.LogoutView):
    """Signing out of a session that single sign-on opened signs out at the provider too."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get("oidc_id_token")
        response = super().post(request, *args, **kwargs)
        url = id_token and settings.COPROD_OIDC and oidc.provider_logout_url(request, id_token)
        return HttpResponseRedirect(url) if url else response


@login_required
def unlock_logins(request):
    """The usernames locked out now, each with a button that lifts its lock-out."""
    if not request.user.has_perm("accounts.unlock_login"):
        raise PermissionDenied
    if request.method == "POST":
        form = UnlockForm(request.POST)
        if form.is_valid():
            username = form.cleaned_data["username"]
            if services.unlock_login(username, actor=request.user):
                messages.success(
                    request,
                    _("%(username)s peut de nouveau se connecter.") % {"username": username},
                )
            else:
                messages.info(
                    request,
                    _("%(username)s n'était plus bloqué.") % {"username": username},
                )
            return redirect("accounts:unlock_logins")
        messages.error(request, _("Choisissez un identifiant de la liste."))
    # An organisation's administrator sees the lock-outs of its members only.
    locks = [
        lock
        for lock in throttle.locks()
        if request.user.has_perm("accounts.unlock_login_of", lock.username)
    ]
    return render(request, "accounts/unlock_logins.html", {"locks": locks})


def _reset_key_address(group, request) -> str:
    return request.POST.get("email", "").strip().lower()


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for an e-mail address; the same answer whether an account has it or not. Limited
    per client address and per e-mail address, so that nobody floods a mailbox."""

    form_class = PasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        hourly = settings.PASSWORD_RESETS_PER_HOUR
        limited = [
            is_ratelimited(self.request, group=group, key=key, rate=f"{count}/h", increment=True)
            for group, key, count in [
                ("password-reset-ip", "ip", hourly * 3),
                ("password-reset-address", _reset_key_address, hourly),
            ]
        ]
        if any(limited):
            form.add_error(
                None,
                _(
                    "Trop de demandes de réinitialisation. Patientez une heure avant de "
                    "réessayer, ou vérifiez vos courriers indésirables."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        # Whoever holds the account's mailbox may sign in again at once.
        services.lift_lockout_after_reset(form.user)
        return super().form_valid(form)


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
