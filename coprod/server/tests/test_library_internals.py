"""Every private attribute coprod/server/ reads of another library is still there.

The tuned server relies on parts of uvicorn, asgiref and Django's Redis backend that are not
their public API; pyproject caps each below its next minor version. When an upgrade removes
one, these tests say which attribute of which library at which version, and which module reads
it, instead of a slower server or a socket that silently stops getting frames.
"""

import asyncio
import inspect
from importlib.metadata import version

import pytest
from asgiref.sync import AsyncToSync, SyncToAsync
from channels.layers import get_channel_layer
from django.core.cache.backends import redis as django_redis
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from websockets.asyncio.client import connect
from websockets.protocol import State

from coprod.server import sockets
from coprod.server.cache import RedisCache
from coprod.server.launch import WEBSOCKET_OPTIONS

from .test_frames import serve_one_socket


def require(thing, name: str, library: str, reader: str) -> None:
    what = thing.__name__ if isinstance(thing, type) else type(thing).__name__
    assert hasattr(thing, name), (
        f"{library} {version(library)}: {what} has no attribute {name!r} any more, which "
        f"{reader} reads. Adapt that module before raising the cap on {library} in "
        "pyproject.toml."
    )


@pytest.mark.asyncio
async def test_uvicorn_websocket_protocol_has_what_the_direct_writer_reads():
    seen = {}

    async def app(scope, receive, send):
        await receive()
        await send({"type": "websocket.accept"})
        seen["send"] = send
        await receive()

    server, task, url = await serve_one_socket(app, **WEBSOCKET_OPTIONS)
    try:
        async with connect(url, compression=None):
            while "send" not in seen:
                await asyncio.sleep(0.01)
            send = seen["send"]
            require(send, "__self__", "uvicorn", "coprod/server/frames.py (the protocol of send)")
            protocol = send.__self__
            for name in ("conn", "transport", "writable", "close_sent"):
                require(protocol, name, "uvicorn", "coprod/server/frames.py")
            for name in ("state", "extensions"):
                require(protocol.conn, name, "websockets", "coprod/server/frames.py")
            assert protocol.conn.state is State.OPEN
            assert isinstance(protocol.writable, asyncio.Event)
    finally:
        server.should_exit = True
        await task


@pytest.mark.asyncio
async def test_uvicorn_http_protocol_has_what_the_header_timeout_overrides():
    for name in ("connection_made", "connection_lost", "on_headers_complete"):
        require(HttpToolsProtocol, name, "uvicorn", "coprod/server/protocols.py")
    require(HttpToolsProtocol, "on_response_complete", "uvicorn", "coprod/server/protocols.py")

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    server, task, url = await serve_one_socket(app, http=HttpToolsProtocol)
    port = server.config.port
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        assert (await reader.readuntil(b"\r\n\r\n")).startswith(b"HTTP/1.1 204")
        (protocol,) = server.server_state.connections
        for name in ("loop", "transport", "cycle"):
            require(protocol, name, "uvicorn", "coprod/server/protocols.py")
        require(protocol.cycle, "response_complete", "uvicorn", "coprod/server/protocols.py")
        assert protocol.cycle.response_complete
        writer.close()
    finally:
        server.should_exit = True
        await task


def test_asgiref_still_reads_the_thread_local_the_request_threads_write():
    require(SyncToAsync, "threadlocal", "asgiref", "coprod/server/request_threads.py")
    source = inspect.getsource(AsyncToSync)
    for name in ("main_event_loop", "main_event_loop_pid"):
        assert f'SyncToAsync.threadlocal, "{name}"' in source, (
            f"asgiref {version('asgiref')}: AsyncToSync no longer reads "
            f"SyncToAsync.threadlocal.{name}, which coprod/server/request_threads.py sets so "
            "that a view's async_to_sync runs on the serving loop."
        )


def test_django_redis_backend_has_what_the_tuned_cache_overrides():
    cache = RedisCache("redis://127.0.0.1:1/0", {})  # no connection is made here
    require(cache, "_class", "django", "coprod/server/cache.py")
    client = django_redis.RedisCacheClient(["redis://127.0.0.1:1/0"])
    for name in ("_get_connection_pool", "_client"):
        require(client, name, "django", "coprod/server/cache.py")
    reused = cache._cache
    assert reused.get_client() is reused.get_client(write=True)  # one client per pool


def test_channels_gives_no_layer_for_an_alias_that_is_not_configured():
    """Documented ("None if it is not configured"): the consumer gets no channel per socket."""
    assert get_channel_layer(sockets.NO_CHANNEL_LAYER) is None, (
        f"channels {version('channels')}: get_channel_layer() no longer answers None for an "
        "alias that is not configured (coprod/server/sockets.py)"
    )
