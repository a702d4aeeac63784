"""A complete workshop, run from the first step to the end through each app's services."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pytest

from coprod.action_sheets import services as sheets
from coprod.agenda import services as agenda
from coprod.catalogue.services import levers as lever_services
from coprod.catalogue.services import live as catalogue
from coprod.grouping import services as grouping
from coprod.grouping.models import Cluster, Placement
from coprod.participants import services as participants
from coprod.processes.models import PriorityItem, TargetPublic
from coprod.testing.factories import ActionFactory, ParticipantFactory, ProposalFactory
from coprod.voting import services as voting
from coprod.voting.models import ConsentBallot, Orientation

ORGANISATIONS = {
    "Mairie de Marines": ["Alice Martin", "Bruno Lefèvre", "Claire Dubois"],
    "Association Le Panier": ["Denis Moreau", "Émilie Petit"],
    "Centre social du Vexin": ["Farid Benali"],
}
NAMES = [name for names in ORGANISATIONS.values() for name in names]
# Who agreed that their name appears in the restitution (the others did not answer yes).
CONSENTING = ["Alice Martin", "Émilie Petit", "Farid Benali"]
NOT_CONSENTING = [name for name in NAMES if name not in CONSENTING]
# Each one's type of organisation, as they said it when joining ("" = not said).
KINDS = {
    "Alice Martin": "collectivite",
    "Bruno Lefèvre": "collectivite",
    "Claire Dubois": "",
    "Denis Moreau": "association",
    "Émilie Petit": "association",
    "Farid Benali": "social",
}
ITEMS = [
    "Porter une attention aux publics sans transports",
    "Intervenir sur le maintien des services de proximité",
]
BUS = "Développer le transport à la demande pour les personnes sans voiture"
SHOPS = "Maintenir une épicerie itinérante dans les villages"
REJECTED = "Construire une gare dans chaque village"
GROUPS = {
    BUS: ["Un minibus le jeudi vers le marché", "Un taxi solidaire pour les rendez-vous"],
    SHOPS: ["Un camion épicerie chaque semaine", "Un dépôt de pain à la mairie"],
    REJECTED: ["Une gare à Marines"],
}
SHEET_VALUES = {
    1: {
        "title": "Bus des villages",
        "objective": "Permettre aux personnes sans voiture d'aller au marché : chaque jeudi !",
        "description": "Un minibus à la demande, réservé par téléphone.",
        "partners": "Communauté de communes, centre social",
        "carrier": "Le centre social",
        "calendar": "septembre 2027 — premier trajet",
        "indicators": "Nombre de trajets par mois",
        "next_steps": "Réunir les communes",
    },
    2: {"title": "Épicerie roulante", "objective": "Un commerce dans chaque village"},
}
# Real minutes of each step of the seed's running order (planned: 10, 20, 5, 15, 15, …).
SPENT = [12, 25, 5, 20, 15, 10, 10, 40, 20]


@dataclass
class Ran:
    workshop: object
    facilitator: object
    people: list = field(default_factory=list)
    syntheses: dict = field(default_factory=dict)
    sheets: list = field(default_factory=list)


@pytest.fixture
def complete(workshop, facilitator, clock):
    """The seed workshop run to its end (`run_to_the_end`)."""
    return run_to_the_end(workshop, facilitator, clock)


def run_to_the_end(workshop, facilitator, clock) -> Ran:
    """The seed workshop run to its end: six participants of three organisations (three of them
    agreed to be named, `CONSENTING`; types of organisation as in `KINDS`), their moods,
    seven proposals in three groups (two syntheses validated, one not), a closed poll, two
    presented actions with testimonies, three levers, a confirmed orientation, two sheets and
    the duo of referents. Every step took the minutes of `SPENT`."""
    actor = facilitator
    workshop.place = "Salle des fêtes de Marines"
    workshop.starts_at = datetime(2026, 11, 26, 17, 0, tzinfo=UTC)  # 18 h 00 in Paris
    workshop.save()
    process = workshop.process
    items = [
        PriorityItem.objects.create(process=process, text=t, position=i)
        for i, t in enumerate(ITEMS, start=1)
    ]
    workshop.priority_items.set(items)
    publics = [TargetPublic.objects.create(process=process, name=n) for n in ("Personnes âgées",)]
    people = [
        ParticipantFactory(
            workshop=workshop,
            name=name,
            organisation=org,
            organisation_kind=KINDS[name],
            name_consent=name in CONSENTING,
            has_phone=False,
        )
        for org, names in ORGANISATIONS.items()
        for name in names
    ]
    ran = Ran(workshop, facilitator, people)
    clock.now = workshop.starts_at
    spent = iter(SPENT)

    def next_step():
        clock.advance(minutes=next(spent))
        return agenda.go_to_step(workshop, actor=actor, offset=+1)

    step = agenda.start_workshop(workshop, actor=actor)  # introduction
    step = next_step()  # round table
    step = next_step()  # mood
    assert step.kind == "mood"
    for person, value, word in zip(
        people, [5, 4, 4, 3, 2, 4], ["content", "curieux", "", "fatigué", "", "prêt"], strict=True
    ):
        participants.cast_mood(person, value=value, word=word)
    step = next_step()  # proposals and syntheses
    for position, (text, proposals) in enumerate(GROUPS.items(), start=1):
        cluster = Cluster.objects.create(
            workshop=workshop, label=f"Groupe {position}", position=position
        )
        for i, p in enumerate(proposals):
            proposal = ProposalFactory(
                workshop=workshop, text=p, priority_item=items[i % 2], author=people[i]
            )
            Placement.objects.create(proposal=proposal, cluster=cluster)
        synthesis = grouping.write_synthesis(cluster, actor=actor, text=text)
        vote = voting.open_validation(synthesis, actor=actor)
        rejected = text == REJECTED
        for i, person in enumerate(people):
            if rejected:
                choice = "objection" if i < 4 else "for"
            else:
                choice = ("for", "for", "live_with", "for", "live_with", "objection")[i]
            extra = {}
            if choice == "objection":
                extra = {"reason": "Trop cher", "suggestion": "Chercher un financement"}
            voting.cast_consent(vote, participant=person, choice=choice, actor=actor, **extra)
        if not rejected:
            ballot = ConsentBallot.objects.get(vote=vote, choice="objection")
            voting.answer_objection(ballot, actor=actor, answer="Le financement est prévu.")
        voting.close_validation(vote, actor=actor)
        synthesis.refresh_from_db()
        ran.syntheses[text] = synthesis
    poll = voting.create_poll(workshop, actor=actor, title="Nos priorités")
    voting.open_poll(poll, actor=actor)
    options = list(poll.options.order_by("position", "id"))
    for i, person in enumerate(people):
        grades = {options[0].pk: 6 if i < 4 else 3, options[1].pk: 2 + i % 3}
        voting.cast_grades(poll, participant=person, grades=grades, actor=actor)
    voting.close_poll(poll, actor=actor)
    step = next_step()  # existing actions
    actions = [
        ActionFactory(
            process=process, title="Transport à la demande de Magny", partners="La région"
        ),
        ActionFactory(process=process, title="Épicerie solidaire"),
    ]
    shown = catalogue.present_actions(workshop, actor=actor, actions=actions)
    catalogue.testify(
        shown[0],
        participant=people[5],
        actor=actor,
        partners="La mairie",
        implementation="Depuis 2021, deux fois par semaine",
        content="Courses au marché",
        link_to_problem="Sortir du village",
    )
    catalogue.testify(
        shown[1],
        actor=actor,
        witness_name="Gérard Témoin",
        witness_organisation="Épicerie de Vigny",
        content="Une épicerie qui roule",
    )
    step = next_step()  # levers
    for kind, title, due in (
        ("funding", "Appel à projets mobilité rurale", "2027-03-31"),
        ("funding", "Fonds départemental", ""),
        ("partner", "La région Île-de-France", "2027-01-15"),
    ):
        lever_services.add_lever(
            workshop,
            actor=actor,
            kind=kind,
            title=title,
            due_on=due,
            description="Pour financer le projet",
        )
    step = next_step()  # orientation
    orientations = voting.open_orientations(workshop, actor=actor)
    first = next(o for o in orientations if o.synthesis_id == ran.syntheses[BUS].pk)
    for i, person in enumerate(people):
        choice = "build_on" if i < 4 else "new"
        voting.cast_orientation(
            first,
            participant=person,
            choice=choice,
            actions=[actions[0].pk] if choice == "build_on" else [],
            actor=actor,
        )
    voting.confirm_orientation(
        first, actor=actor, decision=Orientation.Decision.BUILD_ON, actions=[actions[0]]
    )
    step = next_step()  # projects
    ran.sheets = sheets.create_sheets(workshop, actor=actor, count=2)
    levers = list(workshop.levers.order_by("id"))
    for sheet in ran.sheets:
        for name, value in SHEET_VALUES[sheet.number].items():
            sheets.save_field(sheet, name, value=value, base_version=0, actor=actor)
    sheets.save_field(ran.sheets[0], "publics", value=[publics[0].pk], base_version=0, actor=actor)
    sheets.save_field(
        ran.sheets[0], "builds_on", value=[actions[0].pk], base_version=0, actor=actor
    )
    sheets.save_field(ran.sheets[0], "levers", value=[levers[0].pk], base_version=0, actor=actor)
    step = next_step()  # finalisation
    sheets.designate_referents(workshop, actor=actor, participants=[people[0], people[3]])
    clock.advance(minutes=next(spent))
    agenda.end_workshop(workshop, actor=actor)
    workshop.refresh_from_db()
    assert date(2026, 11, 26) == workshop.starts_at.date()
    return ran
