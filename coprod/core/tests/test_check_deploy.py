"""`coprod check --deploy` in the server configuration of docs/deploy.md prints no warning,
with a secret key from the environment or the one generated into the data folder."""

import os
import secrets
import subprocess
import sys

import pytest

SERVER = {
    "COPROD_HTTPS": "1",
    "COPROD_PUBLIC_URL": "https://atelier.parc-vexin.fr",
    "COPROD_TRUSTED_PROXIES": "127.0.0.1",
    "DEBUG": "0",
}


def check_deploy(tmp_path, **variables) -> subprocess.CompletedProcess:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("COPROD_") and name not in ("SECRET_KEY", "DEBUG", "ALLOWED_HOSTS")
    }
    env.update(COPROD_DATA_DIR=str(tmp_path), COPROD_STATIC_ROOT=str(tmp_path / "static"))
    env.update(variables)
    return subprocess.run(
        [sys.executable, "-m", "coprod.cli", "check", "--deploy"],
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("key", ["environment", "generated"])
def test_the_server_configuration_passes_the_deployment_checks(tmp_path, key):
    if key == "environment":
        checked = check_deploy(tmp_path, **SERVER, SECRET_KEY=secrets.token_urlsafe(50))
    else:
        checked = check_deploy(tmp_path, **SERVER)
        assert (tmp_path / "secret_key").exists()
    assert checked.returncode == 0, checked.stderr
    assert "System check identified no issues" in checked.stdout, checked.stdout + checked.stderr
    assert "WARNINGS" not in checked.stdout + checked.stderr


def test_a_laptop_configuration_is_warned_about(tmp_path):
    """The same command without COPROD_HTTPS: what a server must not run with is named."""
    checked = check_deploy(tmp_path, SECRET_KEY=secrets.token_urlsafe(50))
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in checked.stderr
