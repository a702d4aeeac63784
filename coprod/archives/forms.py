from django import forms
from django.utils.translation import gettext_lazy as _

from coprod.catalogue.forms import ErrorsDescribedMixin

from .fileformat import MAX_UPLOAD_BYTES


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
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Le fichier dépasse %(mb)d Mo : ce n'est pas une archive d'atelier coprod.")
                % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload
