"""Small helpers the load benches share."""

import asyncio
import json


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
