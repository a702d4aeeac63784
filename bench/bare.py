"""The baseline: a bare `websockets` broadcast server, no Django, no database, no channel layer.

Every WebSocket client is a listener. `GET /publish?seq=N` (a plain HTTP request, like coprod's
step-change API call) broadcasts one text frame of --size bytes carrying `"step":N` to all of them.

    python -m bench.bare --port 8765 --size 1500
"""

from __future__ import annotations

import argparse
import asyncio
import json
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

from websockets.asyncio.server import broadcast, serve

CLIENTS: set = set()


def frame(seq: int, size: int) -> str:
    head = json.dumps({"type": "step.changed", "data": {"step": seq}}, separators=(",", ":"))
    pad = max(0, size - len(head) - len(',"pad":""'))
    return head[:-1] + ',"pad":"' + "x" * pad + '"}'


async def main(port: int, size: int, seconds: float) -> None:
    def process_request(connection, request):
        url = urlsplit(request.path)
        if url.path != "/publish":
            return None
        seq = int(parse_qs(url.query).get("seq", ["0"])[0])
        broadcast(CLIENTS, frame(seq, size))
        return connection.respond(HTTPStatus.OK, "ok")

    async def handler(ws):
        CLIENTS.add(ws)
        try:
            await ws.wait_closed()
        finally:
            CLIENTS.discard(ws)

    async with serve(
        handler,
        "127.0.0.1",
        port,
        process_request=process_request,
        compression=None,
        max_queue=None,
    ):
        print("ready", flush=True)
        await asyncio.sleep(seconds)  # bounded: stops by itself


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--size", type=int, default=1500)
    parser.add_argument("--seconds", type=float, default=1800)
    args = parser.parse_args()
    asyncio.run(main(args.port, args.size, args.seconds))
