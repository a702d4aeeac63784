"""Cheap client-side wire code: a minimal WebSocket client protocol and a keep-alive HTTP/1.1
client on raw asyncio streams.

The load generator shares two cores with the server, so each simulated phone must cost as little
as possible: no per-frame coroutine, no JSON parsing, just a regex on the frame's first bytes.
"""

from __future__ import annotations

import asyncio
import base64
import os
import re
import ssl
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass

# The event key: coprod's `"data":{"step":N}` (first "step" key of a frame), the bare server's too.
STEP_KEY = re.compile(rb'"step":(\d+|null)')
STEP_CHANGED = b'{"type":"step.changed"'


class Phone(asyncio.Protocol):
    """One simulated phone: a WebSocket that records (event key, receive time) of step changes."""

    def __init__(
        self,
        host: str,
        port: int,
        path: str,
        on_step: Callable | None = None,
        token: str = "",
        name: str = "",
    ):
        self.host, self.port, self.path = host, port, path
        self.bearer = token  # sent in the handshake's Authorization header, never in the path
        self.name = name or host  # the Host header (behind nginx: the certificate's name)
        self.on_step = on_step  # called as on_step(phone, key, t) when set
        self.buf = bytearray()
        self.handshaken = False
        self.opened: asyncio.Future = asyncio.get_running_loop().create_future()
        self.closed = False
        self.recording = False
        self.received: list[tuple[int | None, float]] = []
        self.frames = 0
        self.frame_bytes = 0
        self.transport = None
        self.local_addr: str | None = None

    # -- asyncio.Protocol -----------------------------------------------------------------------
    def connection_made(self, transport):
        self.transport = transport
        key = base64.b64encode(os.urandom(16)).decode()
        transport.write(
            (
                f"GET {self.path} HTTP/1.1\r\nHost: {self.name}:{self.port}\r\n"
                "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + (f"Authorization: Bearer {self.bearer}\r\n" if self.bearer else "")
                + f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )

    def connection_lost(self, exc):
        self.closed = True
        if not self.opened.done():
            self.opened.set_exception(ConnectionError("closed during handshake"))

    def data_received(self, data: bytes):
        t = time.perf_counter()
        buf = self.buf
        buf += data
        if not self.handshaken:
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(buf[:end])
            del buf[: end + 4]
            if not head.startswith(b"HTTP/1.1 101"):
                self.opened.set_exception(ConnectionError(head.split(b"\r\n", 1)[0].decode()))
                self.transport.close()
                return
            self.handshaken = True
            self.opened.set_result(True)
        while len(buf) >= 2:
            opcode, length, pos = buf[0] & 0x0F, buf[1] & 0x7F, 2
            if length == 126:
                if len(buf) < 4:
                    return
                length, pos = struct.unpack_from("!H", buf, 2)[0], 4
            elif length == 127:
                if len(buf) < 10:
                    return
                length, pos = struct.unpack_from("!Q", buf, 2)[0], 10
            if len(buf) < pos + length:
                return
            payload = bytes(buf[pos : pos + length])
            del buf[: pos + length]
            if opcode == 1:
                self.frames += 1
                self.frame_bytes += length
                self.text(payload, t)
            elif opcode == 9:  # ping: servers drop clients that do not answer
                self._send(0xA, payload)
            elif opcode == 8:
                self.transport.close()

    def text(self, payload: bytes, t: float) -> None:
        """A text frame arrived at `t`: note a step change (subclasses note other events)."""
        if self.recording and payload.startswith(STEP_CHANGED):
            m = STEP_KEY.search(payload, 0, 200)
            key = int(m.group(1)) if m and m.group(1) != b"null" else None
            self.received.append((key, t))
            if self.on_step is not None:
                self.on_step(self, key, t)

    def _send(self, opcode: int, payload: bytes) -> None:
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.transport.write(bytes([0x80 | opcode, 0x80 | len(payload)]) + mask + masked)

    def close(self) -> None:
        if self.transport and not self.closed:
            self._send(0x8, struct.pack("!H", 1000))
            self.transport.close()


@dataclass(frozen=True)
class TLS:
    """How to reach a server over TLS (nginx in front): the trusted CA and the name it serves."""

    context: ssl.SSLContext
    name: str

    @classmethod
    def from_job(cls, job: dict) -> TLS | None:
        tls = job.get("tls")
        if not tls:
            return None
        return cls(ssl.create_default_context(cafile=tls["ca"]), tls["name"])


def _connection_options(tls: TLS | None, local_addr: str | None) -> dict:
    options: dict = {}
    if tls is not None:
        options.update(ssl=tls.context, server_hostname=tls.name)
    if local_addr:
        options["local_addr"] = (local_addr, 0)
    return options


async def connect_phone(
    url_host: str,
    port: int,
    path: str,
    on_step=None,
    timeout=20.0,
    token: str = "",
    *,
    tls: TLS | None = None,
    local_addr: str | None = None,
    factory=Phone,
) -> Phone:
    """A phone's socket; `local_addr` picks its source address (127.0.0.x: behind nginx, a
    village hall's 4G box holds at most 256 connections per address)."""
    loop = asyncio.get_running_loop()
    name = tls.name if tls else ""
    _, phone = await asyncio.wait_for(
        loop.create_connection(
            lambda: factory(url_host, port, path, on_step, token, name),
            url_host,
            port,
            **_connection_options(tls, local_addr),
        ),
        timeout,
    )
    phone.local_addr = local_addr
    await asyncio.wait_for(phone.opened, timeout)
    return phone


class HTTPError(Exception):
    pass


class HTTP:
    """One keep-alive HTTP/1.1 connection (reconnects when the server closes it)."""

    def __init__(
        self,
        host: str,
        port: int,
        timeout: float = 30.0,
        *,
        tls: TLS | None = None,
        local_addr: str | None = None,
    ):
        self.host, self.port, self.timeout = host, port, timeout
        self.tls, self.local_addr = tls, local_addr
        self.name = tls.name if tls else host
        self.reader = self.writer = None
        self.cookies: dict[str, str] = {}

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None

    async def request(self, method: str, path: str, headers: dict | None = None, body: bytes = b""):
        return await asyncio.wait_for(
            self._request(method, path, headers or {}, body), self.timeout
        )

    async def _request(self, method, path, headers, body):
        reused = self.writer is not None
        try:
            return await self._exchange(method, path, headers, body)
        except HTTPError:
            if not reused:
                raise
            # The server closed an idle keep-alive connection before reading: send it again.
            return await self._exchange(method, path, headers, body)

    async def _exchange(self, method, path, headers, body):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(
                self.host, self.port, **_connection_options(self.tls, self.local_addr)
            )
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.name}:{self.port}"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        lines += [f"{k}: {v}" for k, v in headers.items()]
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        try:
            head = await self.reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionError) as e:
            await self.close()
            if isinstance(e, asyncio.IncompleteReadError) and e.partial:
                raise ConnectionError("connection closed mid-response") from None
            raise HTTPError("connection closed") from None
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        out: dict[str, str] = {}
        for line in header_lines:
            if not line:
                continue
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                cookie, _, _ = value.partition(";")
                k, _, v = cookie.partition("=")
                self.cookies[k.strip()] = v.strip()
            out[name] = value
        if "content-length" in out:
            data = await self.reader.readexactly(int(out["content-length"]))
        elif out.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                chunks.append(chunk[:-2])
            data = b"".join(chunks)
        else:
            data = await self.reader.read()
            await self.close()
        if out.get("connection", "").lower() == "close":
            await self.close()
        return status, out, data
