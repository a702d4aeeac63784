from django import forms
from django.utils.translation import gettext_lazy as _

from coprod.core.forms import SentOnce

from .models import LINK_MAX, MOOD_WORD_MAX, NAME_MAX, ORGANISATION_MAX, OrganisationKind


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code de l'atelier"),
        max_length=12,
        help_text=_("Les 6 caractères affichés au tableau."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class IdentityForm(forms.Form):
    name = forms.CharField(
        label=_("Votre nom"),
        max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    organisation = forms.CharField(
        label=_("Votre structure"),
        max_length=ORGANISATION_MAX,
        required=False,
        help_text=_("Commune, association, entreprise… ou laissez vide."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    organisation_kind = forms.ChoiceField(
        label=_("Type de structure"),
        choices=[("", _("Non précisé")), *OrganisationKind.choices],
        required=False,
        error_messages={"invalid_choice": _("Choisissez un type de structure de la liste.")},
    )
    link_to_theme = forms.CharField(
        label=_("Votre lien avec la thématique"),
        max_length=LINK_MAX,
        required=False,
        help_text=_("Une expérience, une réflexion : ce que vous direz au tour de table."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Unticked by default: without a yes, the restitution counts the person by organisation.
    name_consent = forms.BooleanField(
        label=_("J'accepte que mon nom figure dans la restitution de l'atelier"),
        required=False,
        help_text=_(
            "Dans le document remis aux participants et aux partenaires ; sinon, seule votre "
            "structure est comptée. La version publiée en ligne ne contient aucun nom."
        ),
    )


class JoinForm(SentOnce, IdentityForm):
    code = forms.CharField(widget=forms.HiddenInput, max_length=12)
    accept_charter = forms.BooleanField(
        label=_("J'ai lu les règles du jeu et je les accepte."),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Said where the name is first asked (GDPR data minimisation): no full name needed.
        self.fields["name"].help_text = _("Un prénom ou un pseudonyme suffit.")


class MoodForm(forms.Form):
    value = forms.TypedChoiceField(
        choices=[(i, str(i)) for i in range(1, 6)],
        coerce=int,
        error_messages={"invalid_choice": _("Choisissez une humeur de 1 à 5.")},
    )
    word = forms.CharField(label=_("Un mot (facultatif)"), max_length=MOOD_WORD_MAX, required=False)


class OfflineParticipantForm(SentOnce, IdentityForm):
    """The same card, filled in by the facilitator for someone without a phone."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Nom")
        self.fields["organisation"].label = _("Structure")
        self.fields["link_to_theme"].label = _("Lien avec la thématique")
        self.fields["link_to_theme"].help_text = _("Ce que la personne dira au tour de table.")
        self.fields["name_consent"].label = _(
            "La personne accepte que son nom figure dans la restitution de l'atelier"
        )
        self.fields["name_consent"].help_text = _(
            "Posez-lui la question. Sinon, seule sa structure est comptée ; la version publiée en "
            "ligne ne contient aucun nom."
        )
