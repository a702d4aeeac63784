"""Start real `coprod serve` processes for browser tests, multi-process tests and benchmarks.

Each run gets its own data folder, and on PostgreSQL its own database, so it never touches the
developer's data nor the pytest test database.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import http.client
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _postgres_admin(url: str, sql: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql)


@dataclass
class ServerSet:
    """One database and data folder shared by one or more server processes."""

    env: dict[str, str]
    data_dir: Path
    processes: list[subprocess.Popen] = field(default_factory=list)
    ports: list[int] = field(default_factory=list)
    workers: list[int] = field(default_factory=list)
    _db_name: str | None = None
    _tmp: tempfile.TemporaryDirectory | None = None

    @property
    def urls(self) -> list[str]:
        return [f"http://127.0.0.1:{p}" for p in self.ports]

    def manage(self, *args: str) -> str:
        """Run a `coprod` management command against this set's database."""
        out = subprocess.run(
            [sys.executable, "-m", "coprod.cli", *args],
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        return out.stdout

    def start(self, count: int = 1, workers: int = 1, port: int | None = None) -> ServerSet:
        """`count` server processes; `port` chooses the one's port beforehand (a single
        sign-on provider must know coprod's address before coprod starts)."""
        assert port is None or count == 1
        for _ in range(count):
            chosen = port or free_port()
            self.processes.append(self._spawn(chosen, workers))
            self.ports.append(chosen)
            self.workers.append(workers)
            wait_until_up(f"http://127.0.0.1:{chosen}/", self.processes[-1])
        return self

    def _spawn(self, port: int, workers: int) -> subprocess.Popen:
        log = open(self.data_dir / f"server-{port}.log", "a")  # noqa: SIM115
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "coprod.cli",
                "serve",
                "--no-migrate",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def restart(self, while_down: Callable[[], object] | None = None) -> ServerSet:
        """Stop every server process, run `while_down`, start them again on the same ports.

        Browsers and socket clients keep their URLs: this is a restart as a site sees it.
        """
        ports, workers = list(self.ports), list(self.workers)
        self.stop_servers()
        if while_down is not None:
            while_down()
        for port, count in zip(ports, workers, strict=True):
            self.processes.append(self._spawn(port, count))
            self.ports.append(port)
            self.workers.append(count)
        for port, proc in zip(self.ports, self.processes, strict=True):
            wait_until_up(f"http://127.0.0.1:{port}/", proc)
        return self

    def stop_servers(self) -> None:
        for proc in self.processes:
            proc.terminate()
        for proc in self.processes:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.processes.clear()
        self.ports.clear()
        self.workers.clear()

    def wipe(self) -> None:
        """Lose everything, as a dead disk would: an empty database, an empty data folder."""
        self.stop_servers()
        if self._db_name:
            _postgres_admin(
                self.env["DATABASE_URL"], f'DROP DATABASE IF EXISTS "{self._db_name}" WITH (FORCE)'
            )
            _postgres_admin(self.env["DATABASE_URL"], f'CREATE DATABASE "{self._db_name}"')
        for child in self.data_dir.iterdir():
            shutil.rmtree(child) if child.is_dir() else child.unlink()

    def close(self) -> None:
        self.stop_servers()
        if self._db_name:
            with contextlib.suppress(Exception):
                _postgres_admin(
                    self.env["DATABASE_URL"],
                    f'DROP DATABASE IF EXISTS "{self._db_name}" WITH (FORCE)',
                )
        if self._tmp:
            self._tmp.cleanup()


def _answers(url: str) -> bool:
    """Whether the server answers `url` without an error; a redirect counts (with
    COPROD_HTTPS=1, plain http is sent to https, which no test server speaks)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=1)
    try:
        connection.request("GET", parts.path or "/")
        return connection.getresponse().status < 500
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with code {proc.returncode}")
        if _answers(url):
            return
        time.sleep(0.1)
    raise RuntimeError(f"server at {url} did not answer within {timeout}s")


# Collected static files, one folder for every server a checkout's tests and benchmarks start:
# collecting takes seconds, and `coprod serve` skips it while the sources are unchanged, so
# only the first server after a change of the static files pays it (coprod/core/storage.py).
SHARED_STATIC = Path(tempfile.gettempdir()) / (
    "coprod-static-" + hashlib.sha256(str(Path(__file__).resolve()).encode()).hexdigest()[:12]
)
_static_ready: set[str] = set()


def _collect_static(env: dict[str, str]) -> None:
    """Collect the static files into the servers' shared folder, once per test process, before
    any server starts (servers started together would all wait for the first one's lock)."""
    root = env["COPROD_STATIC_ROOT"]
    if root not in _static_ready:
        subprocess.run(
            [sys.executable, "-m", "coprod.cli", "collectstatic_if_changed", "--verbosity", "0"],
            env=env,
            check=True,
        )
        _static_ready.add(root)


def prepare(*, redis: bool = False, extra_env: dict[str, str] | None = None) -> ServerSet:
    """A fresh database and data folder, migrated (a copy of a template migrated once per test
    process); servers are started with `.start()`.

    Follows the caller's DATABASE_URL (a new database beside it on PostgreSQL, else SQLite) and
    uses REDIS_URL (or the local Redis) when `redis` is true.
    """
    tmp = tempfile.TemporaryDirectory(prefix="coprod-srv-")
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
    env.update({"COPROD_DATA_DIR": tmp.name, "DEBUG": "0", "PYTHONUNBUFFERED": "1"})
    env["COPROD_STATIC_ROOT"] = str(SHARED_STATIC)
    env.update(extra_env or {})
    db_name = None
    if env.get("DATABASE_URL", "").startswith("postgres"):
        db_name = f"coprod_srv_{uuid.uuid4().hex[:10]}"
        template = _migrated_template(env)
        _postgres_admin(env["DATABASE_URL"], f'CREATE DATABASE "{db_name}" TEMPLATE "{template}"')
        env["DATABASE_URL"] = urlunsplit(urlsplit(env["DATABASE_URL"])._replace(path=f"/{db_name}"))
    else:
        env.pop("DATABASE_URL", None)
    if redis:
        env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
        env["COPROD_REDIS_PREFIX"] = f"coprod-{uuid.uuid4().hex[:8]}"
    else:
        env.pop("REDIS_URL", None)
    servers = ServerSet(env=env, data_dir=Path(tmp.name), _db_name=db_name, _tmp=tmp)
    if not db_name:
        # The backup API, not a file copy: it reads a consistent database through SQLite.
        with (
            contextlib.closing(sqlite3.connect(_migrated_template(env))) as source,
            contextlib.closing(sqlite3.connect(servers.data_dir / "coprod.sqlite3")) as copy,
        ):
            source.backup(copy)
    _collect_static(env)
    return servers


# The migrated database every server set starts from, made once per test process: migrating
# takes seconds, copying it a fraction of one, and a run prepares dozens of sets.
_templates: dict[str, str] = {}


def _migrated_template(env: dict[str, str]) -> str:
    """A database `coprod migrate` has just migrated, for `env`'s DATABASE_URL (a PostgreSQL
    template database's name) or for SQLite (the file's path); removed when the tests end."""
    url = env.get("DATABASE_URL", "")
    if url in _templates:
        return _templates[url]
    folder = tempfile.mkdtemp(prefix="coprod-template-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    env = {**env, "COPROD_DATA_DIR": folder}
    template = str(Path(folder) / "coprod.sqlite3")
    if url:
        template = f"coprod_tpl_{uuid.uuid4().hex[:10]}"
        _postgres_admin(url, f'CREATE DATABASE "{template}"')
        atexit.register(_postgres_admin, url, f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
        env["DATABASE_URL"] = urlunsplit(urlsplit(url)._replace(path=f"/{template}"))
    subprocess.run(
        [sys.executable, "-m", "coprod.cli", "migrate", "--verbosity", "0"], env=env, check=True
    )
    _templates[url] = template
    return template
