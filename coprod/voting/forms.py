from django import forms
from django.utils.translation import gettext_lazy as _

from coprod.core.forms import SentOnce

from .models import ANSWER_MAX, POLL_TITLE_MAX, REASON_MAX, ConsentBallot, Poll, ValidationVote
from .services.polls import MAX_DOTS


class ConsentForm(forms.Form):
    """A phone's answer to a validation vote. The rules (an objection needs a reason and a
    suggestion) live in the service, which says what is missing in French."""

    choice = forms.ChoiceField(
        label=_("Votre réponse"),
        choices=ConsentBallot.Choice.choices,
        error_messages={
            "required": _("Choisissez « pour », « je peux vivre avec » ou « objection »."),
            "invalid_choice": _("Choisissez « pour », « je peux vivre avec » ou « objection »."),
        },
    )
    reason = forms.CharField(
        label=_("Pourquoi cette objection ?"),
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": REASON_MAX}),
        error_messages={"max_length": _("La raison tient en %(limit_value)d caractères au plus.")},
    )
    suggestion = forms.CharField(
        label=_("Votre suggestion pour l'améliorer"),
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": REASON_MAX}),
        error_messages={
            "max_length": _("La suggestion tient en %(limit_value)d caractères au plus.")
        },
    )


class OpenVoteForm(forms.Form):
    min_share = forms.ChoiceField(
        label=_("Validée quand sont d'accord ou peuvent vivre avec"),
        choices=ValidationVote.Share.choices,
        initial=ValidationVote.Share.TWO_THIRDS,
    )
    allow_open_objections = forms.BooleanField(
        label=_("accepter des objections sans réponse"), required=False
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Réponse à l'objection"),
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": ANSWER_MAX}),
        error_messages={"required": _("Écrivez la réponse à l'objection.")},
    )


class PollForm(SentOnce):
    title = forms.CharField(
        label=_("Titre"),
        max_length=POLL_TITLE_MAX,
        initial=_("Quelles priorités pour notre territoire ?"),
        error_messages={"required": _("Donnez un titre au vote.")},
    )
    method = forms.ChoiceField(
        label=_("Méthode"), choices=Poll.Method.choices, initial=Poll.Method.MAJORITY_JUDGMENT
    )
    syntheses = forms.TypedMultipleChoiceField(
        label=_("Options (les synthèses validées sont cochées)"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Cochez au moins deux synthèses.")},
    )
    dots = forms.IntegerField(
        label=_("Gommettes par personne"), min_value=1, max_value=MAX_DOTS, initial=3
    )
    max_per_item = forms.IntegerField(
        label=_("Gommettes au plus sur une même option"), min_value=1, max_value=MAX_DOTS, initial=2
    )

    def __init__(self, *args, syntheses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["syntheses"].choices = [(s.pk, s.text) for s in syntheses]
        if not self.is_bound:
            self.initial["syntheses"] = [s.pk for s in syntheses if s.status == "validated"]
