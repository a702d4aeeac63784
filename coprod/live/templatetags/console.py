"""The console's « prochaine action »: the facts of the step under way, said in French."""

from django import template
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coprod.grouping.models import Synthesis

from ..next_action import Facts, next_action

register = template.Library()

HINTS = {
    "start": _("Commencer l'atelier"),
    "ended": _("L'atelier est terminé."),
    "answer_objections": _("Répondre aux objections"),
    "close_vote": _("Tout le monde a voté : clore le vote"),
    "wait_proposals": _("Attendre les propositions, saisir les post-its papier"),
    "group": _("Regrouper les propositions proches"),
    "open_validation": _("Ouvrir le vote de validation"),
    "show_next_action": _("Afficher l'action suivante"),
    "open_orientation": _("Ouvrir le vote d'orientation"),
    "confirm_orientation": _("Confirmer la décision d'orientation"),
    "create_tables": _("Créer les tables à partir des synthèses validées"),
    "choose_referents": _("Choisir le duo de référents"),
    "next_step": _("Passer à la séquence suivante"),
    "end": _("Terminer l'atelier"),
}


def facts_of(live) -> Facts:
    """A handful of counts, read for the console only (the facilitators' audience)."""
    w = live.workshop
    facts = {
        "status": w.status,
        "panel": live.panel.name if live.current else None,
        "in_step": live.current is not None,
        "is_last": bool(live.current) and live.position == len(live.steps),
    }
    if w.status != "live":
        return Facts(**facts)
    votes = live.console_votes
    open_rows = [
        *votes["votes"],
        *votes["orientations"],
        *(p for p in votes["polls"] if p["poll"].is_open),
    ]
    facts.update(
        open_votes=len(open_rows),
        open_objections=votes["open_objections"],
        missing=max((row["missing_count"] for row in open_rows), default=0),
    )
    panel = live.panel.name
    if panel == "proposals":
        syntheses = Synthesis.objects.filter(cluster__workshop=w)
        facts.update(
            proposals=w.proposals.visible().count(),
            groups=w.clusters.count(),
            syntheses_to_vote=syntheses.exclude(text="")
            .filter(status__in=(Synthesis.Status.DRAFT, Synthesis.Status.NOT_VALIDATED))
            .count(),
        )
    elif panel == "existing_actions":
        shown = list(
            w.presentations.order_by("position", "id").values_list("is_current", flat=True)
        )
        on_screen = True in shown
        facts.update(
            action_on_screen=on_screen,
            more_actions=bool(shown) and (not on_screen or shown.index(True) + 1 < len(shown)),
        )
    elif panel == "orientation":
        rows = list(w.orientations.values_list("status", "decision"))
        facts.update(
            orientations=len(rows),
            undecided=sum(1 for status, decision in rows if status == "closed" and not decision),
        )
    elif panel in ("projects", "finalisation") and live.data is not None:
        rows = live.data.rows
        seated = {pk for row in rows for pk in row["seated_pks"]}
        facts.update(
            sheets=len(rows),
            unseated=sum(1 for p in live.room["admitted"] if p.pk not in seated),
            incomplete=sum(1 for row in rows if not row["done"]),
            referents=len(live.data.referents),
        )
    return Facts(**facts)


@register.simple_tag
def console_next_action(live) -> str:
    facts = facts_of(live)
    key = next_action(facts)
    if key == "wait_votes":
        return ngettext(
            "Attendre les votes : %(n)d personne n'a pas encore voté",
            "Attendre les votes : %(n)d personnes n'ont pas encore voté",
            facts.missing,
        ) % {"n": facts.missing}
    if key == "seat_people":
        return ngettext(
            "Placer à une table la personne qui n'en a pas",
            "Placer à une table les %(n)d personnes qui n'en ont pas",
            facts.unseated,
        ) % {"n": facts.unseated}
    if key == "follow_sheets":
        return ngettext(
            "Suivre les tables : %(n)d fiche à compléter",
            "Suivre les tables : %(n)d fiches à compléter",
            facts.incomplete,
        ) % {"n": facts.incomplete}
    return str(HINTS[key])
