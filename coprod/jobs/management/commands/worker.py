"""`coprod worker`: run the background tasks (imports, documents, archives) as they come.

`coprod serve` starts one by default; a server that runs it apart (e.g. under systemd) sets
COPROD_WORKER=0 for `coprod serve` and runs this command instead. Several workers may share a
database, each with its own `--worker-id`. `coprod serve` runs its worker at a lower CPU
priority (nice 10): under systemd, give the worker's unit `Nice=10` for the same.
"""

import socket

from django.core.management import call_command
from django.core.management.base import BaseCommand

from ... import daily, heartbeat
from ...recovery import requeue_interrupted


class Command(BaseCommand):
    help = "Run the background tasks: imports, restitution documents, archives."

    def add_arguments(self, parser):
        parser.add_argument(
            "--worker-id",
            default=socket.gethostname()[:64],
            help="this worker's name, the same across its restarts and unique among the "
            "workers of a database (default: the host name)",
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between looks for new tasks"
        )

    def handle(self, *args, worker_id, interval, verbosity, **options):
        # A task this worker was running when it stopped (a laptop closed, a restart) runs again.
        requeue_interrupted(worker_id)
        # Its sign of life for /healthz, from a side thread (coprod/jobs/heartbeat.py).
        heartbeat.start(worker_id)
        # Once a day, the retention purge (coprod/jobs/daily.py).
        daily.start()
        call_command(
            "db_worker",
            "--worker-id",
            worker_id,
            "--interval",
            str(interval),
            "--no-reload",
            "--no-startup-delay",
            verbosity=verbosity,
        )
