"""The tuned application `coprod serve` runs by default (COPROD_SERVER=tuned): Django's HTTP side
as plain WSGI calls on a few request threads, the WebSockets exactly as in coprod.asgi.

Why not Django's ASGI handler for HTTP: every view and middleware here is synchronous, and under
ASGI each request gets a fresh thread plus several sync/async hops through the event loop. Those
hops wait behind the live fan-out (a step change writes to hundreds of sockets), and the thread
start-up alone costs more than a small view. Here a request is one hop to a long-lived request
thread (coprod.server.request_threads) that runs the whole Django request, then one write from
the loop.

Importing this module changes nothing: uvicorn calls `create_application` (`factory=True`) once
in each server process; it prepares the process (persistent database connections, the garbage
collector's frozen generation, a core when COPROD_PIN_CORE=1) and builds the application.
"""

import gc
import sys
import tempfile

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.urls import get_resolver

from coprod import config
from coprod.core import request_body
from coprod.core.access import SCOPE_KEY, RequestLog
from coprod.core.logs import request_id

from . import sockets
from .cores import claim_core
from .request_threads import RequestThreads


def keep_database_connections() -> None:
    """Settings turn persistent database connections off because Django's ASGI handler runs
    each request in a fresh thread. Here every thread lives as long as the process (the request
    threads, channels' one sync thread), so keep them: a connect per request is a large share of
    a small view, and on SQLite closing the last connection also checkpoints the WAL."""
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 300


def freeze_long_lived_objects() -> None:
    """Hide what lives as long as the process (modules, settings, every view and URL pattern)
    from the garbage collector: otherwise each full collection walks all of it, a pause of tens
    of milliseconds that every request in flight waits through (bench: API p99 121 -> 65 ms)."""
    get_resolver().url_patterns  # noqa: B018  (imports every view module now)
    gc.collect()
    gc.freeze()


def create_application() -> "TunedApplication":
    """uvicorn's application factory: called once in each server process, before it serves."""
    from coprod.asgi import application as asgi_application  # sets Django up

    keep_database_connections()
    from coprod.accounts.services import signed_in  # models: once Django is set up

    wsgi = WSGIHandler()
    freeze_long_lived_objects()
    # One core per process (see coprod.server.cores for why), when asked for.
    if config.env_bool("COPROD_PIN_CORE"):
        claim_core(config.data_dir() / "cores")
    return TunedApplication(
        asgi_application, wsgi, RequestThreads(config.http_threads()), signed_in
    )


def environ_for(scope: dict, body) -> dict:
    """The WSGI environ of an ASGI HTTP request (PEP 3333 strings: latin-1 "bytes as str")."""
    server = scope.get("server") or ("localhost", 80)
    environ = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": scope.get("root_path", "").encode().decode("latin-1"),
        "PATH_INFO": scope["path"].encode().decode("latin-1"),
        "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "SERVER_NAME": server[0],
        "SERVER_PORT": str(server[1] or 80),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": body,
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if client := scope.get("client"):
        environ["REMOTE_ADDR"], environ["REMOTE_PORT"] = client[0], str(client[1])
    for raw_name, raw_value in scope.get("headers", []):
        name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
        if name == "content-length":
            key = "CONTENT_LENGTH"
        elif name == "content-type":
            key = "CONTENT_TYPE"
        else:
            key = "HTTP_" + name.upper().replace("-", "_")
        if key in environ:
            value = environ[key] + ("; " if key == "HTTP_COOKIE" else ",") + value
        environ[key] = value
    if "CONTENT_LENGTH" not in environ:  # a chunked body: Django reads as much as it is told
        environ["CONTENT_LENGTH"] = str(body.seek(0, 2))
        body.seek(0)
    return environ


def run_wsgi(wsgi: WSGIHandler, scope: dict, body) -> tuple[int, list, bytes]:
    """The whole Django request, in a request thread: status, headers and the complete body."""
    started: list = []
    chunks: list[bytes] = []

    def start_response(status, headers, exc_info=None):
        started[:] = [int(status.split(" ", 1)[0]), headers]
        return chunks.append

    # This thread does not run in the request's context: the request id is set here for the
    # log lines the view writes (coprod.core.logs).
    token = request_id.set(scope.get(SCOPE_KEY, "-"))
    try:
        result = wsgi(environ_for(scope, body), start_response)
        try:
            chunks.extend(result)
        finally:
            if hasattr(result, "close"):
                result.close()  # fires request_finished: Django closes the database connection
    finally:
        request_id.reset(token)
    status, headers = started
    encoded = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers]
    return status, encoded, b"".join(chunks)


class TunedApplication:
    def __init__(self, asgi_application, wsgi: WSGIHandler, request_threads, signed_in):
        self.asgi_application = asgi_application
        self.wsgi = wsgi
        self.request_threads = request_threads
        self.signed_in = signed_in  # accounts.services.signed_in, imported once Django is set up
        # The WebSockets are logged by coprod.asgi's application, the HTTP requests here.
        self.logged_http = RequestLog(self.http)

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            return await self.logged_http(scope, receive, send)
        if scope["type"] == "websocket":
            # The hub's fan-out writes with the server's own send (coprod.server.sockets).
            scope = {**scope, sockets.SEND_KEY: send}
        return await self.asgi_application(scope, receive, send)

    async def http(self, scope, receive, send):
        with tempfile.SpooledTemporaryFile(max_size=request_body.IN_MEMORY) as body:
            if not await request_body.read_body(scope, receive, send, body, self.signed_in_account):
                return
            status, headers, content = await self.request_threads.run(
                run_wsgi, self.wsgi, scope, body
            )
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": content})

    async def signed_in_account(self, session_key: str, bearer: str) -> bool:
        return await self.request_threads.run(self.signed_in, session_key, bearer)
