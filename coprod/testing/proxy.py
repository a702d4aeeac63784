"""Debian's nginx in front of real `coprod serve` processes, running the shipped site file.

`nginx_in_front(upstream_ports, static_root)` starts nginx as the current user in a throwaway
folder with a copy of deploy/nginx/coprod.conf in which only the site-specific values change
(`SUBSTITUTIONS` lists each one, and each must be found exactly as many times as expected, so a
change to the shipped file that the test no longer covers fails loudly): the server name, the
listening ports (loopback, free), the certificate (from a throwaway CA made by trustme), the
upstream ports, the static folder and the log paths. Everything else — headers, timeouts, body
limit, buffering, TLS settings, log format — is what an IT department installs.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from coprod.core.testserver import free_port

REPO_DIR = Path(__file__).resolve().parents[2]
SITE_FILE = REPO_DIR / "deploy" / "nginx" / "coprod.conf"
NGINX = shutil.which("nginx", path=os.environ.get("PATH", "") + ":/usr/sbin") or "/usr/sbin/nginx"
SERVER_NAME = "localhost"  # trustme's certificate names it; Chromium resolves it to loopback

# The shipped file's site-specific values, each with how often it appears in the file.
SHIPPED_NAME = "atelier.example.fr"
SHIPPED_UPSTREAMS = ("server 127.0.0.1:8001;", "server 127.0.0.1:8002;")
SHIPPED_STATIC = "/var/lib/coprod/static/"


@dataclass(frozen=True)
class Proxy:
    """A running nginx: where to reach it, how to trust it, what it wrote."""

    url: str  # https://localhost:PORT
    http_url: str  # http://localhost:PORT (answers with a redirect to https://)
    https_port: int
    http_port: int
    ca_cert: Path  # PEM of the throwaway CA that signed the server certificate
    spki_hash: (
        str  # base64 SHA-256 of the server key (Chromium's --ignore-certificate-errors-spki-list)
    )
    access_log: Path
    error_log: Path
    config: Path  # the site file as nginx runs it
    pid: int  # nginx's master process (its workers are its children): the bench reads their CPU

    def ssl_context(self) -> ssl.SSLContext:
        """A client context that trusts the throwaway CA and nothing else."""
        return ssl.create_default_context(cafile=str(self.ca_cert))

    def chromium_args(self) -> list[str]:
        """Chromium flags that accept this proxy's certificate (and only its key)."""
        return [f"--ignore-certificate-errors-spki-list={self.spki_hash}"]

    def nss_home(self, home: Path) -> Path:
        """`home` made a HOME whose NSS database trusts the throwaway CA (certutil, from
        libnss3-tools): Chromium launched with `HOME=home` then trusts this proxy as a real
        site, with no flag that weakens its checks."""
        nssdb = home / ".pki" / "nssdb"
        nssdb.mkdir(parents=True, exist_ok=True)
        certutil = shutil.which("certutil") or "/usr/bin/certutil"
        subprocess.run(
            [certutil, "-d", f"sql:{nssdb}", "-N", "--empty-password"],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [certutil, "-d", f"sql:{nssdb}", "-A", "-t", "C,,", "-n", "coprod test CA"]
            + ["-i", str(self.ca_cert)],
            check=True,
            capture_output=True,
        )
        return home

    def access_lines(self, containing: str = "", timeout: float = 5) -> list[str]:
        """The access log's lines (those containing `containing`, waiting up to `timeout` for
        one: nginx writes the line just after the answer, which the client may read first)."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.access_log.read_text() if self.access_log.exists() else ""
            lines = [line for line in text.splitlines() if containing in line]
            if lines or not containing or time.monotonic() > deadline:
                return lines
            time.sleep(0.05)


def _spki_hash(cert_pem: bytes) -> str:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    cert = x509.load_pem_x509_certificate(cert_pem)
    spki = cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(hashlib.sha256(spki).digest()).decode()


def _substitute(text: str, replacements: Sequence[tuple[str, str, int]]) -> str:
    for old, new, count in replacements:
        found = text.count(old)
        if found != count:
            raise AssertionError(
                f"{SITE_FILE.name}: {old!r} found {found} times, expected {count}: "
                "update coprod/testing/proxy.py with the shipped file"
            )
        text = text.replace(old, new)
    return text


def site_config(
    *,
    upstream_ports: Sequence[int],
    static_root: Path,
    https_port: int,
    http_port: int,
    cert: Path,
    key: Path,
    logs: Path,
) -> str:
    """deploy/nginx/coprod.conf with only the site-specific values changed."""
    if not upstream_ports:
        raise ValueError("at least one upstream port")
    upstreams = "\n    ".join(f"server 127.0.0.1:{port};" for port in upstream_ports)
    return _substitute(
        SITE_FILE.read_text(),
        [
            (f"server_name {SHIPPED_NAME};", f"server_name {SERVER_NAME};", 2),
            (f"/etc/letsencrypt/live/{SHIPPED_NAME}/fullchain.pem", str(cert), 1),
            (f"/etc/letsencrypt/live/{SHIPPED_NAME}/privkey.pem", str(key), 1),
            # Loopback only, on free ports; no IPv6 (not every test machine has it).
            ("listen 80;", f"listen 127.0.0.1:{http_port};", 1),
            ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;", 1),
            ("    listen [::]:80;\n", "", 1),
            ("    listen [::]:443 ssl http2;\n", "", 1),
            ("\n    ".join(SHIPPED_UPSTREAMS), upstreams, 1),
            (SHIPPED_STATIC, f"{static_root.resolve()}/", 2),
            ("/var/log/nginx/", f"{logs}/", 3),
            ("/var/www/letsencrypt", str(logs / "acme"), 1),
        ],
    )


MAIN_CONFIG = """\
# The main context an nginx run by the test user needs; Debian's /etc/nginx/nginx.conf would
# write its pid and logs as root. The site file is included as Debian includes sites-enabled/.
{user}pid {dir}/nginx.pid;
error_log {dir}/main.error.log warn;
worker_processes {workers};
worker_rlimit_nofile {files};
events {{ worker_connections {connections}; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path {dir}/tmp/body;
    proxy_temp_path {dir}/tmp/proxy;
    fastcgi_temp_path {dir}/tmp/fastcgi;
    uwsgi_temp_path {dir}/tmp/uwsgi;
    scgi_temp_path {dir}/tmp/scgi;
    access_log off;
    include {dir}/coprod.conf;
}}
"""


def _wait_for_port(port: int, proc: subprocess.Popen, error_log: Path, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"nginx exited with code {proc.returncode}: {error_log.read_text()}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nginx did not listen on {port} within {timeout}s")


@contextlib.contextmanager
def nginx_in_front(
    upstream_ports: Sequence[int],
    static_root: Path | str,
    *,
    workers: int | str = 1,
    connections: int = 1024,
) -> Iterator[Proxy]:
    """nginx terminating TLS for coprod on `upstream_ports`, serving `static_root` as /static/.

    `workers` and `connections` (per worker; a proxied socket holds two) belong to the main
    context, which an IT department keeps from Debian: the bench raises them for its thousand
    phones (Debian's own nginx.conf says `worker_processes auto`).
    Yields a `Proxy`; nginx is stopped (SIGQUIT, graceful, then killed if need be) on exit.
    """
    import trustme

    static_root = Path(static_root)
    with tempfile.TemporaryDirectory(prefix="coprod-nginx-") as tmp:
        folder = Path(tmp)
        for sub in ("tmp", "logs", "logs/acme"):
            (folder / sub).mkdir()
        ca = trustme.CA()
        server_cert = ca.issue_cert(SERVER_NAME, "127.0.0.1")
        ca_cert, cert, key = folder / "ca.pem", folder / "cert.pem", folder / "key.pem"
        ca.cert_pem.write_to_path(str(ca_cert))
        server_cert.cert_chain_pems[0].write_to_path(str(cert))
        for extra in server_cert.cert_chain_pems[1:]:
            extra.write_to_path(str(cert), append=True)
        server_cert.private_key_pem.write_to_path(str(key))
        https_port, http_port = free_port(), free_port()
        logs = folder / "logs"
        site = folder / "coprod.conf"
        site.write_text(
            site_config(
                upstream_ports=upstream_ports,
                static_root=static_root,
                https_port=https_port,
                http_port=http_port,
                cert=cert,
                key=key,
                logs=logs,
            )
        )
        main = folder / "nginx.conf"
        # As root (a CI container), nginx's workers would run as nobody, who cannot read the
        # test's private folders: keep them as the user that runs the test.
        user = "user root root;\n" if os.geteuid() == 0 else ""
        main.write_text(
            MAIN_CONFIG.format(
                dir=folder,
                user=user,
                workers=workers,
                connections=connections,
                files=2 * connections + 64,
            )
        )
        error_log = logs / "coprod.error.log"
        check = subprocess.run(
            [NGINX, "-t", "-q", "-p", str(folder), "-c", str(main)],
            capture_output=True,
            text=True,
        )
        if check.returncode != 0:
            raise RuntimeError(f"nginx -t refused the site file: {check.stderr}")
        proc = subprocess.Popen(
            [NGINX, "-p", str(folder), "-c", str(main), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=open(folder / "nginx.stderr", "w"),  # noqa: SIM115
        )
        try:
            _wait_for_port(https_port, proc, folder / "nginx.stderr")
            _wait_for_port(http_port, proc, folder / "nginx.stderr")
            yield Proxy(
                url=f"https://{SERVER_NAME}:{https_port}",
                http_url=f"http://{SERVER_NAME}:{http_port}",
                https_port=https_port,
                http_port=http_port,
                ca_cert=ca_cert,
                spki_hash=_spki_hash(cert.read_bytes()),
                access_log=logs / "coprod.access.log",
                error_log=error_log,
                config=site,
                pid=proc.pid,
            )
        finally:
            proc.send_signal(3)  # SIGQUIT: nginx's graceful shutdown
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
