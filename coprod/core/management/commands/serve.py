"""Migrate, then serve HTTP and WebSockets with uvicorn, and run the background worker beside."""

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys

import uvicorn
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from coprod.config import env_bool, http_threads
from coprod.server import launch

# The worker's CPU priority below the server's: the phones' pages come first (bench/README.md).
WORKER_NICENESS = 10
PR_SET_PDEATHSIG = 1


def _prepare_worker() -> None:
    """In the worker's process, before it runs: a lower priority, and the kernel stops it when
    `coprod serve` dies, even by kill -9, so no orphan keeps a laptop's database busy."""
    os.nice(WORKER_NICENESS)
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def start_worker(port: int) -> subprocess.Popen:
    """`coprod worker` as a child process, niced, named after this host and port so that after
    a restart it takes up again the task it was running."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "coprod.cli",
            "worker",
            "--worker-id",
            f"{socket.gethostname()}:{port}"[-64:],
            "--verbosity",
            "0",
        ],
        preexec_fn=_prepare_worker,  # noqa: PLW1509 (no thread runs yet in this process)
    )


class Command(BaseCommand):
    help = "Migrate the database, then serve the site and its WebSockets."

    def add_arguments(self, parser):
        parser.add_argument(
            "--host", default="127.0.0.1", help="0.0.0.0 to serve a village-hall LAN"
        )
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="server processes (more than one needs REDIS_URL so they share events); "
            "default: 2 with REDIS_URL, else 1",
        )
        parser.add_argument("--no-migrate", action="store_true")
        parser.add_argument(
            "--no-worker",
            action="store_true",
            default=not env_bool("COPROD_WORKER", default=True),
            help="do not start the background worker (run `coprod worker` apart); "
            "also COPROD_WORKER=0",
        )

    def handle(self, *args, host, port, workers, no_migrate, no_worker, **options):
        if workers is None:
            # Django views hold the GIL, so one process uses one core: with Redis sharing the
            # events, a second process can use the second core of a small server. Without
            # Redis one process must see every event.
            workers = 2 if settings.REDIS_URL else 1
        if workers > 1 and not settings.REDIS_URL:
            raise CommandError(
                "Several workers need REDIS_URL: without it each process "
                "would only see its own events."
            )
        try:
            http_threads()  # read again by each server process: a typo fails here, once
            options = launch.uvicorn_options()
        except ValueError as error:
            raise CommandError(str(error)) from error
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic_if_changed", stdout=self.stdout)
        self.stdout.write(f"coprod: http://{host}:{port}/  (Ctrl+C to stop)")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings")
        worker = None if no_worker else start_worker(port)
        try:
            self._serve(host, port, workers, options)
        finally:
            if worker is not None:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()

    def _serve(self, host, port, workers, options):
        uvicorn.run(
            # The application of COPROD_SERVER and its connection settings (coprod/server/).
            **options,
            host=host,
            port=port,
            workers=workers,
            # uvicorn's loggers go through settings.LOGGING (log_config=None: uvicorn keeps its
            # hands off it), from WARNING up; the access lines are coprod's own
            # (coprod.core.access: with the request id, without the query string).
            log_config=None,
            log_level="warning",
            access_log=False,
            lifespan="off",
        )
