"""Process forms. They only read what was typed: `services` cleans, checks and writes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coprod.organisations.models import Membership, Organisation

from .importing import check_size
from .models import (
    DESCRIPTION_MAX,
    ITEM_MAX,
    PUBLIC_MAX,
    RETENTION_MAX,
    TERRITORY_MAX,
    TITLE_MAX,
)

DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y"]
DATE_ERRORS = {"invalid": _("Date illisible : JJ/MM/AAAA attendu.")}


def _date_field(label):
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_INPUTS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages=DATE_ERRORS,
    )


class ProcessForm(forms.Form):
    title = forms.CharField(
        label=_("Titre"),
        max_length=TITLE_MAX,
        error_messages={"required": _("Donnez un titre à la démarche.")},
    )
    territory = forms.CharField(
        label=_("Territoire"),
        max_length=TERRITORY_MAX,
        required=False,
        help_text=_("Par exemple : Parc naturel régional du Vexin français."),
    )
    starts_on = _date_field(_("Début"))
    ends_on = _date_field(_("Fin"))
    description = forms.CharField(
        label=_("Description"),
        max_length=DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    expected_participants = forms.IntegerField(
        label=_("Participants attendus par atelier"),
        min_value=1,
        max_value=5000,
        initial=60,
        error_messages={
            "required": _("Indiquez combien de participants chaque atelier attend."),
            "min_value": _("Prévoyez au moins une personne."),
            "max_value": _("Au plus %(limit_value)s participants."),
            "invalid": _("Indiquez un nombre entier."),
        },
    )

    retention_months = forms.IntegerField(
        label=_("Conservation des données personnelles (en mois après la restitution)"),
        required=False,
        min_value=1,
        max_value=RETENTION_MAX,
        help_text=_(
            "Jusqu'à la restitution de la démarche plus ce nombre de mois. Ensuite, les noms et "
            "les structures des participants sont remplacés par « Participant 12 », et les votes "
            "ne disent plus qui a voté quoi. Laissez vide pour la durée par défaut de "
            "l'organisation."
        ),
        error_messages={
            "min_value": _("Gardez les données au moins un mois après la restitution."),
            "max_value": _("Au plus %(limit_value)s mois : une conservation doit avoir une fin."),
            "invalid": _("Indiquez un nombre entier de mois."),
        },
    )

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("La fin de la démarche ne peut pas précéder son début."))
        return data


class ItemForm(forms.Form):
    text = forms.CharField(
        label=_("Intitulé de l'item"),
        max_length=ITEM_MAX,
        error_messages={"required": _("Écrivez l'intitulé de l'item plébiscité.")},
    )


class PublicForm(forms.Form):
    name = forms.CharField(
        label=_("Nom du public cible"),
        max_length=PUBLIC_MAX,
        error_messages={"required": _("Écrivez le nom du public cible.")},
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier (CSV, XLSX ou ODS)"),
        help_text=_(
            "Une colonne « Item » (ou « Intitulé », « Texte », « Proposition »), ou une seule "
            "colonne : une ligne par item, la première ligne nomme la colonne."
        ),
        error_messages={
            "required": _("Choisissez un fichier à importer."),
            "empty": _("Ce fichier est vide."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,.ods"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_size(upload.size)
        return upload


def offer_organisations(form: forms.Form, user) -> None:
    """A new process's organisation, asked first when `user` creates processes in several
    (organisations.services picks the only one otherwise)."""
    choices = Organisation.objects.all()
    if not user.is_superuser:
        choices = choices.filter(
            memberships__user=user, memberships__role__in=Membership.PROCESS_CREATORS
        ).distinct()
    if choices.count() < 2:
        return
    field = forms.ModelChoiceField(
        queryset=choices,
        label=_("Organisation"),
        error_messages={
            "required": _("Choisissez l'organisation à laquelle la démarche appartient."),
            "invalid_choice": _("Choisissez une organisation de la liste."),
        },
    )
    form.fields = {"organisation": field, **form.fields}
