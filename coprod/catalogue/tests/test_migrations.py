"""Upgrading a server whose catalogues were per process: the actions join their organisation,
and the same action typed in two processes becomes one, keeping every link to either copy."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("catalogue", "0002_client_key_per_workshop")


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def before():
    """Every app as it is now, but the catalogue still per process."""
    return migrate([n for n in leaves() if n[0] != "catalogue"] + [BEFORE])


def latest():
    return migrate(leaves())


def test_actions_join_their_organisation_and_duplicates_merge():
    old = before()
    get = old.get_model
    park = get("organisations", "Organisation").objects.create(name="Parc", slug="parc")
    other = get("organisations", "Organisation").objects.create(name="Autre", slug="autre")
    process_model = get("processes", "Process")
    y2025 = process_model.objects.create(organisation=park, title="2025")
    y2026 = process_model.objects.create(organisation=park, title="2026")
    elsewhere = process_model.objects.create(organisation=other, title="Ailleurs")
    action_model = get("catalogue", "Action")
    key = "epicerie itinerante|le panier"

    def action(process, **fields):
        return action_model.objects.create(
            process=process,
            title="Épicerie itinérante",
            organisation="Le Panier",
            key=key,
            **fields,
        )

    first = action(y2025, description="Le camion passe le mardi.")
    again = action(y2026, contact="panier@example.org")
    foreign = action(elsewhere)
    action_model.objects.filter(pk=first.pk).update(updated_at=timezone.now() - timedelta(days=365))
    workshop_model = get("workshops", "Workshop")
    w2025 = workshop_model.objects.create(process=y2025, title="A", join_code="AAAAAA")
    w2026 = workshop_model.objects.create(process=y2026, title="B", join_code="BBBBBB")
    get("catalogue", "Presentation").objects.create(workshop=w2025, action=first)
    get("catalogue", "Presentation").objects.create(workshop=w2026, action=again)
    testimony_model = get("catalogue", "Testimony")
    testimony_model.objects.create(action=first, workshop=w2025, witness_name="Josiane")
    testimony_model.objects.create(action=again, workshop=w2026, witness_name="Marcel")
    public_model = get("processes", "TargetPublic")
    first.publics.add(public_model.objects.create(process=y2025, name="Personnes âgées"))
    again.publics.add(public_model.objects.create(process=y2026, name="Jeunes"))
    lever = get("catalogue", "Lever").objects.create(process=y2026, title="Appel à projets")
    lever.actions.add(again)
    sheet = get("action_sheets", "Sheet").objects.create(workshop=w2026, number=1)
    value = get("action_sheets", "FieldValue").objects.create(
        sheet=sheet, name="builds_on", value=json.dumps([again.pk, foreign.pk])
    )
    try:
        new = latest()
        actions = new.get_model("catalogue", "Action").objects
        kept = actions.get(owner_id=park.pk)
        mine = actions.get(owner_id=other.pk)
        testimonies = sorted(kept.testimonies.values_list("witness_name", flat=True))
        presented = set(kept.presentations.values_list("workshop_id", flat=True))
        publics = set(kept.publics.values_list("name", flat=True))
        levers = list(kept.levers.values_list("title", flat=True))
        sheet_ids = json.loads(
            new.get_model("action_sheets", "FieldValue").objects.get(pk=value.pk).value
        )
    finally:
        latest()
    assert actions.count() == 2
    # The most recently edited copy stays, its blanks filled, first entered in 2025.
    assert kept.pk == again.pk and kept.origin_process_id == y2025.pk
    assert kept.description == "Le camion passe le mardi."
    assert kept.contact == "panier@example.org"
    assert testimonies == ["Josiane", "Marcel"]
    assert presented == {w2025.pk, w2026.pk}
    assert publics == {"Personnes âgées", "Jeunes"}
    assert levers == ["Appel à projets"]
    assert sheet_ids == [again.pk, foreign.pk]
    assert mine.pk == foreign.pk and mine.origin_process_id == elsewhere.pk


def test_a_sheet_naming_the_merged_copy_names_the_survivor():
    old = before()
    get = old.get_model
    park = get("organisations", "Organisation").objects.create(name="Parc", slug="parc")
    process_model = get("processes", "Process")
    y2025 = process_model.objects.create(organisation=park, title="2025")
    y2026 = process_model.objects.create(organisation=park, title="2026")
    action_model = get("catalogue", "Action")
    copy = action_model.objects.create(process=y2025, title="Bus", key="bus|")
    survivor = action_model.objects.create(process=y2026, title="Bus", key="bus|")
    action_model.objects.filter(pk=copy.pk).update(updated_at=timezone.now() - timedelta(days=9))
    workshop = get("workshops", "Workshop").objects.create(
        process=y2025, title="A", join_code="CCCCCC"
    )
    sheet = get("action_sheets", "Sheet").objects.create(workshop=workshop, number=1)
    revision = get("action_sheets", "Revision").objects.create(
        sheet=sheet, name="builds_on", value=json.dumps([copy.pk, survivor.pk]), version=1
    )
    try:
        new = latest()
        value = new.get_model("action_sheets", "Revision").objects.get(pk=revision.pk).value
        left = list(new.get_model("catalogue", "Action").objects.values_list("pk", flat=True))
    finally:
        latest()
    assert left == [survivor.pk]
    assert json.loads(value) == [survivor.pk]


def test_undoing_gives_each_action_a_process_again():
    new = latest()
    park = new.get_model("organisations", "Organisation").objects.create(name="P", slug="p")
    process = new.get_model("processes", "Process").objects.create(organisation=park, title="Un")
    new.get_model("catalogue", "Action").objects.create(owner=park, title="Bus", key="bus|")
    try:
        old = before()
        action = old.get_model("catalogue", "Action").objects.get()
    finally:
        latest()
    assert action.process_id == process.pk
