"""Ready frames written straight to the connection, on a real uvicorn with `coprod serve`'s
WebSocket options and a real websockets client: the client reads exactly the text, in order with
frames sent the regular way, and a closed or compressed connection falls back to `send`."""

import asyncio

import pytest
import uvicorn
from websockets.asyncio.client import connect

from coprod.core.testserver import free_port
from coprod.server import frames
from coprod.server.launch import WEBSOCKET_OPTIONS

STEP = "Séquence 2 sur 9 — Tour de table ✓ <b>"


async def serve_one_socket(app, **options):
    """Start uvicorn with `app` on a free port: the server, its task and the WebSocket URL."""
    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", lifespan="off", **options
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.01)
    return server, task, f"ws://127.0.0.1:{port}/"


@pytest.mark.asyncio
async def test_a_ready_frame_reaches_the_client_in_order():
    seen = {}

    async def app(scope, receive, send):
        await receive()  # websocket.connect
        await send({"type": "websocket.accept"})
        write = frames.direct_writer(send)
        seen["wrote"] = write is not None and write(frames.text_frame(STEP))
        await send({"type": "websocket.send", "text": "sent the regular way"})
        seen["wrote_again"] = write(frames.text_frame("the third frame"))
        await receive()  # websocket.disconnect
        seen["wrote_after_close"] = write(frames.text_frame("too late"))

    server, task, url = await serve_one_socket(app, **WEBSOCKET_OPTIONS)
    try:
        async with connect(url, compression=None) as client:
            received = [await client.recv() for _ in range(3)]
        await asyncio.sleep(0.2)  # the server reads the close
    finally:
        server.should_exit = True
        await task
    assert received == [STEP, "sent the regular way", "the third frame"]
    assert seen == {"wrote": True, "wrote_again": True, "wrote_after_close": False}


@pytest.mark.asyncio
async def test_a_compressed_connection_goes_through_send():
    seen = {}

    async def app(scope, receive, send):
        await receive()
        await send({"type": "websocket.accept"})
        seen["wrote"] = frames.direct_writer(send)(frames.text_frame(STEP))
        await send({"type": "websocket.send", "text": STEP})
        await receive()

    server, task, url = await serve_one_socket(
        app, **{**WEBSOCKET_OPTIONS, "ws_per_message_deflate": True}
    )
    try:
        async with connect(url, compression="deflate") as client:
            assert await client.recv() == STEP
    finally:
        server.should_exit = True
        await task
    assert seen == {"wrote": False}


def test_other_servers_have_no_direct_writer():
    """The test communicator's `send` (or any other server's) is used as it is."""

    async def send(message):
        return None

    assert frames.direct_writer(send) is None
