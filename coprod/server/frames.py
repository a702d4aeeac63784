"""One WebSocket text frame built once per message and written as is to every socket.

A server's frames are not masked and `coprod serve` turns compression off, so every socket of an
audience gets the same bytes. Sent through the server's `send`, each socket would build them
again (encode, header, two copies of the payload) and await a coroutine: about a third of the
fan-out's CPU at 1,000 phones. Under uvicorn's sans-I/O WebSocket protocol the hub writes the
ready frame straight to the connection's transport instead, only while the connection is plainly
open (handshake done, not closing, no extension, not paused by flow control); any other socket,
and any other server (the test communicator, `COPROD_SERVER=stock`), goes through `send`.

`text_frame` uses websockets' public frame API; `direct_writer` reads uvicorn's protocol
attributes (uvicorn is capped below its next minor version, and
coprod/server/tests/test_library_internals.py names any attribute that went away). Django-free.
"""

from collections.abc import Callable

from websockets.frames import Frame, Opcode
from websockets.protocol import State


def text_frame(text: str) -> bytes:
    """The bytes of one unmasked, unfragmented text frame."""
    return Frame(Opcode.TEXT, text.encode()).serialize(mask=False, extensions=[])


def direct_writer(send) -> Callable[[bytes], bool] | None:
    """For the server's `send` of one socket, a function writing a ready frame to it and saying
    whether it could; None when the server is not one whose connection state we can read."""
    protocol = getattr(send, "__self__", None)
    connection = getattr(protocol, "conn", None)
    transport = getattr(protocol, "transport", None)
    writable = getattr(protocol, "writable", None)
    if connection is None or transport is None or writable is None:
        return None
    if not hasattr(protocol, "close_sent") or not hasattr(connection, "state"):
        return None

    def write(frame: bytes) -> bool:
        if (
            protocol.close_sent
            or connection.state is not State.OPEN
            or connection.extensions
            or not writable.is_set()  # paused: `send` waits for the phone to catch up
            or transport.is_closing()
        ):
            return False
        transport.write(frame)
        return True

    return write
