from django import forms
from django.utils.translation import gettext_lazy as _

from coprod.agenda.presets import TEMPLATES
from coprod.processes.models import Process

from .models import Workshop


class WorkshopForm(forms.ModelForm):
    class Meta:
        model = Workshop
        fields = ["process", "title", "question", "mission", "place", "starts_at", "charter"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "question": forms.Textarea(attrs={"rows": 3}),
            "mission": forms.Textarea(attrs={"rows": 3}),
            "charter": forms.Textarea(attrs={"rows": 7}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        processes = Process.objects.all()
        if user is not None and not user.is_superuser:
            processes = processes.filter(owners=user) | Process.objects.filter(workshops__facilitators=user)
        self.fields["process"].queryset = processes.distinct()


class NewWorkshopForm(WorkshopForm):
    new_process = forms.CharField(
        label=_("… ou une nouvelle démarche"),
        max_length=200,
        required=False,
        help_text=_("Son titre, si l'atelier n'appartient à aucune démarche existante."),
    )
    template = forms.ChoiceField(
        label=_("Déroulé de départ"),
        choices=[(key, label) for key, (label, _steps) in TEMPLATES.items()] + [("", _("Vide : je compose le déroulé"))],
        required=False,
    )

    field_order = ["process", "new_process"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["process"].required = False

    def clean(self):
        data = super().clean()
        if not data.get("process") and not data.get("new_process", "").strip():
            self.add_error("process", _("Choisissez une démarche ou donnez le titre d'une nouvelle."))
        return data
