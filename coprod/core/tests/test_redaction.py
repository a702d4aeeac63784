"""Log lines never carry a join code, a board key or a token (coprod/core/redaction.py)."""

import io
import logging

import pytest

from coprod.core.redaction import RedactSecrets, redact


@pytest.fixture
def server_log():
    """What the site's configured log handler writes (settings.LOGGING), read back."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, RedactSecrets) for f in h.filters)
    )
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    try:
        yield buffer
    finally:
        handler.setStream(previous)


@pytest.mark.django_db
def test_log_lines_carry_no_join_code(client, workshop, server_log):
    """Django logs each refused request with its path; the server's log must not give the code
    to whoever reads it."""
    client.post(f"/j/{workshop.join_code}/", {"code": workshop.join_code, "name": ""})
    logged = server_log.getvalue()
    assert "Bad Request: /j/…" in logged
    assert workshop.join_code not in logged


def test_redaction_covers_board_keys_and_tokens():
    line = "Not Found: /tableau/3/live/?cle=SeCrEt123&lang=fr /ws/workshops/3/?token=abc"
    assert redact(line) == "Not Found: /tableau/3/live/?cle=…&lang=fr /ws/workshops/3/?token=…"


def test_redaction_covers_password_reset_links():
    line = '127.0.0.1 "GET /compte/mot-de-passe/nouveau/MQ/cz5x1a-0123abcd/" 302'
    assert redact(line) == '127.0.0.1 "GET /compte/mot-de-passe/nouveau/…" 302'
