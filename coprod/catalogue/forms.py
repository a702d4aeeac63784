"""Catalogue forms. They only read what was typed: `services.actions` validates and writes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coprod.core.spreadsheets import MAX_BYTES

from .models import FIELD_MAX, TEXT_MAX, TITLE_MAX, Action
from .services.actions import PUBLIC_MAX, QUERY_MAX

DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y"]


class ErrorsDescribedMixin:
    """Point each field in error to its message (`core/_field.html` gives it `<id>_error`)."""

    def _describe_errors(self):
        for name in self._errors or {}:
            if name in self.fields:
                auto_id = self[name].auto_id
                ids = [f"{auto_id}_error"]
                if self.fields[name].help_text:
                    ids.insert(0, f"{auto_id}_helptext")
                self.fields[name].widget.attrs["aria-describedby"] = " ".join(ids)

    def full_clean(self):
        super().full_clean()
        self._describe_errors()

    def add_error(self, field, error):
        super().add_error(field, error)
        self._describe_errors()


class ActionForm(ErrorsDescribedMixin, forms.Form):
    title = forms.CharField(
        label=_("Titre"),
        max_length=TITLE_MAX,
        error_messages={"required": _("Le titre est obligatoire.")},
    )
    organisation = forms.CharField(
        label=_("Structure porteuse"), max_length=TITLE_MAX, required=False
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    partners = forms.CharField(
        label=_("Partenaires"),
        max_length=FIELD_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    publics = forms.TypedMultipleChoiceField(
        label=_("Publics cibles"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    scope = forms.ChoiceField(
        label=_("Territoire"), choices=Action.Scope.choices, initial=Action.Scope.COMMUNES
    )
    places = forms.CharField(
        label=_("Communes concernées"),
        max_length=500,
        required=False,
        help_text=_("Séparées par des virgules."),
    )
    status = forms.ChoiceField(
        label=_("État"), choices=Action.Status.choices, initial=Action.Status.RUNNING
    )
    started_on = forms.DateField(
        label=_("Début"),
        required=False,
        input_formats=DATE_INPUTS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Date illisible : JJ/MM/AAAA attendu.")},
    )
    ended_on = forms.DateField(
        label=_("Fin"),
        required=False,
        input_formats=DATE_INPUTS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Date illisible : JJ/MM/AAAA attendu.")},
    )
    contact = forms.CharField(label=_("Contact"), max_length=300, required=False)
    links = forms.CharField(
        label=_("Liens"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Une adresse web par ligne (http:// ou https://)."),
    )
    priority_items = forms.TypedMultipleChoiceField(
        label=_("Items plébiscités servis"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    # Shown in a fieldset with a legend rather than as one labelled control.
    GROUPED = ("publics", "priority_items")

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["publics"].choices = [(p.pk, p.name) for p in process.target_publics.all()]
        self.fields["priority_items"].choices = [
            (i.pk, i.text) for i in process.priority_items.all()
        ]

    @classmethod
    def initial_for(cls, action: Action) -> dict:
        return {
            **{
                f: getattr(action, f)
                for f in (
                    "title",
                    "organisation",
                    "description",
                    "partners",
                    "scope",
                    "places",
                    "status",
                    "started_on",
                    "ended_on",
                    "contact",
                    "links",
                )
            },
            "publics": [p.pk for p in action.publics.all()],
            "priority_items": [i.pk for i in action.priority_items.all()],
        }

    def plain_fields(self):
        return [self[name] for name in self.fields if name not in self.GROUPED]


class SearchForm(forms.Form):
    """The list's search box and filters (a GET form: the address can be shared)."""

    q = forms.CharField(label=_("Rechercher"), max_length=QUERY_MAX, required=False)
    public = forms.TypedChoiceField(
        label=_("Public cible"), coerce=int, required=False, empty_value=None
    )
    scope = forms.ChoiceField(label=_("Territoire"), required=False)
    item = forms.TypedChoiceField(
        label=_("Item plébiscité"), coerce=int, required=False, empty_value=None
    )
    status = forms.ChoiceField(label=_("État"), required=False)

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("Tous"))]
        self.fields["public"].choices = every + [
            (p.pk, p.name) for p in process.target_publics.all()
        ]
        self.fields["scope"].choices = every + list(Action.Scope.choices)
        self.fields["item"].choices = every + [
            (i.pk, f"{n}. {i.text}"[:90]) for n, i in enumerate(process.priority_items.all(), 1)
        ]
        self.fields["status"].choices = [("", _("Tous"))] + list(Action.Status.choices)

    def filters(self) -> dict:
        """The valid filters; a tampered value is dropped rather than failing the page."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) or None for name in self.fields if name not in self.errors}


class PublicForm(ErrorsDescribedMixin, forms.Form):
    name = forms.CharField(
        label=_("Nouveau public cible"),
        max_length=PUBLIC_MAX,
        error_messages={"required": _("Donnez le nom du public cible.")},
    )


class ImportForm(ErrorsDescribedMixin, forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV, XLSX ou ODS"),
        help_text=_(
            "Une ligne d'en-tête avec au moins la colonne « Titre » ; 10 Mo et 20 000 lignes "
            "au plus."
        ),
        error_messages={"required": _("Choisissez le fichier à importer.")},
    )
    create_publics = forms.BooleanField(
        label=_("Créer les publics inconnus"),
        required=False,
        help_text=_("Sinon, une ligne qui cite un public absent de la démarche est une erreur."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("Le fichier dépasse %(mb)d Mo : découpez-le en plusieurs fichiers.")
                % {"mb": MAX_BYTES // (1024 * 1024)}
            )
        return upload
