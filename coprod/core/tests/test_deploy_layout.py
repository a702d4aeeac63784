"""The server layout under deploy/ is what an IT department can apply as it stands.

systemd checks the units, Caddy the Caddyfile, the Compose schema the compose file; and the
containers run the very commands of the units, each one a real `coprod` command.
(nginx runs its site file for real in test_proxy.py.)
"""

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from coprod.core.body_limits import UPLOAD_MAX

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"
SYSTEMD = DEPLOY / "systemd"
SHIPPED_COPROD = "/opt/coprod/venv/bin/coprod"
MB = 1024 * 1024


def coprod_executable() -> str:
    here = Path(sys.executable).with_name("coprod")
    return str(here) if here.exists() else shutil.which("coprod") or ""


def exec_starts(unit: str, key: str = "ExecStart") -> list[list[str]]:
    text = (SYSTEMD / unit).read_text()
    return [shlex.split(line.split("=", 1)[1]) for line in re.findall(rf"^{key}=.*$", text, re.M)]


def coprod_args(command: list[str]) -> list[str]:
    assert command[0] == SHIPPED_COPROD, command
    return command[1:]


@pytest.mark.skipif(not Path("/usr/bin/systemd-analyze").exists(), reason="no systemd-analyze")
def test_systemd_accepts_every_unit(tmp_path):
    coprod = coprod_executable()
    assert coprod, "coprod is not installed in this environment"
    for unit in SYSTEMD.iterdir():
        # Only the installed path of coprod changes: systemd checks that it is executable.
        (tmp_path / unit.name).write_text(unit.read_text().replace(SHIPPED_COPROD, coprod))
    shutil.copy(tmp_path / "coprod-web@.service", tmp_path / "coprod-web@8001.service")
    units = [p for p in tmp_path.iterdir() if p.name != "coprod-web@.service"]
    checked = subprocess.run(
        ["/usr/bin/systemd-analyze", "verify", "--man=no", *map(str, sorted(units))],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    # systemd only warns about an unknown key or a wrong value: any line is a mistake.
    assert checked.returncode == 0 and not checked.stderr.strip(), checked.stderr


def test_two_web_instances_never_migrate_themselves():
    text = (SYSTEMD / "coprod-web@.service").read_text()
    assert "Requires=coprod-migrate.service" in text
    assert re.search(r"^After=.*coprod-migrate\.service", text, re.M)
    [serve] = exec_starts("coprod-web@.service")
    assert coprod_args(serve) == [
        "serve", "--no-worker", "--no-migrate", "--workers", "1", "--port", "%i",
    ]  # fmt: skip
    assert [coprod_args(c)[0] for c in exec_starts("coprod-migrate.service")] == [
        "migrate",
        "collectstatic",
    ]


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "container" / "compose.yaml").read_text())


def test_the_compose_file_follows_the_compose_specification():
    from check_jsonschema.cli.main_command import main

    with pytest.raises(SystemExit) as done:
        main(
            ["--builtin-schema", "vendor.compose-spec", str(DEPLOY / "container" / "compose.yaml")]
        )
    assert done.value.code == 0


def test_the_containers_run_the_commands_of_the_units():
    services = compose()["services"]
    [serve] = exec_starts("coprod-web@.service")
    unit = coprod_args(serve)
    container = services["web"]["command"]

    # Only what a container needs differs: every address of its network, a fixed port, and
    # two processes in one container where systemd starts one per unit.
    def without(args, *pairs):
        out = list(args)
        for flag in pairs:
            i = out.index(flag)
            del out[i : i + 2]
        return out

    assert without(unit, "--port", "--workers") == without(
        container, "--port", "--workers", "--host"
    )
    assert container[container.index("--host") + 1] == "0.0.0.0"  # noqa: S104 (container)
    cmd = (DEPLOY / "container" / "Containerfile").read_text()
    assert re.search(r'^ENTRYPOINT \["coprod"\]$', cmd, re.M)
    assert f"CMD {container}".replace("'", '"') in cmd
    [worker] = exec_starts("coprod-worker.service")
    assert services["worker"]["command"] == coprod_args(worker)
    migrate = services["migrate"]["command"][0].split(" && ")
    assert [shlex.split(c)[1:] for c in migrate] == [
        coprod_args(c) for c in exec_starts("coprod-migrate.service")
    ]
    # The probe of the web unit (`coprod healthcheck`), without its wait: compose retries.
    [probe] = exec_starts("coprod-web@.service", "ExecStartPost")
    probe = without(coprod_args(probe), "--wait")
    url = "http://127.0.0.1:8000/healthz"
    assert services["web"]["healthcheck"]["test"] == ["CMD", "coprod", *probe[:-1], url]
    assert f"CMD {['coprod', *probe[:-1], url]}".replace("'", '"') in cmd


def test_a_web_unit_is_started_once_its_port_serves_healthz():
    [probe] = exec_starts("coprod-web@.service", "ExecStartPost")
    assert coprod_args(probe) == [
        "healthcheck", "--url", "http://127.0.0.1:%i/healthz", "--wait", "60",
    ]  # fmt: skip
    timeout = re.search(
        r"^TimeoutStartSec=(\d+)$", (SYSTEMD / "coprod-web@.service").read_text(), re.M
    )
    assert timeout and int(timeout[1]) > 60


def every_coprod_command() -> list[list[str]]:
    commands = []
    for unit in SYSTEMD.glob("*.service"):
        for key in ("ExecStart", "ExecStartPost"):
            commands += [coprod_args(c) for c in exec_starts(unit.name, key)]
    return commands


@pytest.mark.parametrize("args", every_coprod_command(), ids=lambda a: a[0])
def test_every_command_of_the_layout_exists_with_its_options(args):
    helped = subprocess.run(
        [sys.executable, "-m", "coprod.cli", args[0], "--help"], capture_output=True, text=True
    )
    assert helped.returncode == 0, f"coprod {args[0]}: {helped.stderr[-500:]}"
    for option in (a for a in args[1:] if a.startswith("--")):
        assert re.search(rf"{option}\b", helped.stdout), f"coprod {args[0]} has no {option}"


def test_the_proxies_accept_the_largest_upload_and_not_much_more():
    nginx = (DEPLOY / "nginx" / "coprod.conf").read_text()
    [size] = re.findall(r"^\s*client_max_body_size (\d+)m;", nginx, re.M)
    caddy = (DEPLOY / "caddy" / "Caddyfile").read_text()
    [caddy_size] = re.findall(r"^\s*max_size (\d+)MiB$", caddy, re.M)  # MB would be 10^6
    for limit in (int(size) * MB, int(caddy_size) * MB):
        assert UPLOAD_MAX < limit <= UPLOAD_MAX + 2 * MB


@pytest.mark.skipif(not shutil.which("caddy"), reason="no caddy")
def test_caddy_accepts_the_caddyfile(tmp_path):
    # The log path is the only change: /var/log/caddy may not exist here.
    text = (DEPLOY / "caddy" / "Caddyfile").read_text()
    assert text.count("/var/log/caddy/coprod.access.log") == 1
    (tmp_path / "Caddyfile").write_text(
        text.replace("/var/log/caddy/coprod.access.log", str(tmp_path / "access.log"))
    )
    checked = subprocess.run(
        ["caddy", "validate", "--adapter", "caddyfile", "--config", str(tmp_path / "Caddyfile")],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "COPROD_SITE": "localhost:8443"},
    )
    assert checked.returncode == 0, checked.stderr
    assert '"level":"warn"' not in checked.stderr, checked.stderr


def test_the_example_environment_names_only_what_coprod_reads():
    example = (DEPLOY / "coprod.env.example").read_text()
    names = re.findall(r"^#?([A-Z][A-Z0-9_]+)=", example, re.M)
    assert {"COPROD_PUBLIC_URL", "COPROD_HTTPS", "COPROD_TRUSTED_PROXIES", "DATABASE_URL"} <= set(
        names
    )
    for line in example.splitlines():
        if line and not line.startswith("#"):
            assert re.fullmatch(r"[A-Z][A-Z0-9_]*=\S.*", line), f"not systemd's syntax: {line}"
