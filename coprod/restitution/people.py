"""Who took part, as the restitution shows them: a name only with that person's consent.

In the facilitators' version a participant's name appears only if they ticked « J'accepte que mon
nom figure dans la restitution de l'atelier » (`Participant.name_consent`); everyone else is
counted with their organisation. The public version names nobody. Witnesses and referents follow
the same rules. Part of `assembly`: same French texts, same `document` vocabulary.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coprod.action_sheets.models import Referent
from coprod.catalogue.models import Testimony
from coprod.participants.models import OrganisationKind, Participant

from .document import Bar, Chart, Section, Table


def _and(names: list[str]) -> str:
    """« A », « A et B », « A, B et C »."""
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s et %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def shows_name(participant: Participant, public: bool) -> bool:
    """Whether the document may show this participant's name."""
    return participant.name_consent and not public


def people_text(people: list[Participant]) -> str:
    """« Claire Dupont et 2 autres personnes », « 3 personnes », « Claire Dupont et Paul Martin »
    (the facilitators' version: the public one names nobody)."""
    named = [p.name for p in people if p.name_consent]
    others = len(people) - len(named)
    if not named:
        return ngettext("%(n)d personne", "%(n)d personnes", others) % {"n": others}
    if not others:
        return _and(named)
    return _("%(names)s et %(others)s") % {
        "names": ", ".join(named),
        "others": ngettext("%(n)d autre personne", "%(n)d autres personnes", others)
        % {"n": others},
    }


def kind_chart(participants: list[Participant]) -> Chart:
    """Participants per type of organisation, in the order of `OrganisationKind`, then those
    who did not say; only the types someone belongs to."""
    counts: dict[str, int] = defaultdict(int)
    for p in participants:
        counts[p.organisation_kind] += 1
    kinds = [(kind.value, str(kind.label)) for kind in OrganisationKind]
    kinds.append(("", _("Non précisé")))
    return Chart(
        title=_("Participation par type de structure"),
        bars=[Bar(label, counts[value]) for value, label in kinds if counts[value]],
        unit=_("personnes"),
        unit_one=_("personne"),
    )


def participants_section(participants: list[Participant], public: bool) -> Section:
    """Counts per organisation and, unless `public`, the names of those who agreed; two charts
    (by organisation and by type of organisation)."""
    by_org: dict[str, list[Participant]] = defaultdict(list)
    for p in participants:
        by_org[p.shown_organisation].append(p)
    orgs = sorted(by_org.items(), key=lambda kv: (-len(kv[1]), kv[0].lower()))
    intro = (
        ngettext("%(n)d participant", "%(n)d participants", len(participants))
        % {"n": len(participants)}
        + " "
        + ngettext("de %(orgs)d structure.", "de %(orgs)d structures.", len(orgs))
        % {"orgs": len(orgs)}
        + " "
        + (
            _("Les noms ne sont pas publiés : seuls les effectifs le sont.")
            if public
            else _(
                "Seules les personnes qui l'ont accepté sont nommées ; les autres sont "
                "comptées avec leur structure."
            )
        )
    )
    header = [_("Structure"), _("Participants")]
    rows = [[org, str(len(people))] for org, people in orgs]
    if not public:
        header.append(_("Noms"))
        for row, (_org, people) in zip(rows, orgs, strict=True):
            row.append(people_text(people))
    charts = [
        Chart(
            title=_("Participation par structure"),
            bars=[Bar(org, len(people)) for org, people in orgs],
            unit=_("personnes"),
            unit_one=_("personne"),
        )
    ]
    if participants:
        charts.append(kind_chart(participants))
    return Section(
        key="participants",
        title=_("Participants"),
        intro=intro,
        tables=[Table(caption=_("Participants par structure"), header=header, rows=rows)],
        charts=charts,
    )


def witness_title(testimony: Testimony, public: bool) -> str:
    """« Témoignage de Farid Benali (Centre social) » with the witness's consent, else
    « Témoignage (Centre social) ». A witness who is not a participant gave no consent."""
    org = testimony.witness_organisation
    witness = testimony.witness  # select_related by the caller
    if witness is None or not shows_name(witness, public):
        return _("Témoignage (%(org)s)") % {"org": org or _("sans structure")}
    if org:
        return _("Témoignage de %(name)s (%(org)s)") % {"name": testimony.witness_name, "org": org}
    return _("Témoignage de %(name)s") % {"name": testimony.witness_name}


def referent_title(referent: Referent, public: bool) -> str:
    """« Alice Martin (Mairie de Marines) » with her consent, else « Référent 1 (Mairie de
    Marines) »."""
    person = referent.participant  # select_related by the caller
    org = person.organisation or _("sans structure")
    if shows_name(person, public):
        return f"{person.name} ({org})"
    return _("Référent %(n)d (%(org)s)") % {"n": referent.position, "org": org}
