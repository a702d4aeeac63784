"""Running `coprod` commands as an IT person does: in a subprocess, on a data folder and a
database of the test's own."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/"
REPO = Path(__file__).resolve().parents[2]
# The caller's own instance settings stay out: each instance here is a laptop of its own.
INSTANCE_VARIABLES = {
    "DATABASE_URL",
    "SECRET_KEY",
    "COPROD_ARCHIVE_KEY",
    "COPROD_STATIC_ROOT",
    "COPROD_PUBLIC_URL",
    "COPROD_HTTPS",
    "ALLOWED_HOSTS",
}


def postgres_unreachable() -> str:
    """Why PostgreSQL cannot be reached ("" when it can): the server down or absent is a
    reason to skip; any other error of a running server fails the test instead."""
    done = subprocess.run(
        ["psql", POSTGRES_URL + "postgres", "-tAc", "SELECT 1"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode == 0:
        return ""
    if "Connection refused" in done.stderr or "No such file" in done.stderr:
        return done.stderr.strip()
    raise AssertionError(f"PostgreSQL answered with an error: {done.stderr.strip()}")


def postgres_admin(sql: str) -> None:
    subprocess.run(["psql", POSTGRES_URL + "postgres", "-qc", sql], check=True, capture_output=True)


def instance_env(data_dir: Path, engine: str, db_name: str = "") -> dict[str, str]:
    """The environment of an instance on a fresh data folder; on PostgreSQL, `db_name` (made
    empty by the caller) is its database."""
    env = {key: value for key, value in os.environ.items() if key not in INSTANCE_VARIABLES}
    env.update(
        COPROD_DATA_DIR=str(data_dir),
        PYTHONPATH=str(REPO),
        COPROD_REDIS_PREFIX=f"test-{uuid.uuid4().hex[:12]}",
    )
    if engine == "postgresql":
        env["DATABASE_URL"] = POSTGRES_URL + db_name
    return env


@pytest.fixture
def postgres_db():
    """An empty PostgreSQL database of this test's own, dropped afterwards."""
    if why := postgres_unreachable():
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}: {why}")
    name = f"coprod_backup_test_{uuid.uuid4().hex[:8]}"
    postgres_admin(f'CREATE DATABASE "{name}"')
    yield name
    # DROP DATABASE waits for every backend of the server (PostgreSQL 15's barrier): another
    # client's long query must not hang this test, at worst the database stays behind.
    subprocess.run(
        [
            "psql",
            POSTGRES_URL + "postgres",
            "-qc",
            f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
        ],
        env={**os.environ, "PGOPTIONS": "-c statement_timeout=60s"},
        capture_output=True,
        check=False,
    )


def empty_postgres(name: str) -> None:
    """Lose every table of the database, as a wiped server would."""
    subprocess.run(
        ["psql", POSTGRES_URL + name, "-qc", "DROP SCHEMA public CASCADE; CREATE SCHEMA public"],
        check=True,
        capture_output=True,
    )


def coprod(*args: str, env: dict[str, str], input_text: str | None = None):
    """`coprod ARGS` as a subprocess; returns the CompletedProcess (never raises)."""
    return _run(["-m", "coprod.cli", *args], env, input_text)


def _run(args: list[str], env: dict[str, str], input_text: str | None = None):
    return subprocess.run(
        [sys.executable, *args],
        env=env,
        capture_output=True,
        text=True,
        input=input_text,
        cwd=REPO,
        timeout=300,
        check=False,
    )


def python(code: str, *, env: dict[str, str]) -> str:
    """Run `code` in a subprocess with Django set up on that instance; returns its stdout."""
    setup = (
        "import django, os\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'coprod.settings')\n"
        "django.setup()\n"
        "from django.conf import settings\n"
        # Pages render without collected static files, as in the in-process tests.
        "settings.STORAGES = {**settings.STORAGES, 'staticfiles': {'BACKEND': "
        "'django.contrib.staticfiles.storage.StaticFilesStorage'}}\n"
    )
    done = _run(["-c", setup + code], env)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout
