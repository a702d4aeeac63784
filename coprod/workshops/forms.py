from django import forms
from django.utils.translation import gettext_lazy as _

from coprod.processes.models import PriorityItem, Process

from .models import Workshop


class WorkshopForm(forms.ModelForm):
    # Only on an existing workshop: a new one starts with all of its process's items.
    priority_items = forms.ModelMultipleChoiceField(
        label=_("Items plébiscités de l'atelier"),
        queryset=PriorityItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Ceux de sa démarche que l'atelier traite. Changer de démarche reprend tous les "
            "items de la nouvelle."
        ),
        error_messages={"invalid_choice": _("Cet item n'est pas un item de la démarche.")},
    )

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
        if self.instance.pk:
            self.fields["priority_items"].queryset = self.instance.process.priority_items.all()
            self.initial.setdefault("priority_items", list(self.instance.priority_items.all()))
        else:
            del self.fields["priority_items"]
        # Empty: the process's own figure (60 unless the process says otherwise).
        expected = self.fields["expected_participants"]
        expected.required = False
        expected.help_text = _(
            "Au-delà, chaque nouvelle arrivée attend votre accord. Laissez vide pour reprendre "
            "le nombre prévu par la démarche."
        )
        expected.error_messages["min_value"] = _("Prévoyez au moins une personne.")
        expected.error_messages["max_value"] = _("Au plus %(limit_value)s participants.")

    def clean(self):
        data = super().clean()
        process = data.get("process")
        if process is not None and data.get("expected_participants") is None:
            # Empty: the process's figure (the instance must not take None before the service).
            data["expected_participants"] = process.expected_participants
        changed_process = process is not None and process.pk != self.instance.process_id
        if "priority_items" in self.fields and changed_process:
            data["priority_items"] = list(process.priority_items.all())
        return data
