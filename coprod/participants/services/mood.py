"""« Comment ça va ? »: the anonymous mood check."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from coprod.agenda.kinds import writes_of
from coprod.realtime.events import publish_on_commit
from coprod.workshops.models import Workshop

from ..models import (
    MOOD_WORD_MAX,
    MoodVote,
    Participant,
)
from .admission import check_acting
from .cards import clean_line


def cast_mood(participant: Participant, *, value, word="", actor=None) -> MoodVote:
    """Record (or change) a participant's answer to "Comment ça va ?"."""
    check_acting(participant, actor)
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("Choisissez une humeur de 1 à 5.")) from None
    if value not in MoodVote.Level.values:
        raise ValidationError(_("Choisissez une humeur de 1 à 5."))
    word = clean_line(word, label=_("mot"), max_length=MOOD_WORD_MAX)
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=participant.workshop_id)
        if workshop.status != Workshop.Status.LIVE:
            raise ValidationError(_("L'atelier n'est pas en cours."))
        live = workshop.steps.live().first()
        if live is None or "mood" not in writes_of(live.kind):
            raise ValidationError(
                _("« Comment ça va ? » n'est pas la séquence en cours : réponse non enregistrée.")
            )
        vote, _created = MoodVote.objects.update_or_create(
            workshop=workshop, participant=participant, defaults={"value": value, "word": word}
        )
        publish_on_commit(workshop.pk, "mood.updated")
    return vote


def mood_summary(workshop: Workshop) -> dict:
    """The anonymous aggregate: counts per level, words (shuffled by sorting), total."""
    rows = dict(
        MoodVote.objects.filter(workshop=workshop)
        .values_list("value")
        .annotate(n=Count("id"))
        .values_list("value", "n")
    )
    total = sum(rows.values())
    levels = [
        {
            "value": level.value,
            "label": level.label,
            "count": rows.get(level.value, 0),
            "percent": round(100 * rows.get(level.value, 0) / total) if total else 0,
        }
        for level in MoodVote.Level
    ]
    words = sorted(
        w.lower()
        for w in MoodVote.objects.filter(workshop=workshop)
        .exclude(word="")
        .values_list("word", flat=True)
    )
    mean = sum(lvl["value"] * lvl["count"] for lvl in levels) / total if total else None
    return {"levels": levels, "total": total, "words": words, "mean": mean}
