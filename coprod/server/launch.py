"""The uvicorn options of `coprod serve`, in both modes (COPROD_SERVER).

- tuned (default): coprod.server.tuned, built by uvicorn's factory once per server process;
- stock: the plain `coprod.asgi:application` (Django's ASGI handler and Channels).

Both use the same public uvicorn options: the sans-I/O WebSocket protocol without compression,
the connection limit (COPROD_MAX_CONNECTIONS), the proxies believed (COPROD_TRUSTED_PROXIES) and
the request-head timeout (COPROD_HEADER_TIMEOUT, coprod.server.protocols).

Django-free: `coprod serve` reads it before anything is served, nothing here imports Django.
"""

from coprod import config

# The sans-I/O protocol, whose connection state coprod.server.frames reads to write ready frames;
# no per-message deflate: it doubles the CPU cost of small frames for little gain.
WEBSOCKET_OPTIONS = {"ws": "websockets-sansio", "ws_per_message_deflate": False}

APPLICATIONS = {
    "tuned": {"app": "coprod.server.tuned:create_application", "factory": True},
    "stock": {"app": "coprod.asgi:application"},
}


def uvicorn_options() -> dict:
    """What `uvicorn.run` gets besides host, port, workers and logging; ValueError naming the
    environment variable when one is wrong."""
    proxies = config.trusted_proxies()
    config.header_timeout()  # read again by each server process: a typo fails here, once
    return {
        **APPLICATIONS[config.server_mode()],
        "http": "coprod.server.protocols:HeaderTimeoutProtocol",
        "limit_concurrency": config.max_connections(),
        # X-Forwarded-For and -Proto believed from the proxies named only. With none, uvicorn's
        # proxy middleware is off, so neither its default (127.0.0.1) nor FORWARDED_ALLOW_IPS
        # can make a local proxy's forwarded client address count.
        "proxy_headers": bool(proxies),
        "forwarded_allow_ips": proxies,
        **WEBSOCKET_OPTIONS,
    }
