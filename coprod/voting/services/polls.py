"""Prioritisation polls: majority judgment (one grade per option) or dots."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from coprod.core import cleaning
from coprod.core.idempotency import clean_key, create_once
from coprod.core.transactions import write_with_retry
from coprod.grouping.models import Synthesis
from coprod.participants.models import Participant
from coprod.realtime.events import publish_on_commit
from coprod.workshops.models import Workshop
from coprod.workshops.services import require

from .. import methods
from ..models import (
    OPTION_LABEL_MAX,
    POLL_TITLE_MAX,
    DotBallot,
    Grade,
    GradeBallot,
    Poll,
    PollOption,
)
from .common import VoteClosed, check_voter

MAX_DOTS = 20
ROW_HEIGHT = 110  # one chart row: the option's label, then its bar

# Colours of the grades in charts, worst first, with the text colour readable on each
# (contrast ≥ 4.5:1 both ways); every segment also carries its label in text.
GRADE_COLOURS = (
    ("#7f1d1d", "#ffffff"),  # À rejeter
    ("#c2410c", "#ffffff"),  # Insuffisant
    ("#f59e0b", "#111111"),  # Passable
    ("#fde68a", "#111111"),  # Assez bien
    ("#a3e635", "#111111"),  # Bien
    ("#15803d", "#ffffff"),  # Très bien
    ("#14532d", "#ffffff"),  # Excellent
)


def _whole(value, *, label: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("%(label)s : un nombre entier.") % {"label": label}) from None
    if not low <= number <= high:
        raise ValidationError(
            _("%(label)s : entre %(low)d et %(high)d.") % {"label": label, "low": low, "high": high}
        )
    return number


def create_poll(
    workshop: Workshop,
    *,
    actor,
    title,
    method=Poll.Method.MAJORITY_JUDGMENT,
    syntheses=None,
    dots=3,
    max_per_item=2,
    labels: list[str] | None = None,
    client_key="",
) -> Poll:
    """A draft poll over syntheses (by default, every validated synthesis of the workshop), or
    over the options named by `labels` (the action sheets, say), linked to no synthesis."""
    require(actor, "workshops.run_workshop", workshop)
    title = cleaning.line(title, label=_("Titre"), max_length=POLL_TITLE_MAX)
    if not title:
        raise ValidationError(_("Donnez un titre au vote."))
    if method not in Poll.Method.values:
        raise ValidationError(_("Choisissez le jugement majoritaire ou les gommettes."))
    dots = _whole(dots, label=_("Gommettes par personne"), low=1, high=MAX_DOTS)
    max_per_item = _whole(max_per_item, label=_("Gommettes au plus par option"), low=1, high=dots)
    if labels is not None:
        named = [
            cleaning.line(label, label=_("Option"), max_length=OPTION_LABEL_MAX) for label in labels
        ]
        chosen = [{"synthesis": None, "label": label} for label in named if label]
    else:
        chosen = [{"synthesis": s, "label": s.text} for s in _syntheses(workshop, syntheses)]
    if len(chosen) < 2:
        raise ValidationError(_("Un vote de priorités demande au moins deux options."))
    client_key = clean_key(client_key)

    def create():
        poll = Poll.objects.create(
            workshop=workshop,
            title=title,
            method=method,
            dots=dots,
            max_per_item=max_per_item,
            client_key=client_key,
        )
        PollOption.objects.bulk_create(
            PollOption(poll=poll, position=i, **option) for i, option in enumerate(chosen, start=1)
        )
        return poll

    return create_once(workshop.polls.all(), client_key, create)


def _syntheses(workshop: Workshop, syntheses) -> list[Synthesis]:
    found = Synthesis.objects.filter(cluster__workshop=workshop).select_related("cluster")
    if syntheses is None:
        chosen = list(found.filter(status=Synthesis.Status.VALIDATED))
    else:
        ids = {s.pk if isinstance(s, Synthesis) else int(s) for s in syntheses}
        chosen = list(found.filter(pk__in=ids))
        if len(chosen) != len(ids):
            raise ValidationError(_("Ces synthèses ne font pas toutes partie de l'atelier."))
    return chosen


def _move(poll: Poll, *, actor, source: str, target: str, error: str) -> Poll:
    require(actor, "workshops.run_workshop", poll.workshop)

    def write():
        locked = Poll.objects.select_for_update().get(pk=poll.pk)
        if locked.status != source:
            raise VoteClosed(error)
        stamp = "opened_at" if target == Poll.Status.OPEN else "closed_at"
        Poll.objects.filter(pk=poll.pk).update(status=target, **{stamp: timezone.now()})
        publish_on_commit(locked.workshop_id, "votes.changed", {"poll": locked.pk})

    write_with_retry(write)
    poll.refresh_from_db()
    return poll


def open_poll(poll: Poll, *, actor) -> Poll:
    return _move(
        poll,
        actor=actor,
        source=Poll.Status.DRAFT,
        target=Poll.Status.OPEN,
        error=_("Ce vote a déjà été ouvert."),
    )


def close_poll(poll: Poll, *, actor) -> Poll:
    return _move(
        poll,
        actor=actor,
        source=Poll.Status.OPEN,
        target=Poll.Status.CLOSED,
        error=_("Ce vote n'est pas ouvert."),
    )


def _locked_open(poll: Poll) -> Poll:
    locked = Poll.objects.select_for_update().get(pk=poll.pk)
    if not locked.is_open:
        raise VoteClosed(_("Ce vote n'est pas ouvert : votre vote n'a pas été enregistré."))
    return locked


def _option_ids(poll: Poll) -> list[int]:
    return list(poll.options.values_list("pk", flat=True))


def _keys(values: dict, options: list[int]) -> dict[int, object]:
    try:
        keyed = {int(k): v for k, v in values.items()}
    except (TypeError, ValueError, AttributeError):
        raise ValidationError(_("Ce bulletin ne correspond pas aux options du vote.")) from None
    if set(keyed) - set(options):
        raise ValidationError(_("Ce bulletin ne correspond pas aux options du vote."))
    return keyed


def cast_grades(poll: Poll, *, participant: Participant, grades: dict, actor=None) -> dict:
    """Give every option a grade (0 = « À rejeter » … 6 = « Excellent »); changeable until close."""
    check_voter(poll.workshop_id, participant, actor)
    if poll.method != Poll.Method.MAJORITY_JUDGMENT:
        raise ValidationError(_("Ce vote se fait avec des gommettes."))
    options = _option_ids(poll)
    keyed = _keys(grades or {}, options)
    missing = len([o for o in options if keyed.get(o) in (None, "")])
    if missing:
        raise ValidationError(
            ngettext(
                "Donnez une mention à chaque option (il en manque %(n)d).",
                "Donnez une mention à chaque option (il en manque %(n)d).",
                missing,
            )
            % {"n": missing}
        )
    clean = {}
    for option, grade in keyed.items():
        try:
            clean[option] = Grade(int(grade)).value
        except (TypeError, ValueError):
            raise ValidationError(_("Mention inconnue : choisissez-en une de la liste.")) from None

    def write():
        locked = _locked_open(poll)
        for option, grade in clean.items():
            GradeBallot.objects.update_or_create(
                option_id=option, participant=participant, defaults={"grade": grade}
            )
        publish_on_commit(locked.workshop_id, "tally.updated", {"poll": locked.pk})

    write_with_retry(write)
    return clean


DOT_ERRORS = {
    "not_an_integer": gettext_lazy("Le nombre de gommettes est un nombre entier."),
    "negative_dots": gettext_lazy("Le nombre de gommettes ne peut pas être négatif."),
}


def cast_dots(poll: Poll, *, participant: Participant, dots: dict, actor=None) -> dict:
    """Place dots on options, within the poll's limits; changeable until close."""
    check_voter(poll.workshop_id, participant, actor)
    if not poll.uses_dots:
        raise ValidationError(_("Ce vote se fait au jugement majoritaire."))
    options = _option_ids(poll)
    ballot = {}
    for option, count in _keys(dots or {}, options).items():
        if count in (None, ""):
            count = 0
        try:
            ballot[option] = int(count)
        except (TypeError, ValueError):
            raise ValidationError(DOT_ERRORS["not_an_integer"]) from None
    try:
        methods.dot_tally([ballot], dots=poll.dots, max_per_item=poll.max_per_item)
    except methods.BallotError as error:
        if error.code == "over_item_limit":
            message = ngettext(
                "Au plus %(max)d gommette sur une même option.",
                "Au plus %(max)d gommettes sur une même option.",
                poll.max_per_item,
            ) % {"max": poll.max_per_item}
        elif error.code == "too_many_dots":
            message = _(
                "Vous avez %(dots)d gommettes en tout et vous en placez %(used)d : retirez-en."
            ) % {"dots": poll.dots, "used": sum(ballot.values())}
        else:
            message = DOT_ERRORS.get(error.code, _("Ce bulletin n'est pas valable."))
        raise ValidationError(message) from None
    if not sum(ballot.values()):
        raise ValidationError(_("Placez au moins une gommette."))

    def write():
        locked = _locked_open(poll)
        DotBallot.objects.filter(option__poll=locked, participant=participant).exclude(
            option_id__in=[o for o, n in ballot.items() if n]
        ).delete()
        for option, count in ballot.items():
            if count:
                DotBallot.objects.update_or_create(
                    option_id=option, participant=participant, defaults={"count": count}
                )
        publish_on_commit(locked.workshop_id, "tally.updated", {"poll": locked.pk})

    write_with_retry(write)
    return ballot


# --- Reading ---------------------------------------------------------------------------------


def my_ballot(poll: Poll, participant: Participant) -> dict[int, int]:
    """The participant's own grades or dots, by option id (to pre-fill their phone)."""
    model = DotBallot if poll.uses_dots else GradeBallot
    field = "count" if poll.uses_dots else "grade"
    return dict(
        model.objects.filter(option__poll=poll, participant=participant).values_list(
            "option_id", field
        )
    )


def voter_count(poll: Poll) -> int:
    model = DotBallot if poll.uses_dots else GradeBallot
    # A voter is a participant, or an anonymous number once the purge unlinked them.
    return model.objects.filter(option__poll=poll).values("participant", "voter").distinct().count()


def _segments(counts: list[int]) -> list[dict]:
    """One chart segment per grade with judgments: where it starts and how wide it is (%)."""
    total = sum(counts)
    segments, start = [], 0.0
    for grade, count in enumerate(counts):
        if not count:
            continue
        width = 100 * count / total
        fill, ink = GRADE_COLOURS[grade]
        segments.append(
            {
                "grade": grade,
                "label": Grade(grade).label,
                "count": count,
                "x": round(start, 2),
                "width": round(width, 2),
                "middle": round(start + width / 2, 2),
                "percent": round(width),
                "fill": fill,
                "ink": ink,
                "show_text": width >= 7,
            }
        )
        start += width
    return segments


def poll_results(poll: Poll) -> dict:
    """The ranking, best first, with equal ranks for exact ties, and each option's profile."""
    options = list(poll.options.all())
    rows = []
    if poll.uses_dots:
        ballots: dict[tuple, dict[int, int]] = defaultdict(dict)
        for participant, voter, option, count in DotBallot.objects.filter(
            option__poll=poll
        ).values_list("participant_id", "voter", "option_id", "count"):
            ballots[participant, voter][option] = count
        ranked = methods.dot_tally(
            ballots.values(),
            dots=poll.dots,
            max_per_item=poll.max_per_item,
            candidates=[o.pk for o in options],
        )
        by_id = {o.pk: o for o in options}
        most = max(ranked.scores.values(), default=0) or 1
        for pk in ranked.ranking:
            rows.append(
                {
                    "option": by_id[pk],
                    "rank": ranked.ranks[pk],
                    "dots": int(ranked.scores[pk]),
                    "bar": round(100 * ranked.scores[pk] / most, 2),
                }
            )
        voters = len(ballots)
    else:
        tallies = {o.pk: [0] * len(Grade) for o in options}
        voters_seen = set()
        for participant, voter, option, grade in GradeBallot.objects.filter(
            option__poll=poll
        ).values_list("participant_id", "voter", "option_id", "grade"):
            tallies[option][grade] += 1
            voters_seen.add((participant, voter))
        ranked = methods.majority_judgment(tallies)
        by_id = {o.pk: o for o in options}
        for pk in ranked.ranking:
            counts = tallies[pk]
            median = methods.median_grade(counts) if sum(counts) else None
            rows.append(
                {
                    "option": by_id[pk],
                    "rank": ranked.ranks[pk],
                    "counts": counts,
                    "judgments": sum(counts),
                    "median": median,
                    "median_label": Grade(median).label if median is not None else "",
                    "profile": [
                        round(float(100 * share), 1) for share in methods.merit_profile(counts)
                    ],
                    "segments": _segments(counts),
                }
            )
        voters = len(voters_seen)
    for index, row in enumerate(rows):  # chart geometry, in SVG user units
        row["label_y"] = index * ROW_HEIGHT + 30
        row["bar_y"] = index * ROW_HEIGHT + 42
        row["text_y"] = index * ROW_HEIGHT + 79
    return {
        "poll": poll,
        "rows": rows,
        "chart_height": len(rows) * ROW_HEIGHT + (10 if poll.uses_dots else 50),
        "legend_y": len(rows) * ROW_HEIGHT + 10,  # the grades' legend, worst first like the bars
        "voters": voters,
        "grades": [
            {"value": g.value, "label": g.label, "fill": GRADE_COLOURS[g][0], "legend_x": x}
            for g, x in zip(Grade, _legend_positions([str(g.label) for g in Grade]), strict=True)
        ],
    }


def _legend_positions(labels: list[str], width: int = 1000) -> list[int]:
    """Where each legend entry starts: swatch (30), label (about 10.5 units a letter at font
    size 20), gap; squeezed evenly when the entries would overflow the chart's width."""
    widths = [30 + len(label) * 10.5 + 18 for label in labels]
    scale = min(1.0, width / sum(widths))
    starts, x = [], 0.0
    for entry in widths:
        starts.append(round(x))
        x += entry * scale
    return starts
