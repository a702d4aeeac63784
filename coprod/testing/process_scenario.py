"""A process of three workshops for the process restitution's tests.

Workshop « Atelier 4 » is the `complete` one of conftest.py (two priority items, BUS and SHOPS
validated, REJECTED not); two shorter workshops of the same process are run through the services
here: proposals on the same priority items, validated syntheses, one sheet per validated
synthesis (started from it), the duo of referents.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from coprod.action_sheets import services as sheets
from coprod.agenda import services as agenda
from coprod.grouping import services as grouping
from coprod.grouping.models import Cluster, Placement
from coprod.processes.models import PriorityItem
from coprod.testing.factories import (
    ParticipantFactory,
    ProposalFactory,
    WorkshopFactory,
    seed_agenda,
)
from coprod.testing.scenarios import BUS, ITEMS, REJECTED, SHOPS
from coprod.voting import services as voting

HEALTH = "Faire venir un médecin une fois par semaine dans les villages"
BIKES = "Prêter des vélos électriques aux jeunes sans permis"
LATE = "Ouvrir une maison de services le samedi"

# Workshop title → (start, place, people (name, organisation), syntheses: text → (proposals on
# item 1, proposals on item 2, validated?)).
EXTRA = {
    "Atelier 5 : santé et mobilité": (
        datetime(2027, 1, 14, 17, 0, tzinfo=UTC),
        "Mairie de Vigny",
        [
            ("Hélène Roux", "Maison de santé de Vigny"),
            ("Ibrahim Sow", "Mairie de Vigny"),
            ("Jeanne Caron", "Habitants"),
        ],
        {HEALTH: (0, 2, True), BIKES: (3, 0, True)},
    ),
    "Atelier 2 : services de proximité": (
        datetime(2026, 10, 1, 16, 0, tzinfo=UTC),
        "Salle communale de Chars",
        [("Karim Haddad", "Mairie de Chars"), ("Laura Vidal", "La Poste")],
        {LATE: (0, 1, True), "Une navette vers la gare": (1, 0, False)},
    ),
}
EXTRA_NAMES = [name for spec in EXTRA.values() for name, _org in spec[2]]


@dataclass
class ProcessRun:
    process: object
    workshops: list  # in the order they took place
    complete: object  # the conftest `Ran` of « Atelier 4 »


def run_small(process, facilitator, title: str):
    """One short workshop of `process`, run by `facilitator`, as described in `EXTRA`."""
    starts_at, place, people_spec, syntheses = EXTRA[title]
    workshop = WorkshopFactory(
        process=process, facilitators=[facilitator], title=title, place=place, starts_at=starts_at
    )
    seed_agenda(workshop)
    items = list(PriorityItem.objects.filter(process=process, text__in=ITEMS).order_by("position"))
    workshop.priority_items.set(items)
    people = [
        ParticipantFactory(workshop=workshop, name=name, organisation=org, has_phone=False)
        for name, org in people_spec
    ]
    step = agenda.start_workshop(workshop, actor=facilitator)
    while step.kind != "proposals":
        step = agenda.go_to_step(workshop, actor=facilitator, offset=+1)
    for position, (text, (on_first, on_second, validated)) in enumerate(syntheses.items(), 1):
        # Unnamed, as grouping makes them: a sheet then takes its synthesis as its title.
        cluster = Cluster.objects.create(workshop=workshop, label="", position=position)
        for index, item in enumerate([items[0]] * on_first + [items[1]] * on_second):
            proposal = ProposalFactory(
                workshop=workshop, text=f"{text} ({index})", priority_item=item, author=people[0]
            )
            Placement.objects.create(proposal=proposal, cluster=cluster)
        synthesis = grouping.write_synthesis(cluster, actor=facilitator, text=text)
        vote = voting.open_validation(synthesis, actor=facilitator)
        for person in people:
            choice = "for" if validated else "objection"
            extra = {} if validated else {"reason": "Trop loin", "suggestion": "Un autre lieu"}
            voting.cast_consent(vote, participant=person, choice=choice, actor=facilitator, **extra)
        voting.close_validation(vote, actor=facilitator)
    while step.kind != "projects":
        step = agenda.go_to_step(workshop, actor=facilitator, offset=+1)
    sheets.create_sheets(workshop, actor=facilitator)  # one per validated synthesis
    step = agenda.go_to_step(workshop, actor=facilitator, offset=+1)
    sheets.designate_referents(workshop, actor=facilitator, participants=people[:2])
    agenda.end_workshop(workshop, actor=facilitator)
    workshop.refresh_from_db()
    return workshop


def run_process(complete) -> ProcessRun:
    """« Atelier 2 » (October), « Atelier 4 » (`complete`, November), « Atelier 5 » (January).

    The complete workshop's first sheet is set to start from BUS, as a table would have chosen."""
    from coprod.action_sheets.models import Sheet

    workshop = complete.workshop
    workshop.title = "Atelier 4 : des actions vers des publics spécifiques"
    workshop.save(update_fields=["title"])
    Sheet.objects.filter(pk=complete.sheets[0].pk).update(synthesis=complete.syntheses[BUS])
    process = workshop.process
    later = run_small(process, complete.facilitator, "Atelier 5 : santé et mobilité")
    earlier = run_small(process, complete.facilitator, "Atelier 2 : services de proximité")
    return ProcessRun(process, [earlier, workshop, later], complete)


__all__ = ["BUS", "HEALTH", "BIKES", "LATE", "REJECTED", "SHOPS", "run_process", "EXTRA_NAMES"]
