from django import forms
from django.utils.translation import gettext_lazy as _

from .rights import SEARCH_MAX


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Nom de la personne"),
        max_length=SEARCH_MAX,
        required=False,
        error_messages={"max_length": _("Tapez au plus %(limit_value)d caractères du nom.")},
    )
