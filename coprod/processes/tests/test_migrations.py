"""A server installed before organisations existed: its processes join one organisation, named
after their territory, and its accounts become members with the role they had in effect."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("processes", "0004_process_territory_and_dates"), ("workshops", "0004_client_key")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_existing_processes_and_accounts_join_one_organisation():
    old = migrate(BEFORE)
    users = old.get_model("accounts", "User").objects
    owner, animateur = users.create(username="claude"), users.create(username="camille")
    admin = users.create(username="root", is_superuser=True)
    process = old.get_model("processes", "Process").objects.create(
        title="Démarche", territory="Parc naturel régional du Vexin français"
    )
    process.owners.add(owner)
    workshop = old.get_model("workshops", "Workshop").objects.create(
        process=process, title="Atelier 4", question="Quoi ?", join_code="ABCDEF"
    )
    workshop.facilitators.add(animateur)
    try:
        new = migrate(latest())
        organisation = new.get_model("organisations", "Organisation").objects.get()
        roles = dict(
            new.get_model("organisations", "Membership").objects.values_list(
                "user__username", "role"
            )
        )
        owning = new.get_model("processes", "Process").objects.get().organisation_id
    finally:
        migrate(latest())
    assert organisation.name == "Parc naturel régional du Vexin français"
    assert owning == organisation.pk
    assert roles == {"claude": "process_owner", "camille": "facilitator", "root": "admin"}
    assert admin.is_superuser
