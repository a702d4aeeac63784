"""Forms of the facilitator's sheet pages. A sheet field's own form is built in the template
from `services.values_of` (its input depends on the field's kind) and read in the view."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coprod.core.forms import SentOnce
from coprod.voting.models import Poll

from .fields import FIELDS
from .models import COMMENT_MAX
from .services import MAX_TABLES


class CountForm(forms.Form):
    count = forms.IntegerField(
        label=_("Nombre de tables"),
        min_value=1,
        max_value=MAX_TABLES,
        error_messages={
            "required": _("Indiquez le nombre de tables."),
            "invalid": _("Le nombre de tables est un nombre entier."),
            "min_value": _("Il faut au moins une table."),
            "max_value": _("Un atelier compte %(limit_value)d tables au plus."),
        },
    )


class CreateForm(SentOnce, CountForm):
    """Empty: one sheet per confirmed orientation (or validated synthesis)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["count"].required = False
        self.fields["count"].label = _("Ou un nombre de fiches vierges")


class BlankTablesForm(SentOnce, CountForm):
    """The console's blank tables: how many (the tables from the syntheses are a button)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["count"].label = _("Nombre de tables vierges")


class SeatForm(forms.Form):
    participant = forms.TypedChoiceField(label=_("Personne"), coerce=int)
    sheet = forms.TypedChoiceField(label=_("Table"), coerce=int)

    def __init__(self, *args, people=(), sheets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].choices = [(p.pk, p.name) for p in people]
        self.fields["sheet"].choices = [(s.pk, str(s)) for s in sheets]


class PollForm(SentOnce):
    method = forms.ChoiceField(
        label=_("Méthode de vote"),
        choices=Poll.Method.choices,
        initial=Poll.Method.MAJORITY_JUDGMENT,
    )


class ReferentsForm(forms.Form):
    first = forms.TypedChoiceField(label=_("Premier référent"), coerce=int)
    second = forms.TypedChoiceField(label=_("Second référent"), coerce=int)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Choisir une personne"))] + [
            (p.pk, f"{p.name} ({p.organisation})" if p.organisation else p.name) for p in people
        ]
        for name in ("first", "second"):
            self.fields[name].choices = choices
            self.fields[name].error_messages["required"] = _("Choisissez une personne.")

    def clean(self):
        data = super().clean()
        if data.get("first") and data.get("first") == data.get("second"):
            raise forms.ValidationError(
                _("Désignez deux personnes différentes comme duo de référents.")
            )
        return data


class CommentForm(SentOnce):
    field = forms.ChoiceField(label=_("Sur"), required=False)
    text = forms.CharField(
        label=_("Commentaire"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX}),
        error_messages={
            "required": _("Écrivez votre commentaire."),
            "max_length": _("Un commentaire tient en %(limit_value)d caractères au plus."),
        },
    )
    is_critique = forms.BooleanField(label=_("C'est une critique"), required=False)
    suggestion = forms.CharField(
        label=_("Suggestion"),
        required=False,
        max_length=COMMENT_MAX,
        help_text=_("Toute critique doit être associée à une suggestion."),
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": COMMENT_MAX}),
        error_messages={
            "max_length": _("Une suggestion tient en %(limit_value)d caractères au plus."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("Toute la fiche"))] + [
            (f.name, f.label) for f in FIELDS
        ]
