from django import forms
from django.utils.translation import gettext_lazy as _

from coprod.processes.models import Process

from .models import Workshop


class WorkshopForm(forms.ModelForm):
    class Meta:
        model = Workshop
        fields = [
            "process",
            "title",
            "question",
            "mission",
            "place",
            "starts_at",
            "expected_participants",
            "charter",
        ]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "question": forms.Textarea(attrs={"rows": 3}),
            "mission": forms.Textarea(attrs={"rows": 3}),
            "charter": forms.Textarea(attrs={"rows": 7}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        processes = Process.objects.all()
        if user is not None and not user.is_superuser:
            processes = processes.filter(owners=user) | Process.objects.filter(
                workshops__facilitators=user
            )
        self.fields["process"].queryset = processes.distinct()
        # Empty: the process's own figure (60 unless the process says otherwise).
        expected = self.fields["expected_participants"]
        expected.required = False
        expected.help_text = _(
            "Au-delà, chaque nouvelle arrivée attend votre accord. Laissez vide pour reprendre "
            "le nombre prévu par la démarche."
        )
        expected.error_messages["min_value"] = _("Prévoyez au moins une personne.")
        expected.error_messages["max_value"] = _("Au plus %(limit_value)s participants.")
