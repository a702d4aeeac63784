"""Every user-facing command on a fresh, empty data folder: the first commands of a laptop
migrate the database themselves, the others say in one French line what to run; none ends in
a traceback (issue 19, item 6)."""

import pytest

from coprod.testing.commands import coprod, instance_env, postgres_db

__all__ = ["postgres_db"]  # the fixture, used by name

TELL = "lancez d'abord « coprod migrate »"
MIGRATED = "Base de données préparée"


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["demo"], 0, "Atelier de démonstration"),
        (["createsuperuser", "--noinput"], 0, "Superuser created"),
        (["archive", "export", "1", "--output", "{tmp}/a.zip"], 1, "Aucun atelier n° 1"),
        (["archive", "import", "{tmp}/missing.zip"], 1, ""),
        (["token", "admin"], 1, TELL),
        (["report", "1", "--format", "md", "--output", "{tmp}/r.md"], 1, TELL),
        (["worker", "--help"], 0, "--worker-id"),
        (["tally", "{tmp}/votes.json"], None, ""),
        (["group", "{tmp}/proposals.txt", "--k", "1"], 0, ""),
        (["backup", "--output", "{tmp}/b.tar.gz"], 0, "Sauvegarde écrite"),
        (["check"], 0, ""),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else None,
)
def test_a_command_on_a_fresh_data_folder(tmp_path, args, code, says):
    env = instance_env(tmp_path / "data", "sqlite")
    env.update(
        DJANGO_SUPERUSER_USERNAME="admin",
        DJANGO_SUPERUSER_PASSWORD="un mot de passe long",
        DJANGO_SUPERUSER_EMAIL="admin@example.fr",
    )
    (tmp_path / "votes.json").write_text('{"method": "approval", "ballots": []}')
    (tmp_path / "proposals.txt").write_text("Un bus le samedi\nDes vélos à la gare\n")
    done = coprod(*(a.replace("{tmp}", str(tmp_path)) for a in args), env=env)
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    if code is not None:
        assert done.returncode == code, done.stderr[-2000:]
    if done.returncode != 0:  # one line saying why, after the one saying it migrated
        said = [line for line in done.stderr.splitlines() if line and MIGRATED not in line]
        assert len(said) == 1, done.stderr
    assert says in done.stdout + done.stderr


def test_a_migrated_database_is_not_told_to_migrate(tmp_path):
    env = instance_env(tmp_path / "data", "sqlite")
    assert coprod("migrate", "--verbosity", "0", env=env).returncode == 0
    done = coprod("token", "nobody", env=env)
    assert done.returncode == 1 and "coprod migrate" not in done.stderr
    assert "nobody" in done.stderr


def test_the_demo_on_an_empty_postgresql_database(tmp_path, postgres_db):
    env = instance_env(tmp_path / "data", "postgresql", postgres_db)
    done = coprod("demo", env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Atelier de démonstration" in done.stdout
