"""Catalogue fixtures: the workshop's process with the seed's publics and priority items."""

import pytest
import tablib

from coprod.agenda.kinds import StepKind
from coprod.catalogue.services import live as live_services
from coprod.processes.models import PriorityItem, TargetPublic
from coprod.testing.factories import ActionFactory, ParticipantFactory

SEED_ITEMS = [
    "Porter une attention aux publics sans transports et favoriser l’accessibilité de ses publics aux offres",
    "Intervenir sur le maintien des services de proximité",
    "Travailler à des solutions d’insertion professionnelles sur le territoire",
]
SEED_PUBLICS = [
    "Personnes sans moyen de transport",
    "Demandeurs d’emploi",
    "Personnes âgées",
    "Jeunes",
]
HEADERS = [
    "Titre",
    "Description",
    "Structure porteuse",
    "Partenaires",
    "Publics",
    "Territoire",
    "Communes",
    "État",
    "Début",
    "Fin",
    "Contact",
    "Liens",
    "Items plébiscités",
]


@pytest.fixture
def process(workshop):
    return workshop.process


@pytest.fixture
def publics(process):
    return [TargetPublic.objects.create(process=process, name=name) for name in SEED_PUBLICS]


@pytest.fixture
def items(workshop):
    created = [
        PriorityItem.objects.create(process=workshop.process, text=t, position=i)
        for i, t in enumerate(SEED_ITEMS, start=1)
    ]
    workshop.priority_items.set(created)
    return created


def csv_bytes(rows, *, encoding="utf-8-sig", sep=";", headers=HEADERS) -> bytes:
    """A CSV as a spreadsheet writes it (quotes where needed)."""
    dataset = tablib.Dataset(*rows, headers=headers)
    return dataset.export("csv", delimiter=sep).encode(encoding)


def sheet_bytes(rows, fmt, *, headers=HEADERS) -> bytes:
    return tablib.Dataset(*rows, headers=headers).export(fmt)


def row(title="Épicerie itinérante", **fields) -> list:
    """A full import row; fields by their model name."""
    values = {
        "title": title,
        "description": "Un camion-épicerie dans les villages sans commerce.",
        "organisation": "Association Le Panier",
        "partners": "Producteurs locaux",
        "publics": "Personnes âgées",
        "scope": "une ou plusieurs communes",
        "places": "Santeuil, Us",
        "status": "en cours",
        "started_on": "01/03/2021",
        "ended_on": "",
        "contact": "contact@example.org",
        "links": "https://www.example.org/epicerie",
        "priority_items": "2",
        **fields,
    }
    order = [
        "title",
        "description",
        "organisation",
        "partners",
        "publics",
        "scope",
        "places",
        "status",
        "started_on",
        "ended_on",
        "contact",
        "links",
        "priority_items",
    ]
    return [values[f] for f in order]


# --- The live steps (test_live_*) ------------------------------------------------------------------


@pytest.fixture
def catalogue(workshop):
    """Three actions in the workshop's process catalogue, and one of another process."""
    actions = [
        ActionFactory(process=workshop.process, title="Transport à la demande"),
        ActionFactory(process=workshop.process, title="Épicerie itinérante"),
        ActionFactory(process=workshop.process, title="Permanences emploi"),
    ]
    ActionFactory(title="Action d'un autre parc")
    return actions


@pytest.fixture
def shown(workshop, facilitator, catalogue):
    """The first two actions are presented; the first is on the board."""
    created = live_services.present_actions(workshop, actor=facilitator, actions=catalogue[:2])
    live_services.show(workshop, created[0], actor=facilitator)
    created[0].refresh_from_db()
    return created


@pytest.fixture
def people(workshop):
    return [
        ParticipantFactory(workshop=workshop, name=n, organisation="Mairie")
        for n in ("Alice", "Bruno", "Claire")
    ]


@pytest.fixture
def actions_step(workshop, run_to):
    return run_to(workshop, StepKind.EXISTING_ACTIONS)


@pytest.fixture
def levers_step(workshop, run_to):
    return run_to(workshop, StepKind.LEVERS)
