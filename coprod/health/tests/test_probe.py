"""`coprod healthcheck` and /healthz against real `coprod serve` processes: the probe systemd
runs after starting a web unit, and a server whose database is gone."""

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import pytest

from coprod.core import testserver

pytestmark = pytest.mark.multiprocess


@pytest.fixture
def servers():
    found = testserver.prepare()
    yield found
    found.close()


def serve(servers, port: int, *args: str) -> subprocess.Popen:
    log = open(servers.data_dir / f"serve-{port}.log", "w")  # noqa: SIM115
    return subprocess.Popen(
        [sys.executable, "-m", "coprod.cli", "serve", "--no-migrate", "--port", str(port), *args],
        env=servers.env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def healthcheck(servers, *args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "coprod.cli", "healthcheck", *args],
        env=servers.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def test_the_probe_waits_until_a_starting_server_serves(servers):
    """systemd's ExecStartPost: started with the server, it answers once the port serves. The
    server only accepts its public name; the probe on 127.0.0.1 still gets through."""
    servers.env["ALLOWED_HOSTS"] = "atelier.example.fr"
    port = testserver.free_port()
    url = f"http://127.0.0.1:{port}/healthz"
    probe = healthcheck(servers, "--url", url, "--wait", "20")
    time.sleep(1)  # the server is not there yet
    server = serve(servers, port)
    try:
        out, err = probe.communicate(timeout=40)
        assert probe.returncode == 0, err
        assert "Base de données : ok" in out
        assert out.splitlines()[-1] in ("État général : ok", "État général : dégradé")
    finally:
        stop(server)


def test_the_probe_says_what_is_degraded_and_strict_refuses_it(servers):
    servers.env["COPROD_HEALTH_MIN_FREE_MB"] = str(10**9)  # a petabyte: never free here
    probe = healthcheck(servers)  # in-process: no server needed
    out, _err = probe.communicate(timeout=60)
    assert probe.returncode == 0
    assert "Espace disque : dégradé — peu d'espace libre" in out
    assert "Travaux en arrière-plan : dégradé" in out  # no worker runs
    strict = healthcheck(servers, "--strict")
    strict.communicate(timeout=60)
    assert strict.returncode == 1


def test_a_server_without_its_database_answers_503(servers):
    if not servers.env.get("DATABASE_URL", "").startswith("postgres"):
        servers.env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/postgres"
    missing = f"coprod_missing_{uuid.uuid4().hex[:8]}"
    servers.env["DATABASE_URL"] = servers.env["DATABASE_URL"].rsplit("/", 1)[0] + f"/{missing}"
    port = testserver.free_port()
    server = serve(servers, port, "--no-worker")
    try:
        status, body = _first_answer(f"http://127.0.0.1:{port}/healthz", server)
        assert status == 503
        state = json.loads(body)
        assert state["status"] == "down"
        assert state["checks"]["database"] == {
            "status": "down",
            "reason": "erreur (OperationalError)",
        }
        assert missing not in body and "postgres" not in body
        probe = healthcheck(servers, "--url", f"http://127.0.0.1:{port}/healthz")
        out, _err = probe.communicate(timeout=60)
        assert probe.returncode == 1
        assert "Base de données : en panne" in out
    finally:
        stop(server)
    log = (servers.data_dir / f"serve-{port}.log").read_text()
    assert "Service Unavailable" not in log  # each probe does not write a line


def _first_answer(url: str, process: subprocess.Popen, timeout: float = 30) -> tuple[int, str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server stopped"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except OSError:
            time.sleep(0.2)
    raise AssertionError("no answer")
