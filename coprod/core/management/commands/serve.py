"""Migrate, then serve HTTP and WebSockets with uvicorn."""

import os

import uvicorn
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from coprod.config import http_threads

# The sans-I/O protocol, whose connection state coprod.realtime.frames reads to write ready
# frames; no per-message deflate: it doubles the CPU cost of small frames for little gain.
WEBSOCKET_OPTIONS = {"ws": "websockets-sansio", "ws_per_message_deflate": False}


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

    def handle(self, *args, host, port, workers, no_migrate, **options):
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
        except ValueError as error:
            raise CommandError(str(error)) from error
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"coprod: http://{host}:{port}/  (Ctrl+C to stop)")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings")
        uvicorn.run(
            # HTTP on a few request threads, WebSockets as in coprod.asgi (see coprod/serving.py).
            "coprod.serving:application",
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            # Access lines are info, below that level: uvicorn would still build each one.
            access_log=False,
            lifespan="off",
            **WEBSOCKET_OPTIONS,
        )
