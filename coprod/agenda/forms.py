from django import forms
from django.utils.translation import gettext_lazy as _

from coprod.core.forms import SentOnce
from coprod.workshops.forms import WorkshopForm

from .kinds import StepKind
from .models import MAX_STEP_MINUTES
from .presets import TEMPLATES


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
        label=_("Consignes pour les participants"),
        help_text=_("Affichées au tableau et sur les téléphones : adressez-vous aux participants."),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    facilitator_notes = forms.CharField(
        label=_("Notes pour l'animateur"),
        help_text=_(
            "Vous seul·e les voyez, sur la console ; jamais au tableau ni sur les téléphones."
        ),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NewStepForm(SentOnce, StepForm):
    """A step to add: sent twice, it adds one."""


class NewWorkshopForm(SentOnce, WorkshopForm):
    """A workshop with its starting agenda: a built-in template or nothing."""

    new_process = forms.CharField(
        label=_("… ou une nouvelle démarche"),
        max_length=200,
        required=False,
        help_text=_("Son titre, si l'atelier n'appartient à aucune démarche existante."),
    )
    template = forms.ChoiceField(
        label=_("Déroulé de départ"),
        choices=[(key, label) for key, (label, _steps) in TEMPLATES.items()]
        + [("", _("Vide : je compose le déroulé"))],
        required=False,
    )

    field_order = ["process", "new_process"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["process"].required = False
        # Not the model's default: an empty field takes the chosen process's figure.
        self.initial.pop("expected_participants", None)

    def clean(self):
        data = super().clean()
        if not data.get("process") and not data.get("new_process", "").strip():
            self.add_error(
                "process", _("Choisissez une démarche ou donnez le titre d'une nouvelle.")
            )
        return data
