"""`coprod healthcheck`: the checks of /healthz, for systemd, compose and a person at a terminal.

Without --url the checks run here, in this process (the database, Redis and data folder of this
machine's configuration); with --url it asks a running server. --wait tries again every second
until healthy or the time is up: systemd's ExecStartPost uses it to know that the port serves.
"""

import json
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.http.request import split_domain_port, validate_host
from django.utils.translation import gettext as _

from ... import checks, report

FETCH_SECONDS = 5.0


def fetch(url: str) -> dict:
    """/healthz's JSON from `url`; a 503 carries it too. A server that coprod's own settings
    restrict to its public name is asked under that name (a local probe uses 127.0.0.1)."""
    headers = {"Accept": "application/json"}
    host = urlsplit(url).netloc
    allowed = settings.ALLOWED_HOSTS
    if not validate_host(split_domain_port(host)[0], allowed) and allowed:
        headers["Host"] = allowed[0].lstrip(".")
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (the operator's URL)
    try:
        with urllib.request.urlopen(request, timeout=FETCH_SECONDS) as response:  # noqa: S310
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        if error.code == 503:
            return json.loads(error.read())
        raise


def healthy(state: dict, strict: bool) -> bool:
    return state["status"] == checks.OK or (not strict and state["status"] == checks.DEGRADED)


class Command(BaseCommand):
    help = "Check the database, cache, real-time layer, worker and disk space (as /healthz)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url", help="a running server's /healthz, e.g. http://127.0.0.1:8001/healthz"
        )
        parser.add_argument(
            "--wait",
            type=float,
            default=0,
            metavar="SECONDS",
            help="try again every second until healthy or SECONDS have passed",
        )
        parser.add_argument(
            "--strict", action="store_true", help="degraded counts as unhealthy (exit 1)"
        )

    def handle(self, *args, url, wait, strict, **options):
        deadline = time.monotonic() + wait
        while True:
            state, problem = self._state(url)
            if state is not None and healthy(state, strict):
                break
            if time.monotonic() >= deadline:
                break
            time.sleep(1)
        if state is None:
            raise CommandError(problem, returncode=1)
        for line in report.lines(state):
            self.stdout.write(line)
        if not healthy(state, strict):
            raise CommandError(_("coprod n'est pas en état de servir."), returncode=1)

    def _state(self, url: str | None) -> tuple[dict | None, str]:
        if not url:
            return checks.run_all(), ""
        try:
            return fetch(url), ""
        except (OSError, ValueError) as error:
            reason = getattr(error, "reason", None) or type(error).__name__
            return None, _("Pas de réponse de %(url)s (%(reason)s).") % {
                "url": url,
                "reason": reason,
            }
