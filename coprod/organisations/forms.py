"""Team forms. They only read what was typed: the services clean, check and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .invitations import EMAIL_MAX
from .models import Invitation, Membership, Organisation


class InviteForm(forms.Form):
    email = forms.CharField(
        label=_("Adresse électronique"),
        max_length=EMAIL_MAX,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Indiquez l'adresse électronique de la personne à inviter."),
            "max_length": _("L'adresse électronique ne doit pas dépasser 254 caractères."),
        },
    )
    role = forms.ChoiceField(
        label=_("Rôle"), error_messages={"invalid_choice": _("Choisissez un des rôles proposés.")}
    )

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Invitation.Role.choices)
        self.fields["role"].choices = [(role, labels[role]) for role in roles]


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Rôle"),
        choices=Membership.Role.choices,
        error_messages={"invalid_choice": _("Choisissez un des rôles proposés.")},
    )


class SignUpForm(forms.Form):
    """The new account's password; its username and address are the invited address."""

    password1 = forms.CharField(
        label=_("Mot de passe"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Choisissez un mot de passe.")},
    )
    password2 = forms.CharField(
        label=_("Le même mot de passe, pour vérifier"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Tapez le mot de passe une seconde fois.")},
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("password1")
            and data.get("password2")
            and data["password1"] != data["password2"]
        ):
            self.add_error("password2", _("Les deux mots de passe ne sont pas identiques."))
        return data


class SettingsForm(forms.ModelForm):
    """What the organisation's administrators set; the service cleans and checks."""

    class Meta:
        model = Organisation
        fields = ["name", "kind", "privacy_contact", "dpo_contact", "privacy_notice"]
        fields += ["retention_months"]
        widgets = {"privacy_notice": forms.Textarea(attrs={"rows": 8})}
        error_messages = {
            "name": {"required": _("Donnez un nom à l'organisation.")},
            "retention_months": {
                "min_value": _("Gardez les données au moins un mois après la restitution."),
                "max_value": _(
                    "Au plus %(limit_value)s mois : une conservation doit avoir une fin."
                ),
                "invalid": _("Indiquez un nombre entier de mois."),
                "required": _("Indiquez un nombre entier de mois."),
            },
        }
