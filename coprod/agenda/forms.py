from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import StepKind
from .models import MAX_STEP_MINUTES


class StepForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=StepKind.choices)
    title = forms.CharField(label=_("Titre"), max_length=200)
    minutes = forms.IntegerField(
        label=_("Durée (minutes)"),
        min_value=1,
        max_value=MAX_STEP_MINUTES,
        error_messages={
            "min_value": _("Au moins 1 minute."),
            "max_value": _("Au plus %(limit_value)s minutes."),
            "invalid": _("Indiquez un nombre entier de minutes."),
        },
    )
    instructions = forms.CharField(
        label=_("Consignes"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
