"""E-mail goes out through the SMTP server the environment names, or into files without one."""

import os
import subprocess
import sys

import pytest

from coprod import config
from coprod.testing.smtp import SmtpServer


def _coprod(tmp_path, env: dict, *args: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_")}
    base.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "coprod.cli", *args],
        env={**base, "COPROD_DATA_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_sendtestemail_reaches_the_smtp_server(tmp_path, smtp_server):
    env = {**smtp_server.env, "COPROD_EMAIL_FROM": "Atelier <atelier@example.fr>"}
    result = _coprod(tmp_path, env, "sendtestemail", "a@b.fr")
    assert result.returncode == 0, result.stderr
    (received,) = smtp_server.wait_for(1)
    assert received.rcpt_tos == ["a@b.fr"]
    assert received.message["From"] == "Atelier <atelier@example.fr>"


# A relay on the LAN may take a login without TLS; aiosmtpd warns about it, rightly, once.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
@pytest.mark.parametrize("starttls", [False, True], ids=["plain", "starttls"])
def test_the_server_login_is_used_and_a_wrong_one_fails(tmp_path, starttls):
    with SmtpServer(user="coprod", password="s3cret", starttls=starttls) as smtp:
        result = _coprod(tmp_path, smtp.env, "sendtestemail", "a@b.fr")
        assert result.returncode == 0, result.stderr
        assert smtp.wait_for(1)[0].rcpt_tos == ["a@b.fr"]
        wrong = {**smtp.env, "EMAIL_HOST_PASSWORD": "guess"}
        result = _coprod(tmp_path, wrong, "sendtestemail", "c@d.fr")
        assert result.returncode != 0
        assert "Authentication" in result.stderr
        assert len(smtp.messages) == 1


def test_without_a_mail_server_mails_are_kept_as_files(tmp_path):
    result = _coprod(tmp_path, {}, "sendtestemail", "a@b.fr")
    assert result.returncode == 0, result.stderr
    (mail,) = (tmp_path / "mails").iterdir()
    assert "To: a@b.fr" in mail.read_text()


@pytest.mark.parametrize(
    ("name", "value"),
    [("EMAIL_PORT", "vingt-cinq"), ("EMAIL_TIMEOUT", "0"), ("EMAIL_USE_SSL", "1")],
)
def test_a_wrong_mail_setting_is_refused_by_name(monkeypatch, tmp_path, name, value):
    monkeypatch.setenv("EMAIL_USE_TLS", "1")
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=name):
        config.email_settings()
    result = _coprod(tmp_path, {"EMAIL_USE_TLS": "1", name: value}, "check")
    assert result.returncode != 0
    (line,) = result.stderr.splitlines()  # one line, not a traceback
    assert line.startswith("coprod: ")
    assert name in line


def test_the_mail_timeout_is_ten_seconds_by_default(monkeypatch):
    monkeypatch.delenv("EMAIL_TIMEOUT", raising=False)
    assert config.email_settings()["EMAIL_TIMEOUT"] == 10
