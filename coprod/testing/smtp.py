"""A real SMTP server for tests (aiosmtpd on a free loopback port) that keeps what it receives.

    with SmtpServer(user="coprod", password="s3cret") as smtp:
        run a coprod process with smtp.env ...
        (message,) = smtp.wait_for(1)

With a user, the server requires AUTH; with `starttls=True` it offers STARTTLS with a
certificate from a throwaway CA (trustme) and requires it before AUTH: `smtp.env` then carries
SSL_CERT_FILE so that a child process trusts that CA.
"""

from __future__ import annotations

import email
import email.policy
import ssl
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from coprod.core.testserver import free_port


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: email.message.EmailMessage
    raw: str  # the whole message as sent, headers and encoded body

    def text(self) -> str:
        """Every text part, decoded: what a reader would see."""
        return "\n".join(
            part.get_content()
            for part in self.message.walk()
            if part.get_content_type() == "text/plain"
        )


class _Collect:
    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_DATA(self, smtp, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        raw = envelope.original_content or envelope.content
        received = Received(
            mail_from=envelope.mail_from,
            rcpt_tos=list(envelope.rcpt_tos),
            message=email.message_from_bytes(raw, policy=email.policy.default),
            raw=raw.decode("utf-8", "replace"),
        )
        with self.server.lock:
            self.server.messages.append(received)
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self, user: str = "", password: str = "", starttls: bool = False) -> None:
        self.user, self.password, self.starttls = user, password, starttls
        self.port = free_port()
        self.messages: list[Received] = []
        self.lock = threading.Lock()
        self._tmp = tempfile.TemporaryDirectory(prefix="coprod-smtp-")
        self.ca_file: Path | None = None
        options: dict = {}
        if user:
            options.update(authenticator=self._authenticate, auth_required=True)
            options["auth_require_tls"] = starttls
        if starttls:
            ca = trustme.CA()
            self.ca_file = Path(self._tmp.name) / "ca.pem"
            ca.cert_pem.write_to_path(self.ca_file)
            tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            ca.issue_cert("127.0.0.1", "localhost").configure_cert(tls)
            options.update(tls_context=tls, require_starttls=True)
        self.controller = Controller(
            _Collect(self), hostname="127.0.0.1", port=self.port, **options
        )

    def _authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and (
            auth_data.login.decode() == self.user and auth_data.password.decode() == self.password
        )
        return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535

    @property
    def env(self) -> dict[str, str]:
        """What a coprod process needs in its environment to send through this server."""
        env = {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(self.port), "EMAIL_TIMEOUT": "5"}
        if self.user:
            env.update(EMAIL_HOST_USER=self.user, EMAIL_HOST_PASSWORD=self.password)
        if self.starttls:
            env.update(EMAIL_USE_TLS="1", SSL_CERT_FILE=str(self.ca_file))
        return env

    def wait_for(self, count: int, timeout: float = 15) -> list[Received]:
        """The first `count` messages, once that many have arrived."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.messages) >= count:
                    return list(self.messages[:count])
            time.sleep(0.05)
        raise AssertionError(f"{len(self.messages)} message(s) received, {count} awaited")

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()
        self._tmp.cleanup()

    def __enter__(self) -> SmtpServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
