"""Yesterday's backup into today's code: a backup of an instance built by an older commit
(scripts/make-upgrade-fixture) is restored, migrated, and its workshop, participants, phone
session and uploads are all there."""

import json
from pathlib import Path

from coprod.testing.commands import coprod, instance_env, python

from .test_commands import phone_page

DATA = Path(__file__).with_name("data")
FIXTURE = DATA / "upgrade-from-5ee730d.tar.gz"
EXPECTED = json.loads(FIXTURE.with_suffix("").with_suffix(".json").read_text())

STATE = """
import json
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.contrib.auth import get_user_model
from coprod.workshops.models import Workshop
applied = sorted(MigrationRecorder(connection).applied_migrations())
workshop = Workshop.objects.get()
print(json.dumps({
    "applied": applied,
    "titles": [workshop.title],
    "facilitators": [user.username for user in get_user_model().objects.filter(facilitated_workshops=workshop)],
}))
"""


def test_an_older_backup_is_restored_and_migrated_to_this_code(tmp_path):
    env = instance_env(tmp_path / "data", "sqlite")
    restored = coprod("restore", str(FIXTURE), env=env)
    assert restored.returncode == 0, restored.stderr

    state = json.loads(python(STATE, env=env))
    before = {(app, name) for app, names in EXPECTED["migrations"].items() for name in names}
    ran = {tuple(pair) for pair in state["applied"]} - before
    assert ("processes", "0004_process_territory_and_dates") in ran  # the upgrade migrated
    assert state["titles"] == [EXPECTED["title"]]
    # The accounts moved to the custom user model (accounts.User) and still run the workshop.
    assert state["facilitators"], "the workshop lost its facilitator in the upgrade"
    page = phone_page(env, str(EXPECTED["workshop"]), EXPECTED["cookie"])
    assert page["status"] == 200, "the phone's session did not survive the upgrade"
    assert page["participants"] == EXPECTED["participants"]
    assert page["photo"] == EXPECTED["media"]["photos/board.txt"]
