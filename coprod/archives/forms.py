from django import forms
from django.utils.translation import gettext_lazy as _

from coprod.catalogue.forms import ErrorsDescribedMixin

from . import services


class ImportForm(ErrorsDescribedMixin, forms.Form):
    file = forms.FileField(
        label=_("Archive d'atelier (fichier .zip)"),
        help_text=_(
            "Le fichier téléchargé depuis la page de restitution d'un atelier, sur ce serveur ou "
            "un autre ; 50 Mo au plus."
        ),
        error_messages={
            "required": _("Choisissez l'archive à importer."),
            "empty": _("Ce fichier est vide : choisissez l'archive à importer."),
        },
        widget=forms.FileInput(attrs={"accept": ".zip,application/zip"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if message := services.too_large(upload.size):
            raise forms.ValidationError(message)
        return upload
