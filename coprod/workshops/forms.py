from django import forms

from coprod.processes.models import Process

from .models import Workshop


class WorkshopForm(forms.ModelForm):
    class Meta:
        model = Workshop
        fields = ["process", "title", "question", "mission", "place", "starts_at", "charter"]
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
