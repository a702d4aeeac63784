"""Forms of the live steps: testimonies on presented actions, levers. They check lengths and
types; the rules (the step, the two witnesses, ids of this workshop) live in `services.live`,
which answers in French by field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coprod.core.forms import SentOnce

from .models import FIELD_MAX, TITLE_MAX, Lever
from .services.live import NAME_MAX, ORG_MAX, QUERY_MAX, SOURCE_MAX


def _text(label, *, max_length=FIELD_MAX, rows=3, required=False, help_text=""):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": max_length}),
        error_messages={
            "max_length": _("Ce champ tient en %(limit_value)d caractères au plus."),
        },
    )


class TestimonyForm(forms.Form):
    """What a witness says about an action (the seed: partners, implementation, content, link
    with the problem)."""

    partners = _text(_("Partenaires"), help_text=_("Qui porte l'action avec qui ?"))
    implementation = _text(
        _("Mise en œuvre"), help_text=_("Comment elle se déroule, depuis quand, avec quels moyens.")
    )
    content = _text(_("Contenu"), help_text=_("Ce qui est proposé, à qui."))
    link_to_problem = _text(
        _("Lien avec la problématique"),
        help_text=_("En quoi elle répond à la question de l'atelier."),
    )

    FIELDS = ("partners", "implementation", "content", "link_to_problem")

    def data_for_service(self) -> dict:
        return {f: self.cleaned_data.get(f, "") for f in self.FIELDS}


class WitnessForm(TestimonyForm):
    """The facilitator enters a testimony: for a participant without a phone, or for someone
    who is not a participant (name and organisation)."""

    witness = forms.TypedChoiceField(
        label=_("Témoin"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Une personne sans téléphone, ou « autre personne » avec son nom ci-dessous."),
    )
    witness_name = forms.CharField(
        label=_("Nom du témoin (autre personne)"), max_length=NAME_MAX, required=False
    )
    witness_organisation = forms.CharField(
        label=_("Sa structure (autre personne)"), max_length=ORG_MAX, required=False
    )

    field_order = ["witness", "witness_name", "witness_organisation", *TestimonyForm.FIELDS]

    def testimony_for_service(self) -> dict:
        """What `services.testify` takes from the form (the console and the deep page)."""
        data = self.cleaned_data
        return {
            "participant": data["witness"],
            "witness_name": data["witness_name"],
            "witness_organisation": data["witness_organisation"],
            **self.data_for_service(),
        }

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["witness"].choices = [("", _("Autre personne (nom ci-dessous)"))] + [
            (p.pk, f"{p.name} — {p.organisation}" if p.organisation else p.name) for p in people
        ]


class LeverForm(SentOnce):
    kind = forms.ChoiceField(
        label=_("Type de levier"),
        choices=Lever.Kind.choices,
        error_messages={
            "required": _("Choisissez le type de levier."),
            "invalid_choice": _("Choisissez le type de levier."),
        },
    )
    title = forms.CharField(
        label=_("Le levier"),
        max_length=TITLE_MAX,
        help_text=_("Par exemple : appel à projets « mobilité rurale » de la Région."),
        error_messages={
            "required": _("Nommez le levier avant de l'envoyer."),
            "max_length": _("Le levier tient en %(limit_value)d caractères au plus."),
        },
    )
    description = _text(_("Précisions"), rows=2)
    due_on = forms.CharField(
        label=_("Date ou échéance"),
        required=False,
        max_length=20,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"max_length": _("Donnez la date sous la forme JJ/MM/AAAA.")},
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=SOURCE_MAX,
        required=False,
        help_text=_("Où l'avez-vous vu ? Un site, un document, une personne."),
        error_messages={"max_length": _("La source tient en %(limit_value)d caractères au plus.")},
    )
    # Ids checked against the workshop by the service (a tampered id gets a French message).
    priority_items = forms.MultipleChoiceField(
        label=_("Items plébiscités concernés"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    actions = forms.MultipleChoiceField(
        label=_("Actions présentées concernées"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, items=(), actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority_items"].choices = [(str(i.pk), i.text) for i in items]
        self.fields["actions"].choices = [(str(a.pk), a.title) for a in actions]
        # Ids that are not offered are refused by the service with its own message.
        self.fields["priority_items"].valid_value = lambda value: True
        self.fields["actions"].valid_value = lambda value: True

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("client_key", None)
        return data


class LeverForForm(LeverForm):
    """The facilitator's lever: possibly said aloud by a participant without a phone."""

    author = forms.TypedChoiceField(
        label=_("Proposé par"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["author"].choices = [("", _("L'animateur ou le groupe"))] + [
            (p.pk, p.name) for p in people
        ]

    def lever_for_service(self) -> dict:
        """What `services.add_lever` takes from the form (the console and the deep page)."""
        return {**self.data_for_service(), "client_key": self.cleaned_data["client_key"]}


class DeleteLeverForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Je confirme la suppression de ce levier."),
        error_messages={"required": _("Cochez la case pour confirmer la suppression.")},
    )


class CatalogueSearchForm(forms.Form):
    q = forms.CharField(label=_("Chercher dans le catalogue"), max_length=QUERY_MAX, required=False)
