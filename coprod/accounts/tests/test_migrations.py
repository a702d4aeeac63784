"""Tokens made before they could expire keep working after the upgrade, for 90 days."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("accounts", "0001_initial")]
AFTER = [("accounts", "0002_token_expiry_and_revocation")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_an_existing_token_expires_ninety_days_after_the_upgrade():
    old = migrate(BEFORE)
    user = old.get_model("accounts", "User").objects.create(username="ancien")
    old.get_model("accounts", "ApiToken").objects.create(user=user, key_hash="e" * 64)
    try:
        new = migrate(AFTER)
        token = new.get_model("accounts", "ApiToken").objects.get()
    finally:
        migrate(latest())  # whatever happened, the next test finds the current schema
    assert token.revoked_at is None
    assert abs(token.expires_at - (timezone.now() + timedelta(days=90))) < timedelta(minutes=5)
