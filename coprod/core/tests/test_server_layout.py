"""The territory server, as deploy/ lays it out, run for real on this machine.

Debian's nginx runs the shipped site file over TLS (a certificate from a throwaway CA that
Chromium trusts through its NSS database); behind it, two web processes and the worker run the
very commands of the shipped systemd units, on PostgreSQL and Redis, with the production
settings an IT department sets (COPROD_HTTPS, COPROD_PUBLIC_URL, COPROD_TRUSTED_PROXIES).
A facilitator, a projector and a phone then go through a workshop in Chromium over https:// and
wss://; a workshop run on a laptop arrives as a 20 MB archive; the worker writes the
restitution; the instance is backed up, wiped and restored, and the phone is still in.
"""

from __future__ import annotations

import http.client
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coprod.core import testserver
from coprod.testing.browser import CHROMIUM, CHROMIUM_ARGS, LAPTOP, PHONE, PROJECTOR
from coprod.testing.proxy import SERVER_NAME, nginx_in_front

pytestmark = [
    pytest.mark.multiprocess,
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("nginx", path="/usr/sbin:/usr/bin"), reason="no nginx"),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the server layout runs on PostgreSQL and Redis: CI's second pass runs it",
    ),
]

UNITS = Path(__file__).resolve().parents[3] / "deploy" / "systemd"
INSTALLED = "/opt/coprod/venv/bin/coprod"
PROPOSALS_ON_THE_LAPTOP = 27_000  # about 20 MB of archive: random text hardly compresses
MB = 1024 * 1024


def unit_commands(unit: str, key: str = "ExecStart", **values: str) -> list[list[str]]:
    """The unit's command lines, run with this checkout's coprod; `values` fill %i and paths."""
    commands = []
    for line in (UNITS / unit).read_text().splitlines():
        if not line.startswith(f"{key}="):
            continue
        text = line.removeprefix(f"{key}=")
        for old, new in values.items():
            text = text.replace(old, new)
        argv = shlex.split(text)
        assert argv[0] == INSTALLED, line
        commands.append([sys.executable, "-m", "coprod.cli", *argv[1:]])
    return commands


def answering(port: int, timeout: float = 30) -> None:
    """Wait until the port answers HTTP at all (the SSL redirect is an answer)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing answers on port {port}")


class Layout:
    """Two web processes and a worker, started from the units' own command lines."""

    def __init__(self, servers: testserver.ServerSet, ports: list[int], logs: Path):
        self.servers, self.ports, self.logs, self.processes = servers, ports, logs, []

    def run(self, command: list[str]) -> str:
        done = subprocess.run(command, env=self.servers.env, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout + done.stderr

    def start(self) -> None:
        for command in unit_commands("coprod-migrate.service"):
            self.run(command)
        for port in self.ports:
            (command,) = unit_commands("coprod-web@.service", **{"%i": str(port)})
            self._spawn(command, f"web-{port}")
        (command,) = unit_commands("coprod-worker.service")
        self._spawn(command, "worker")
        for port in self.ports:
            answering(port)
            for check in unit_commands("coprod-web@.service", "ExecStartPost", **{"%i": str(port)}):
                self.run(check)

    def _spawn(self, command: list[str], name: str) -> None:
        log = open(self.logs / f"{name}.log", "a")  # noqa: SIM115
        self.processes.append(
            subprocess.Popen(command, env=self.servers.env, stdout=log, stderr=subprocess.STDOUT)
        )

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()


def healthy_through(proxy, timeout: float = 60) -> dict:
    """/healthz through nginx once everything is up: after a restart, nginx gives the upstreams
    it saw fail a few seconds' rest (max_fails, fail_timeout) and answers 502 meanwhile, and the
    worker's first heartbeat may come a moment after the web processes answer."""
    deadline = time.monotonic() + timeout
    while True:
        connection = http.client.HTTPSConnection(
            SERVER_NAME, proxy.https_port, context=proxy.ssl_context(), timeout=15
        )
        connection.request("GET", "/healthz")
        response = connection.getresponse()
        body = response.read()
        connection.close()
        if response.status == 200 and json.loads(body)["status"] == "ok":
            return json.loads(body)
        assert time.monotonic() < deadline, (response.status, body)
        time.sleep(0.5)


def laptop_archive(folder: Path) -> Path:
    """A workshop run on a laptop (SQLite, its own data folder), exported as its archive."""
    laptop = testserver.prepare(extra_env={"DATABASE_URL": ""})
    try:
        demo = json.loads(laptop.manage("demo", "--json"))
        laptop.manage(
            "shell",
            "-c",
            "import base64, random\n"
            "from coprod.proposals.models import Proposal\n"
            "rng = random.Random(4)\n"
            "texts = [base64.b64encode(rng.randbytes(375)).decode() for _ in "
            f"range({PROPOSALS_ON_THE_LAPTOP})]\n"
            "Proposal.objects.bulk_create([Proposal(workshop_id="
            f"{demo['workshop']}, text=t, normalized=t.lower(), source='paper') for t in texts],"
            " batch_size=2000)\n",
        )
        archive = folder / "atelier-du-portable.zip"
        laptop.manage("archive", "export", str(demo["workshop"]), "--output", str(archive))
        return archive
    finally:
        laptop.close()


def https_status(proxy, path: str, *, source: str, forwarded_for: str) -> int:
    """A request through nginx from a loopback address of our choosing, lying about itself."""
    connection = http.client.HTTPSConnection(
        SERVER_NAME,
        proxy.https_port,
        context=proxy.ssl_context(),
        timeout=15,
        source_address=(source, 0),
    )
    try:
        connection.request("GET", path, headers={"X-Forwarded-For": forwarded_for})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    folder = tmp_path_factory.mktemp("layout")
    archive = laptop_archive(folder)
    static_root = folder / "static"
    static_root.mkdir()
    ports = [testserver.free_port(), testserver.free_port()]
    with nginx_in_front(ports, static_root) as proxy:
        servers = testserver.prepare(
            redis=True,
            extra_env={
                "COPROD_HTTPS": "1",
                "COPROD_PUBLIC_URL": proxy.url,
                "COPROD_TRUSTED_PROXIES": "127.0.0.1",
                "COPROD_STATIC_ROOT": str(static_root),
            },
        )
        layout = Layout(servers, ports, folder)
        try:
            demo = json.loads(servers.manage("demo", "--json"))
            layout.start()
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM,
                    headless=True,
                    args=CHROMIUM_ARGS,
                    env={**os.environ, "HOME": str(proxy.nss_home(folder / "home"))},
                )
                yield {
                    "proxy": proxy,
                    "layout": layout,
                    "demo": demo,
                    "browser": browser,
                    "archive": archive,
                    "folder": folder,
                }
                browser.close()
        finally:
            layout.stop()
            servers.close()


def context(site, viewport, **options):
    ctx = site["browser"].new_context(
        viewport=viewport, locale="fr-FR", timezone_id="Europe/Paris", **options
    )
    ctx.set_default_timeout(20_000)
    return ctx


def test_a_workshop_on_the_territory_server_from_end_to_end(site):
    from playwright.sync_api import expect
    from pypdf import PdfReader

    proxy, layout, demo = site["proxy"], site["layout"], site["demo"]
    url, workshop, code = proxy.url, demo["workshop"], demo["join_code"]

    # Health, through the proxy, as a monitoring probe sees it.
    health = healthy_through(proxy)
    assert {"database", "cache", "channel_layer", "worker", "disk"} <= set(health["checks"])

    # The facilitator signs in over https: cookies are Secure, headers say HTTPS only.
    laptop = context(site, LAPTOP)
    console = laptop.new_page()
    answer = console.goto(f"{url}/compte/connexion/")
    assert answer.headers["strict-transport-security"].startswith("max-age=31536000")
    policy = answer.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    console.locator("#id_username").fill(demo["facilitator"])
    console.locator("#id_password").fill(demo["password"])
    console.get_by_role("button", name="Se connecter").click()
    expect(console).to_have_url(re.compile(r"/ateliers/$"))
    cookies = {cookie["name"]: cookie for cookie in laptop.cookies()}
    assert cookies["sessionid"]["secure"] and cookies["sessionid"]["httpOnly"]
    assert cookies["csrftoken"]["secure"]

    # The board link the facilitator copies carries the public address.
    console.goto(f"{url}/ateliers/{workshop}/")
    board_link = console.locator("a[href*='cle=']").first
    assert board_link.inner_text().startswith(f"{url}/")
    board_path = board_link.get_attribute("href")

    # The projector opens the board; a phone joins by the code; both follow over wss://.
    sockets: list[str] = []
    projector = context(site, PROJECTOR)
    phone_context = context(site, PHONE, is_mobile=True, has_touch=True)
    for ctx in (projector, phone_context):
        ctx.on("page", lambda page: page.on("websocket", lambda ws: sockets.append(ws.url)))
    board = projector.new_page()
    board.goto(f"{url}{board_path}")
    expect(board.locator(".join .code")).to_have_text(code)
    expect(board.locator("html")).to_have_attribute("data-live", "connected")
    phone = phone_context.new_page()
    phone.goto(f"{url}/j/{code}/")
    phone.get_by_label("Votre nom").fill("Nadia Benali")
    phone.get_by_label("Votre structure").fill("CCAS de Marines")
    phone.get_by_label("Votre lien avec la thématique").fill("Accompagnement social")
    phone.get_by_label("J'ai lu les règles du jeu et je les accepte.").check()
    phone.get_by_role("button", name="Rejoindre l'atelier").click()
    expect(phone).to_have_url(re.compile(r"/p/\d+/$"))
    phone_page = phone.url
    expect(phone.locator("html")).to_have_attribute("data-live", "connected")
    assert sockets and all(
        s.startswith(f"wss://{SERVER_NAME}:{proxy.https_port}/") for s in sockets
    )
    assert not any("cle=" in s or "token=" in s for s in sockets), sockets

    console.goto(f"{url}/animer/{workshop}/")
    expect(console.locator("html")).to_have_attribute("data-live", "connected")
    console.locator("#console-live").get_by_role(
        "button", name="Commencer l'atelier", exact=True
    ).click()
    for page, region in ((board, "#board-live"), (phone, "#phone-live")):
        expect(page.locator(f"{region} .step-title")).to_have_text(
            "Se connaître et poser les bases"
        )

    # A workshop run on a laptop arrives through the proxy as its 20 MB archive.
    archive = site["archive"]
    assert 15 * MB < archive.stat().st_size < 50 * MB
    console.goto(f"{url}/ateliers/importer/")
    console.get_by_label("Archive d'atelier (fichier .zip)").set_input_files(str(archive))
    console.get_by_role("button", name="Importer l'atelier").click()
    expect(console.locator("#job-status")).to_contain_text(
        "a été créé sur ce serveur.", timeout=180_000
    )
    console.get_by_role("link", name=re.compile("^Ouvrir l'atelier")).click()
    imported = int(re.search(r"/ateliers/(\d+)/$", console.url).group(1))
    assert imported != workshop

    # The worker writes the restitution; it is downloaded through the proxy.
    console.goto(f"{url}/ateliers/{workshop}/restitution/")
    console.get_by_role("link", name="PDF", exact=True).click()
    with console.expect_download(timeout=120_000) as waiting:
        console.get_by_role("link", name=re.compile("^Télécharger restitution-")).click(
            timeout=120_000
        )
    pdf = PdfReader(io.BytesIO(Path(waiting.value.path()).read_bytes()))
    assert "Atelier 4" in pdf.pages[0].extract_text()

    # The join limit counts the client nginx saw, not what the client claims, nor the proxy.
    statuses = [
        https_status(proxy, f"/j/ZZZZ{i:02d}/", source="127.0.0.2", forwarded_for=f"198.51.100.{i}")
        for i in range(11)
    ]
    assert statuses == [404] * 10 + [429]
    assert https_status(proxy, "/j/ZZZZ99/", source="127.0.0.3", forwarded_for="127.0.0.2") == 404

    # Back up, lose everything, restore: the workshop and the phone's session are there.
    backups = site["folder"] / "backups"
    (backup_command,) = unit_commands(
        "coprod-backup.service", **{"/var/lib/coprod/backups": str(backups)}
    )
    layout.run(backup_command)
    (backup,) = backups.iterdir()
    layout.stop()
    layout.servers.wipe()
    layout.run([sys.executable, "-m", "coprod.cli", "restore", str(backup)])
    layout.start()
    healthy_through(proxy)
    phone.goto(phone_page)
    expect(phone).to_have_url(phone_page)
    expect(phone.locator("#phone-live .step-title")).to_have_text("Se connaître et poser les bases")
    console.goto(f"{url}/ateliers/{imported}/")
    expect(console.get_by_role("heading", level=1)).to_contain_text("Atelier 4")
