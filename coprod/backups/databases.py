"""Dumping and loading the database with each engine's own safe tools.

SQLite goes through its online backup API: a plain copy of a WAL database can miss the pages
still in the -wal file or catch a half-written transaction. PostgreSQL goes through pg_dump's
custom format and pg_restore.
"""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection


class DatabaseToolError(Exception):
    """pg_dump or pg_restore failed, or is not installed: `detail` is their last words."""


def engine() -> str:
    vendor = connection.vendor
    return "postgresql" if vendor == "postgresql" else vendor


def dump(target: Path) -> None:
    if engine() == "sqlite":
        _sqlite_copy(Path(connection.settings_dict["NAME"]), target, standalone=True)
    else:
        _run_pg(["pg_dump", "--format=custom", f"--file={target}"])


def load(source: Path) -> None:
    """Replace the whole database by the dumped one (nothing of the current one is kept)."""
    if engine() == "sqlite":
        connection.close()
        _sqlite_copy(source, Path(connection.settings_dict["NAME"]))
        return
    # Tables that a newer code added (a rollback) would survive --clean and block migrate.
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
    connection.close()
    _run_pg(["pg_restore", "--clean", "--if-exists", "--no-owner", "--exit-on-error", str(source)])


def _sqlite_copy(source: Path, target: Path, *, standalone: bool = False) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(target, timeout=20)
    except sqlite3.Error as error:
        raise DatabaseToolError(str(error)) from None
    try:
        src.backup(dst)
        if standalone:  # one self-contained file in the backup, no -wal beside it
            dst.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as error:  # e.g. "database is locked": a server still runs
        raise DatabaseToolError(str(error)) from None
    finally:
        src.close()
        dst.close()


def _run_pg(command: list[str]) -> None:
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, variable in (
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    if command[0] == "pg_restore":
        command.insert(1, f"--dbname={db['NAME']}")
    try:
        done = subprocess.run(
            [*command, "--no-password"], env=env, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise DatabaseToolError(f"{command[0]} not found") from None
    if done.returncode != 0:
        raise DatabaseToolError(done.stderr.strip()[-2000:] or f"{command[0]} failed")
