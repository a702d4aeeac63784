"""`coprod demo`: the Vexin workshop 4, created once, and how to reach it."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from coprod.agenda.models import Step
from coprod.catalogue.models import Action
from coprod.processes.models import Process
from coprod.workshops import codes
from coprod.workshops.models import Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    """The demo keeps its password in the data folder: use a fresh one, not the developer's."""
    settings.DATA_DIR = tmp_path


def demo() -> dict:
    out = StringIO()
    call_command("demo", "--json", stdout=out)
    return json.loads(out.getvalue())


def test_demo_prints_how_to_reach_the_workshop(client):
    """The JSON names the workshop, its join code and a facilitator account that logs in."""
    printed = demo()
    assert set(printed) == {"workshop", "join_code", "facilitator", "password"}
    workshop = Workshop.objects.get()
    assert printed["workshop"] == workshop.pk
    assert printed["join_code"] == workshop.join_code and codes.looks_valid(printed["join_code"])
    assert client.login(username=printed["facilitator"], password=printed["password"])
    assert client.get(f"/animer/{workshop.pk}/").status_code == 200


def test_demo_is_idempotent():
    """Running it again creates nothing new and prints the same access."""
    first = demo()
    second = demo()
    assert second == first
    assert Workshop.objects.count() == 1
    assert Process.objects.count() == 1
    assert Step.objects.count() == 9
    assert Action.objects.count() == 6


def test_demo_catalogue_holds_example_actions_marked_as_such(client):
    """The existing-actions step has something to show, and nobody mistakes it for real data."""
    printed = demo()
    actions = Action.objects.all()
    assert len(actions) == 6
    assert all(a.is_example and a.title.startswith("[Exemple]") for a in actions)
    client.login(username=printed["facilitator"], password=printed["password"])
    page = client.get(f"/demarches/{actions[0].origin_process_id}/actions/").content.decode()
    assert "6 actions" in page and "[Exemple]" in page


def test_demo_workshop_is_the_seed_workshop():
    """Title, six charter rules, three priority items and the nine-step running order of the seed."""
    demo()
    workshop = Workshop.objects.get()
    assert workshop.title == (
        "Atelier 4 — Quelles actions expérimentales et/ou innovantes à développer vers des "
        "publics spécifiques ?"
    )
    assert len(workshop.charter_rules) == 6
    assert workshop.charter_rules[2] == "Toute critique doit être associée à une suggestion"
    assert workshop.priority_items.count() == 3
    assert workshop.process.target_publics.count() == 4
    assert list(workshop.steps.values_list("minutes", flat=True)) == [
        10,
        20,
        5,
        15,
        15,
        10,
        5,
        35,
        10,
    ]
    assert workshop.status == Workshop.Status.DRAFT


def test_demo_steps_talk_to_the_room_and_keep_the_seed_for_the_facilitator():
    """Each demo step has a text for the participants and the seed's wording as private notes."""
    demo()
    steps = list(Workshop.objects.get().steps.order_by("position"))
    assert all(s.instructions and s.facilitator_notes for s in steps)
    assert steps[3].instructions.startswith("Écrivez vos propositions")
    assert steps[3].facilitator_notes.endswith("L’inscrire sur le tableau.")


def test_demo_without_json_prints_french_text():
    out = StringIO()
    call_command("demo", stdout=out)
    workshop = Workshop.objects.get()
    assert (
        f"Atelier de démonstration n° {workshop.pk} — code {workshop.join_code}" in out.getvalue()
    )
    assert "Compte animateur : animateur / mot de passe : " in out.getvalue()
