"""Account pages beyond Django's own sign-in: lifting login lock-outs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import services, throttle
from .forms import UnlockForm


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
    return render(request, "accounts/unlock_logins.html", {"locks": throttle.locks()})
