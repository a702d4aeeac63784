"""A workshop's restitution, read from the database into the plain `Document` every format renders.

Read-only and bounded: a fixed number of queries whatever the number of participants,
proposals or sheets (one more per closed poll). A participant's name appears only if they
consented to it (`Participant.name_consent`), and `public=True` names nobody at all: the others
are counted by organisation, witnesses and referents are shown by their organisation (see
`people.py`).
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from datetime import date, datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coprod.action_sheets.models import Comment, Referent
from coprod.action_sheets.services import completeness
from coprod.agenda import plan
from coprod.catalogue.models import Lever, Presentation, Testimony
from coprod.catalogue.services.levers import levers_by_kind
from coprod.grouping.models import Placement, Synthesis
from coprod.participants.models import Participant
from coprod.participants.services import mood_summary
from coprod.voting import services as voting
from coprod.voting.models import ConsentBallot, Orientation, Poll, ValidationVote
from coprod.workshops.models import Workshop

from .document import Bar, Chart, Cover, Document, Item, Section, Table
from .people import participants_section, referent_title, witness_title
from .sheet_values import filled_fields, read_sheets
from .typography import NBSP, french

DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
EMPTY = "—"


# --- French dates ------------------------------------------------------------------------------


def french_date(day: date) -> str:
    return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def french_time(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.hour}{NBSP}h{NBSP}{local.minute:02d}"


def french_datetime(moment: datetime | None) -> str:
    if moment is None:
        return EMPTY
    local = timezone.localtime(moment)
    return f"{french_date(local.date())}, {french_time(local)}"


def _percent(value: float) -> str:
    return f"{round(value)}{NBSP}%"


# --- The document ------------------------------------------------------------------------------


def build(workshop: Workshop, *, public: bool = False, now: datetime | None = None) -> Document:
    """The restitution of `workshop`; a participant's name only with their consent, and never
    when `public`."""
    now = now or timezone.now()
    workshop = Workshop.objects.select_related("process").get(pk=workshop.pk)
    participants = list(
        Participant.objects.admitted().filter(workshop=workshop).order_by("name", "id")
    )
    sections = [
        _items(workshop),
        participants_section(participants, public),
        _mood(workshop),
        _syntheses(workshop),
        _priorities(workshop),
        _actions(workshop, public),
        _levers(workshop),
        _orientations(workshop),
        _sheets(workshop),
        _referents(workshop, public),
        _timing(workshop, now),
    ]
    return typeset(Document(cover=_cover(workshop, now), sections=sections))


def typeset(value):
    """Every text of the document through `typography.french` (idempotent)."""
    if isinstance(value, str):
        return french(value)
    if isinstance(value, list):
        return [typeset(v) for v in value]
    if isinstance(value, tuple):
        return tuple(typeset(v) for v in value)
    if dataclasses.is_dataclass(value):
        changes = {f.name: typeset(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    return value


def _cover(workshop: Workshop, now: datetime) -> Cover:
    if workshop.status == Workshop.Status.ENDED:
        status = _("document final")
    else:
        status = _("document provisoire, généré le %(when)s") % {"when": french_datetime(now)}
    return Cover(
        process=workshop.process.title,
        workshop=workshop.title,
        question=workshop.question,
        date=french_datetime(workshop.starts_at or workshop.started_at),
        place=workshop.place,  # no line at all when no place was given
        status=status,
    )


def _items(workshop: Workshop) -> Section:
    items = workshop.priority_items.annotate(
        n=Count("proposals", filter=Q(proposals__workshop=workshop, proposals__hidden=False))
    ).order_by("position", "id")
    return Section(
        key="items",
        title=_("Items plébiscités travaillés"),
        intro=_("Les items les plus votés de la consultation, auxquels l'atelier a répondu."),
        items=[
            Item(
                title=item.text,
                text=ngettext("%(n)d proposition", "%(n)d propositions", item.n) % {"n": item.n},
            )
            for item in items
        ],
    )


def _mood(workshop: Workshop) -> Section:
    """The anonymous answers as one chart (the counts are written beside each bar): a table of
    the same counts beside it would print the mood twice."""
    summary = mood_summary(workshop)
    items = []
    if summary["words"]:
        counted = Counter(summary["words"])
        words = [f"{w} ({n})" if n > 1 else w for w, n in counted.most_common()]
        items.append(Item(title=_("Les mots"), text=", ".join(words)))
    total = summary["total"]
    if not total:
        return Section(key="mood", title=_("Comment ça va ?"), intro=_("Personne n'a répondu."))
    return Section(
        key="mood",
        title=_("Comment ça va ?"),
        intro=ngettext("%(n)d réponse anonyme.", "%(n)d réponses anonymes.", total) % {"n": total},
        items=items,
        charts=[
            Chart(
                title=_("Humeur du groupe"),
                bars=[Bar(str(lvl["label"]), lvl["count"]) for lvl in summary["levels"]],
                unit=_("réponses"),
                unit_one=_("réponse"),
            )
        ],
    )


def _syntheses(workshop: Workshop) -> Section:
    syntheses = list(
        Synthesis.objects.filter(cluster__workshop=workshop)
        .exclude(status=Synthesis.Status.DRAFT)
        .select_related("cluster")
    )
    order = {Synthesis.Status.VALIDATED: 0, Synthesis.Status.VOTING: 1}
    syntheses.sort(key=lambda s: (order.get(s.status, 2), s.cluster.position, s.cluster_id))
    votes = voting.current_votes(workshop)
    summaries = {s["vote"].synthesis_id: s for s in voting.summaries(list(votes.values()))}
    objections: dict[int, list[ConsentBallot]] = defaultdict(list)
    for ballot in ConsentBallot.objects.filter(
        vote__in=list(votes.values()), choice=ConsentBallot.Choice.OBJECTION
    ).order_by("created_at", "id"):
        objections[ballot.vote_id].append(ballot)
    proposals: dict[int, list[str]] = defaultdict(list)
    for cluster_id, text in (
        Placement.objects.filter(cluster__workshop=workshop, proposal__hidden=False)
        .order_by("proposal__created_at", "proposal_id")
        .values_list("cluster_id", "proposal__text")
    ):
        proposals[cluster_id].append(text)
    items, bars = [], []
    for synthesis in syntheses:
        details = [(_("État"), synthesis.get_status_display())]
        summary = summaries.get(synthesis.pk)
        children = []
        if summary:
            counts = summary["counts"]
            vote: ValidationVote = summary["vote"]
            found = objections.get(vote.pk, [])
            answered = sum(1 for b in found if b.answer)
            details += [
                (_("Votants"), str(summary["voters"])),
                (
                    _("Pour ou peuvent vivre avec"),
                    f"{summary['agreeing']} ({_percent(summary['percent'])})",
                ),
                (_("Pour"), str(counts[ConsentBallot.Choice.FOR])),
                (_("Je peux vivre avec"), str(counts[ConsentBallot.Choice.LIVE_WITH])),
                (_("Objections"), str(counts[ConsentBallot.Choice.OBJECTION])),
                (_("Objections répondues"), f"{answered} / {len(found)}"),
                (_("Règle"), _("au moins %(share)s") % {"share": vote.get_min_share_display()}),
            ]
            for ballot in found:
                children.append(
                    Item(
                        title=_("Objection"),
                        text=ballot.reason,
                        details=[
                            (_("Suggestion"), ballot.suggestion),
                            (_("Réponse"), ballot.answer or _("sans réponse")),
                        ],
                    )
                )
            if synthesis.status == Synthesis.Status.VALIDATED:
                bars.append(Bar(synthesis.text, summary["percent"]))
        texts = proposals.get(synthesis.cluster_id, [])
        if texts:
            children.append(
                Item(
                    title=_("Propositions à l'origine (%(n)d)") % {"n": len(texts)},
                    children=[Item(title=t) for t in texts],
                )
            )
        items.append(Item(title=synthesis.text, details=details, children=children))
    validated = sum(1 for s in syntheses if s.status == Synthesis.Status.VALIDATED)
    charts = (
        [Chart(title=_("Part d'accord par synthèse validée"), bars=bars, unit="%")] if bars else []
    )
    return Section(
        key="syntheses",
        title=_("Synthèses des propositions"),
        intro=ngettext(
            "%(v)d synthèse validée sur %(n)d soumise au vote.",
            "%(v)d synthèses validées sur %(n)d soumises au vote.",
            # French agrees with the first count here: « 1 synthèse validée sur 3 soumises » reads
            # as well as « 1 … sur 1 soumise » for a reader.
            validated,
        )
        % {"v": validated, "n": len(syntheses)},
        items=items,
        charts=charts,
    )


def _priorities(workshop: Workshop) -> Section:
    polls = Poll.objects.filter(workshop=workshop, status=Poll.Status.CLOSED).order_by(
        "created_at", "id"
    )
    tables, charts = [], []
    for poll in polls:
        results = voting.poll_results(poll)
        caption = f"{poll.title} ({poll.get_method_display()}, {results['voters']} votants)"
        if poll.uses_dots:
            tables.append(
                Table(
                    caption=caption,
                    header=[_("Rang"), _("Option"), _("Gommettes")],
                    rows=[
                        [str(r["rank"]), r["option"].label, str(r["dots"])] for r in results["rows"]
                    ],
                )
            )
            charts.append(
                Chart(
                    title=poll.title,
                    bars=[Bar(r["option"].label, r["dots"]) for r in results["rows"]],
                    unit=_("gommettes"),
                    unit_one=_("gommette"),
                )
            )
        else:
            tables.append(
                Table(
                    caption=caption,
                    header=[_("Rang"), _("Option"), _("Mention majoritaire"), _("Jugements")],
                    rows=[
                        [
                            str(r["rank"]),
                            r["option"].label,
                            str(r["median_label"]) or EMPTY,
                            str(r["judgments"]),
                        ]
                        for r in results["rows"]
                    ],
                )
            )
    return Section(
        key="priorities",
        title=_("Priorités votées"),
        intro="" if tables else _("Aucun vote de priorités clos."),
        tables=tables,
        charts=charts,
    )


def _actions(workshop: Workshop, public: bool) -> Section:
    presentations = list(
        Presentation.objects.filter(workshop=workshop)
        .select_related("action")
        .order_by("position", "id")
    )
    said: dict[int, list[Testimony]] = defaultdict(list)
    for testimony in (
        Testimony.objects.filter(workshop=workshop)
        .select_related("witness")
        .order_by("created_at", "id")
    ):
        said[testimony.action_id].append(testimony)
    items = []
    for presentation in presentations:
        action = presentation.action
        children = []
        for t in said.get(action.pk, []):
            children.append(
                Item(
                    title=witness_title(t, public),
                    details=[
                        (label, value)
                        for label, value in (
                            (_("Partenaires"), t.partners),
                            (_("Mise en œuvre"), t.implementation),
                            (_("Contenu"), t.content),
                            (_("Lien avec la problématique"), t.link_to_problem),
                        )
                        if value
                    ],
                )
            )
        details = []
        if action.organisation:
            details.append((_("Structure porteuse"), action.organisation))
        if action.partners:
            details.append((_("Partenaires"), action.partners))
        details.append((_("État"), action.get_status_display()))
        items.append(
            Item(title=action.title, text=action.description, details=details, children=children)
        )
    testimonies = sum(len(v) for v in said.values())
    return Section(
        key="actions",
        title=_("Actions existantes présentées"),
        intro=(
            ngettext("%(n)d action présentée", "%(n)d actions présentées", len(items))
            % {"n": len(items)}
            + ", "
            + ngettext("%(t)d témoignage.", "%(t)d témoignages.", testimonies) % {"t": testimonies}
        )
        if items
        else _("Aucune action existante présentée."),
        items=items,
    )


def _levers(workshop: Workshop) -> Section:
    levers = list(Lever.objects.filter(workshop=workshop))
    items = []
    for group in levers_by_kind(levers):
        children = []
        for lever in group["levers"]:
            details = [
                (_("Échéance"), french_date(lever.due_on) if lever.due_on else _("sans date"))
            ]
            if lever.source:
                details.append((_("Source"), lever.source))
            children.append(Item(title=lever.title, text=lever.description, details=details))
        items.append(Item(title=str(group["label"]).capitalize(), children=children))
    return Section(
        key="levers",
        title=_("Conjonctures favorables (leviers)"),
        intro=ngettext(
            "%(n)d levier, par type, les échéances les plus proches d'abord.",
            "%(n)d leviers, par type, les échéances les plus proches d'abord.",
            len(levers),
        )
        % {"n": len(levers)}
        if levers
        else _("Aucun levier noté."),
        items=items,
    )


def _orientations(workshop: Workshop) -> Section:
    orientations = list(
        Orientation.objects.filter(workshop=workshop)
        .select_related("synthesis", "priority_item")
        .prefetch_related("actions")
        .order_by("position", "id")
    )
    items = []
    for result in voting.orientation_results(orientations):
        o: Orientation = result["orientation"]
        counts = result["counts"]
        details = [
            (_("Décision"), o.get_decision_display()),
            (_("Votants"), str(result["voters"])),
            (_("S'appuyer sur l'existant"), str(counts["build_on"])),
            (_("Développer du nouveau"), str(counts["new"])),
        ]
        children = [Item(title=a.title) for a in o.actions.all()]
        if children:
            children = [Item(title=_("Actions retenues"), children=children)]
        items.append(Item(title=o.subject, details=details, children=children))
    return Section(
        key="orientations",
        title=_("Orientations : s'appuyer sur l'existant ou innover"),
        intro="" if items else _("Aucune orientation votée."),
        items=items,
    )


def _critiques(workshop: Workshop) -> dict[int, list[Item]]:
    """Each sheet's critiques with their suggestions, in the order they came (by nobody's name:
    what was said matters here, and a restitution names no one without consent)."""
    found: dict[int, list[Item]] = defaultdict(list)
    critiques = Comment.objects.filter(sheet__workshop=workshop, is_critique=True)
    for c in critiques.order_by("created_at", "id"):
        details = [(_("Suggestion"), c.suggestion)]
        if c.field:
            details.insert(0, (_("Sur"), str(c.get_field_display())))
        found[c.sheet_id].append(Item(title=c.text, details=details))
    return found


def _sheets(workshop: Workshop) -> Section:
    items = []
    critiques = _critiques(workshop)
    for read in read_sheets(workshop):
        sheet = read.sheet
        filled = filled_fields(read)
        # Only what the table wrote (its title is the item's): a sheet nobody filled in says
        # so once, in every format, instead of a « — » per field.
        details = [(str(field.label), text) for field, text in filled if field.name != "title"]
        if filled:
            done = completeness(sheet, read.states)
            details.append((_("Complétude"), _percent(100 * done["share"])))
            if done["missing"]:
                details.append((_("À compléter"), ", ".join(done["missing"])))
        title = read.values["title"] or _("Fiche %(n)d") % {"n": sheet.number}
        said = critiques.get(sheet.pk)
        items.append(
            Item(
                title=_("Table %(n)d : %(title)s") % {"n": sheet.number, "title": title},
                text="" if filled else _("Fiche non remplie"),
                details=details,
                children=[Item(title=_("Critiques et suggestions"), children=said)] if said else [],
            )
        )
    return Section(key="sheets", title=_("Fiches action"), items=items)


def _referents(workshop: Workshop, public: bool) -> Section:
    referents = Referent.objects.filter(workshop=workshop).select_related("participant")
    items = [Item(title=referent_title(r, public)) for r in referents.order_by("position")]
    return Section(
        key="referents",
        title=_("Le duo de référents"),
        intro=_("Ils présentent l'atelier lors de la restitution de la démarche."),
        items=items,
    )


def _minutes(seconds: float) -> int:
    return round(seconds / 60)


def _timing(workshop: Workshop, now: datetime) -> Section:
    steps = list(workshop.steps.order_by("position"))
    schedule = plan.schedule(workshop, steps, now)
    rows = []
    for index, step in enumerate(steps):
        planned_start = french_time(schedule.planned_starts[index]) if schedule else EMPTY
        # A step the workshop never reached says so once, not with a row of « — ».
        actual_start, actual, difference = _("non jouée"), "", ""
        if step.started_at:
            actual_start = french_time(step.started_at)
            end = step.finished_at or (now if step.is_live else None)
            if end:
                spent = _minutes((end - step.started_at).total_seconds())
                actual = str(spent)
                delta = spent - step.minutes
                difference = f"{delta:+d}{NBSP}min" if delta else f"0{NBSP}min"
        rows.append(
            [
                f"{step.position}. {step.title}",
                planned_start,
                str(step.minutes),
                actual_start,
                actual,
                difference,
            ]
        )
    total_planned = sum(s.minutes for s in steps)
    drift = _minutes(schedule.drift_seconds) if schedule else 0
    return Section(
        key="timing",
        title=_("Déroulé prévu et réel"),
        intro=_("%(n)d minutes prévues ; écart à la fin : %(d)+d minutes.")
        % {"n": total_planned, "d": drift},
        tables=[
            Table(
                caption=_("Séquences"),
                header=[
                    _("Séquence"),
                    _("Début prévu"),
                    _("Minutes prévues"),
                    _("Début réel"),
                    _("Minutes réelles"),
                    _("Écart"),
                ],
                rows=rows,
            )
        ],
    )
