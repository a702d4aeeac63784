"""Account forms: lifting a login lock-out, asking for a password-reset e-mail."""

from urllib.parse import urlsplit

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from coprod.core import links


class UnlockForm(forms.Form):
    # Axes keeps usernames in 255 characters.
    username = forms.CharField(max_length=255)


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form (the same answer whether the address belongs to an account or not), with
    the e-mail's link built from the public address (coprod/core/links.py)."""

    email = forms.EmailField(
        label=_("Adresse e-mail de votre compte"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def save(self, *, request, **options):
        base = urlsplit(links.absolute_url(request, "/"))
        options.update(domain_override=base.netloc, use_https=base.scheme == "https")
        return super().save(request=request, **options)
