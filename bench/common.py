"""Small helpers the load benches share."""

import asyncio
import json
import os


def run_fast(coroutine):
    """Run the load generator's coroutine on uvloop when installed (a cheaper client)."""
    try:
        import uvloop

        runner = asyncio.Runner(loop_factory=uvloop.new_event_loop)
    except ImportError:
        runner = asyncio.Runner()
    with runner:
        return runner.run(coroutine)


def shell_json(servers, code: str):
    """Run Python in the server's own Django (`coprod shell -c`) and read its last printed line
    as JSON: the bench never touches the server's database from its own process."""
    return json.loads(servers.manage("shell", "-c", code).strip().splitlines()[-1])


# A load test is not a village hall: its thousand phones join from one address within seconds,
# past the per-address cap on code look-ups (coprod/participants/ratelimit.py).
LOAD_ENV = {"COPROD_JOIN_LOOKUPS_PER_MINUTE": "1000000"}


def expect_everyone(servers, workshop_id: int) -> None:
    """Let every simulated phone in at once: past the workshop's expected head count (60 by
    default) they would wait for a facilitator's approval."""
    shell_json(
        servers,
        "from coprod.workshops.models import Workshop; "
        f"Workshop.objects.filter(pk={int(workshop_id)}).update(expected_participants=100_000); "
        "print('{}')",
    )


def setup_django(data_dir: str) -> None:
    """Django in this process on a fresh SQLite database in `data_dir`, the in-memory channel
    layer (`DATABASE_URL` and `REDIS_URL` ignored: never your data), migrated."""
    os.environ["COPROD_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "coprod.settings"
    os.environ["DEBUG"] = "0"
    for name in ("DATABASE_URL", "REDIS_URL"):
        os.environ.pop(name, None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
