"""What the workshop consumer asks of the server about its socket: the one hook between
coprod.realtime and the tricks of `coprod serve`.

Under the tuned application (coprod.server.tuned) a WebSocket's scope carries the server's own
`send`: the hub then sends frames with it, skipping Channels' session wrapper (it only acts on
HTTP responses), and writes ready frames straight to the connection when it can
(coprod.server.frames). Under the stock application (`COPROD_SERVER=stock`) or the test
communicator the scope has no such key, and the consumer's own `base_send` is used as is.

Django-free.
"""

from collections.abc import Awaitable, Callable

from . import frames

# Where the tuned application puts the server's send in a WebSocket's scope.
SEND_KEY = "coprod.server.send"

# A channel layer alias that is not configured: Channels then gives the consumer no layer
# (`get_channel_layer` answers None for it, as documented), so no channel and no receive loop
# per socket; the hub holds one subscription per process instead (coprod.realtime.hub).
NO_CHANNEL_LAYER = "__no_layer_per_socket__"


def writers(
    scope: dict, base_send: Callable[[dict], Awaitable]
) -> tuple[Callable[[dict], Awaitable], Callable[[bytes], bool] | None]:
    """The `send` the hub should use for this socket, and a function writing a ready frame to
    it (None: every frame goes through `send`)."""
    send = scope.get(SEND_KEY)
    if send is None:
        return base_send, None
    return send, frames.direct_writer(send)
