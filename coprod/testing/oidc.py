"""A real OpenID Connect provider for the single sign-on tests: the npm `oidc-provider`, run by
node on a free loopback port (coprod/testing/oidc_provider/provider.js).

    with OidcProvider(client_url="http://testserver") as provider:
        provider.issuer, provider.client_env("coprod"), provider.set_state(userinfo="tampered")

Its npm packages are installed once by scripts/install-oidc-provider (CI runs it; a test runs it
too when they are missing). Its accounts: `claire` (claire.martin@pnr-vexin.fr) and `paul`
(an e-mail at a domain no organisation has); any password works.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

from coprod.core.testserver import free_port

HERE = Path(__file__).resolve().parent / "oidc_provider"
INSTALL = Path(__file__).resolve().parents[2] / "scripts" / "install-oidc-provider"
SECRET = "test-only-secret"  # noqa: S105  (provider.js's clients, on loopback)


def ensure_installed() -> None:
    if shutil.which("node") is None:
        pytest.skip("node is not installed (scripts/install-oidc-provider installs it)")
    if not (HERE / "node_modules" / "oidc-provider").is_dir():
        subprocess.run([str(INSTALL)], check=True, capture_output=True, timeout=300)


class OidcProvider:
    def __init__(self, client_url: str):
        ensure_installed()
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.TemporaryFile("w+")  # noqa: SIM115  (closed by close())
        self.process = subprocess.Popen(
            ["node", str(HERE / "provider.js")],
            env={"PATH": "/usr/bin:/bin", "PORT": str(self.port), "CLIENT_URL": client_url},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self._wait_for_discovery()

    def _wait_for_discovery(self, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        url = f"{self.issuer}/.well-known/openid-configuration"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if requests.get(url, timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        output = self.output()
        self.close()
        raise RuntimeError(f"the OpenID Connect provider did not start: {output}")

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()

    def client_env(self, client_id: str = "coprod", **extra: str) -> dict[str, str]:
        """coprod's environment to sign in with this provider as `client_id` ("coprod" gets
        userinfo as a signed JWT, "coprod-json" as plain JSON)."""
        return {
            "COPROD_OIDC_ISSUER": self.issuer,
            "COPROD_OIDC_CLIENT_ID": client_id,
            "COPROD_OIDC_CLIENT_SECRET": SECRET,
            "COPROD_OIDC_DOMAINS": "pnr-vexin.fr=vexin",
            **extra,
        }

    def set_state(self, **state) -> None:
        """Change the provider's accounts or how it answers userinfo ("signed", "tampered",
        "unsigned"); reset=True first restores its accounts and signed userinfo."""
        requests.post(f"{self.issuer}/_test/state", json=state, timeout=5).raise_for_status()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()

    def __enter__(self) -> OidcProvider:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_FORM = re.compile(r'<form[^>]*action="([^"]+)"[^>]*method="post"', re.S)
_PROMPT = re.compile(r'name="prompt" value="([^"]+)"')


def sign_in_at_provider(authorize_url: str, client_url: str, login: str) -> str:
    """Follow the provider's pages as a browser would from `authorize_url`, signing in as
    `login` and consenting; the address it sends back to coprod (under `client_url`)."""
    session = requests.Session()
    response = session.get(authorize_url, allow_redirects=False, timeout=10)
    for _ in range(12):
        if response.is_redirect:
            location = urljoin(response.url, response.headers["Location"])
            if location.startswith(client_url):
                return location
            response = session.get(location, allow_redirects=False, timeout=10)
            continue
        form = _FORM.search(response.text)
        if response.status_code != 200 or not form:
            raise AssertionError(f"the provider answered {response.status_code}: {response.text}")
        prompt = _PROMPT.search(response.text).group(1)
        fields = {"prompt": prompt, "login": login, "password": "any"}
        action = urljoin(response.url, html.unescape(form.group(1)))
        response = session.post(action, data=fields, allow_redirects=False, timeout=10)
    raise AssertionError("the provider never sent the browser back")
