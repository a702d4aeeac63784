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
