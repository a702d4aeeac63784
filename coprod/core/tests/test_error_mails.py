"""A server error reaches the administrators by e-mail, without any secret of the request; the
noise of probes and scanners does not; a mail server that is down changes nothing for the user."""

import urllib.error
import urllib.parse
import urllib.request

import pytest

from coprod import config
from coprod.core.testserver import free_port, prepare

JOIN_CODE = "QXW7KM"  # a well-formed code: the views look it up
SECRET_HEADERS = {
    "cookie": "sessionid=HUSHSESSION; csrftoken=" + "Z" * 32,
    "authorization": "Bearer HUSHBEARER",
}


def _request(url: str, data: dict | None = None, headers: dict | None = None):
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers={**SECRET_HEADERS, **(headers or {})})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (our server)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _break_the_database(servers) -> None:
    """A real failure in the views that look up a workshop: its table is gone."""
    servers.manage(
        "shell",
        "-c",
        "from django.db import connection; "
        "connection.cursor().execute('ALTER TABLE workshops_workshop RENAME TO gone')",
    )


def _fail(url: str) -> list[tuple[int, str]]:
    """Two failing requests carrying every kind of secret: a join code in the path, a board key
    and a token in the query string, the session and CSRF cookies, an API token, a join code
    typed into the form."""
    return [
        _request(f"{url}/j/{JOIN_CODE}/?cle=HUSHKEY&token=HUSHTOKEN"),
        _request(f"{url}/", {"code": JOIN_CODE, "csrfmiddlewaretoken": "Z" * 32}),
    ]


@pytest.fixture
def admins_env(smtp_server):
    return {
        **smtp_server.env,
        "COPROD_ADMINS": "Service informatique <it@example.fr>, astreinte@example.fr",
        "ALLOWED_HOSTS": "127.0.0.1",
    }


@pytest.mark.multiprocess
def test_a_server_error_mails_the_admins_without_any_secret(smtp_server, admins_env):
    servers = prepare(extra_env=admins_env).start()
    try:
        url = servers.urls[0]
        # A probe's unknown page and a scanner's wrong host: logged, not mailed.
        assert _request(f"{url}/healthz-unknown/")[0] == 404
        assert _request(f"{url}/", headers={"host": "evil.example"})[0] == 400
        _break_the_database(servers)
        assert [status for status, _ in _fail(url)] == [500, 500]
        mails = smtp_server.wait_for(2)
    finally:
        servers.close()
    assert len(smtp_server.messages) == 2  # the 404 and the 400 sent nothing
    for mail in mails:
        assert sorted(mail.rcpt_tos) == ["astreinte@example.fr", "it@example.fr"]
        assert mail.message["Subject"].strip().startswith("[coprod] ERROR")
        assert "Internal Server Error" in mail.message["Subject"]
        assert "OperationalError" in mail.text() or "ProgrammingError" in mail.text()
        for secret in ("HUSH", JOIN_CODE, "Z" * 32):
            assert secret not in mail.raw
            assert secret not in mail.text()
            assert secret not in str(mail.message["Subject"])
    assert "/j/…/" in mails[0].message["Subject"]


@pytest.mark.multiprocess
def test_with_the_mail_server_down_the_user_gets_the_error_page_and_the_log_says_why():
    down = {
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(free_port()),  # nothing listens there
        "COPROD_ADMINS": "it@example.fr",
    }
    servers = prepare(extra_env=down).start()
    try:
        _break_the_database(servers)
        answers = _fail(servers.urls[0])
        (log,) = servers.data_dir.glob("server-*.log")
        text = log.read_text()
    finally:
        servers.close()
    assert [status for status, _ in answers] == [500, 500]
    assert all("<html" in page.lower() for _, page in answers)
    assert text.count("The error e-mail to the administrators was not sent") == 2
    assert "ConnectionRefusedError" in text
    assert "HUSH" not in text
    assert JOIN_CODE not in text


def test_admins_are_read_as_a_list_of_addresses(monkeypatch):
    monkeypatch.setenv(
        "COPROD_ADMINS", "Service informatique <it@example.fr>, astreinte@example.fr"
    )
    assert config.admins() == [
        ("Service informatique", "it@example.fr"),
        ("astreinte@example.fr", "astreinte@example.fr"),
    ]
    monkeypatch.setenv("COPROD_ADMINS", "informatique")
    with pytest.raises(ValueError, match="COPROD_ADMINS"):
        config.admins()
