from django import forms
from django.utils.translation import gettext_lazy as _

from coprod.proposals.models import TEXT_MAX

from .models import LABEL_MAX
from .services import MAX_GROUPS


class GroupCountForm(forms.Form):
    k = forms.IntegerField(
        label=_("Nombre de groupes"),
        min_value=1,
        max_value=MAX_GROUPS,
        required=False,
        help_text=_("Laissez vide pour laisser les propositions décider."),
        error_messages={
            "invalid": _("Indiquez un nombre entier de groupes."),
            "min_value": _("Il faut au moins un groupe."),
            "max_value": _("%(limit_value)d groupes au plus."),
        },
    )


class RenameForm(forms.Form):
    label = forms.CharField(
        label=_("Nom du groupe"),
        max_length=LABEL_MAX,
        required=False,
        error_messages={
            "max_length": _("Un nom de groupe tient en %(limit_value)d caractères au plus.")
        },
    )


class SynthesisForm(forms.Form):
    text = forms.CharField(
        label=_("Phrase de synthèse"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": TEXT_MAX}),
        error_messages={
            "required": _("Écrivez la phrase de synthèse du groupe."),
            "max_length": _("Une synthèse tient en %(limit_value)d caractères au plus."),
        },
    )
