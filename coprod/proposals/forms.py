from django import forms
from django.utils.translation import gettext_lazy as _

from coprod.core.forms import SentOnce

from .models import TEXT_MAX


class ProposalForm(SentOnce):
    text = forms.CharField(
        label=_("Votre proposition pour améliorer la situation"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_MAX}),
        error_messages={
            "required": _("Écrivez votre proposition avant de l'envoyer."),
            "max_length": _("Une proposition tient en %(limit_value)d caractères au plus."),
        },
    )
    priority_item = forms.TypedChoiceField(
        label=_("Item plébiscité concerné"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority_item"].choices = [("", _("Choisi automatiquement"))] + [
            (item.pk, item.text) for item in items
        ]


class PasteForm(SentOnce):
    block = forms.CharField(
        label=_("Post-its papier, un par ligne"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=100_000,
    )
    priority_item = forms.TypedChoiceField(
        label=_("Item plébiscité"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority_item"].choices = [("", _("Choisi automatiquement pour chacun"))] + [
            (item.pk, item.text) for item in items
        ]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV, XLSX ou ODS"),
        help_text=_(
            "Une première ligne qui nomme les colonnes : « Proposition » et, si besoin, « Item » "
            "(le numéro ou le texte de l'item plébiscité) ; ou une seule colonne, une "
            "proposition par ligne. Un aperçu montre ce qui sera importé avant tout ajout."
        ),
        error_messages={"required": _("Choisissez le fichier à importer.")},
    )
