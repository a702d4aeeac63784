"""`coprod backup` and `coprod restore` end to end, in subprocesses, on SQLite and PostgreSQL:
back up, wipe, restore, and find the workshop, its phones' sessions and the uploads."""

import json
import shutil
import stat

import pytest

from coprod.testing.commands import coprod, empty_postgres, instance_env, postgres_db, python

__all__ = ["postgres_db"]  # the fixture, used by name

JOIN_A_PHONE = """
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from coprod.workshops.models import Workshop
workshop = Workshop.objects.get()
phone = Client()
answer = phone.post(f"/j/{workshop.join_code}/", {"code": workshop.join_code,
    "name": "Jeanne Martin", "organisation": "", "accept_charter": "on"})
assert answer.status_code == 302, answer.status_code
default_storage.save("photos/board.txt", ContentFile(b"une photo du tableau"))
print(workshop.pk, phone.cookies["sessionid"].value, workshop.participants.count())
"""


def phone_page(env, workshop: str, cookie: str) -> dict:
    out = python(
        "import json\n"
        "from django.core.files.storage import default_storage\n"
        "from django.test import Client\n"
        "from coprod.workshops.models import Workshop\n"
        f"workshop = Workshop.objects.get(pk={workshop})\n"
        "phone = Client()\n"
        f"phone.cookies['sessionid'] = {cookie!r}\n"
        f"page = phone.get('/p/{workshop}/')\n"
        f"stranger = Client().get('/p/{workshop}/')\n"
        "print(json.dumps({'status': page.status_code, 'stranger': stranger.status_code, "
        "'participants': workshop.participants.count(), "
        "'photo': default_storage.open('photos/board.txt').read().decode()}))\n",
        env=env,
    )
    return json.loads(out)


@pytest.fixture(params=["sqlite", "postgresql"])
def instance(request, tmp_path):
    """(engine, env, wipe): a fresh instance, and how to lose its data folder and database."""
    engine = request.param
    db_name = request.getfixturevalue("postgres_db") if engine == "postgresql" else ""
    data_dir = tmp_path / "data"
    env = instance_env(data_dir, engine, db_name)

    def wipe():
        shutil.rmtree(data_dir)
        if db_name:
            empty_postgres(db_name)

    return engine, env, wipe


def test_a_restored_backup_brings_back_workshops_sessions_and_uploads(instance, tmp_path):
    _engine, env, wipe = instance
    assert coprod("migrate", "--verbosity", "0", env=env).returncode == 0
    assert coprod("demo", env=env).returncode == 0
    workshop, cookie, participants = python(JOIN_A_PHONE, env=env).split()
    before = phone_page(env, workshop, cookie)
    assert before["status"] == 200 and before["stranger"] == 302  # the session is what counts

    backup = tmp_path / "saved" / "coprod.tar.gz"
    made = coprod("backup", "--output", str(backup), env=env)
    assert made.returncode == 0, made.stderr
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600  # it holds the secret key
    wipe()

    restored = coprod("restore", str(backup), env=env)
    assert restored.returncode == 0, restored.stderr
    after = phone_page(env, workshop, cookie)
    assert after == {**before, "participants": int(participants)}
    assert after["photo"] == "une photo du tableau"

    again = coprod("restore", str(backup), env=env)
    assert again.returncode == 1
    assert "--force" in again.stderr and "Traceback" not in again.stderr
    forced = coprod("restore", str(backup), "--force", env=env)
    assert forced.returncode == 0, forced.stderr
    assert phone_page(env, workshop, cookie) == after


def test_into_a_folder_keeps_only_the_newest(tmp_path):
    env = instance_env(tmp_path / "data", "sqlite")
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a backup: left alone")
    for _ in range(3):
        done = coprod("backup", "--into", str(folder), "--keep", "2", env=env)
        assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 3 and "notes.txt" in names
    assert all(n.startswith("coprod-backup-") for n in names if n != "notes.txt")


@pytest.mark.parametrize(
    "body", [None, b"", b"not a tar at all", b"\x1f\x8b\x08\x00garbage"], ids=repr
)
def test_a_missing_or_corrupt_file_is_one_french_line(tmp_path, body):
    env = instance_env(tmp_path / "data", "sqlite")
    path = tmp_path / "backup.tar.gz"
    if body is not None:
        path.write_bytes(body)
    done = coprod("restore", str(path), env=env)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "sauvegarde" in done.stderr.lower()
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_truncated_backup_is_refused_and_changes_nothing(tmp_path):
    env = instance_env(tmp_path / "data", "sqlite")
    backup = tmp_path / "full.tar.gz"
    assert coprod("backup", "--output", str(backup), env=env).returncode == 0
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
    done = coprod("restore", str(cut), "--force", env=env)
    assert done.returncode == 1 and "Traceback" not in done.stderr


def test_a_sqlite_backup_is_not_restored_into_postgresql(tmp_path, postgres_db):
    sqlite_env = instance_env(tmp_path / "laptop", "sqlite")
    backup = tmp_path / "laptop.tar.gz"
    assert coprod("backup", "--output", str(backup), env=sqlite_env).returncode == 0
    server = instance_env(tmp_path / "server", "postgresql", postgres_db)
    done = coprod("restore", str(backup), env=server)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "SQLite" in done.stderr and "PostgreSQL" in done.stderr
    assert "coprod archive" in done.stderr


def test_a_backup_from_newer_code_is_refused_by_older_code(tmp_path):
    """A backup whose database has migrations this code lacks would be migrated wrongly."""
    from coprod.backups import fileformat

    env = instance_env(tmp_path / "data", "sqlite")
    backup = tmp_path / "today.tar.gz"
    assert coprod("backup", "--output", str(backup), env=env).returncode == 0
    unpacked = fileformat.open_into(backup, tmp_path / "unpacked")
    manifest = {**unpacked.manifest, "migrations": {"workshops": ["9999_from_the_future"]}}
    fileformat.write(backup, manifest, database=unpacked.database, secret_key=unpacked.secret_key)
    done = coprod("restore", str(backup), env=env)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "workshops.9999_from_the_future" in done.stderr


def test_an_unreachable_database_is_one_french_line(tmp_path):
    env = instance_env(tmp_path / "data", "sqlite")
    env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:9/coprod"  # nothing listens there
    done = coprod("backup", "--output", str(tmp_path / "b.tar.gz"), env=env)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "Base de données injoignable" in done.stderr
    assert not (tmp_path / "b.tar.gz").exists()


def test_a_new_backup_folder_is_private_and_an_existing_one_keeps_its_rights(tmp_path):
    env = instance_env(tmp_path / "data", "sqlite")
    new = tmp_path / "new" / "backups"
    assert coprod("backup", "--into", str(new), "--keep", "1", env=env).returncode == 0
    assert stat.S_IMODE(new.stat().st_mode) == 0o700
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o750)
    shared.chmod(0o750)  # e.g. read by the group of the job that copies it off the machine
    assert coprod("backup", "--into", str(shared), "--keep", "1", env=env).returncode == 0
    assert stat.S_IMODE(shared.stat().st_mode) == 0o750
