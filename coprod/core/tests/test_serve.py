"""`coprod serve` refuses a configuration it cannot run with a clear message, before serving."""

import pytest
import uvicorn
from django.core.management import CommandError, call_command

from coprod.config import http_threads


@pytest.fixture
def no_serving(monkeypatch):
    def served(*args, **kwargs):
        raise AssertionError("the command went on to serve")

    monkeypatch.setattr(uvicorn, "run", served)


@pytest.mark.parametrize("value", ["0", "deux", "-1", "1.5", "²"])
def test_a_wrong_number_of_request_threads_is_refused_by_name(monkeypatch, no_serving, value):
    monkeypatch.setenv("COPROD_HTTP_THREADS", value)
    with pytest.raises(CommandError, match=f"COPROD_HTTP_THREADS .*{value!r}"):
        call_command("serve", "--no-migrate")


def test_several_workers_without_redis_are_refused(settings, no_serving):
    settings.REDIS_URL = ""
    with pytest.raises(CommandError, match="REDIS_URL"):
        call_command("serve", "--no-migrate", "--workers", "2")


@pytest.mark.parametrize(("value", "threads"), [(None, 2), ("", 2), ("1", 1), (" 4 ", 4)])
def test_request_threads_are_read_from_the_environment_with_two_by_default(
    monkeypatch, value, threads
):
    if value is None:
        monkeypatch.delenv("COPROD_HTTP_THREADS", raising=False)
    else:
        monkeypatch.setenv("COPROD_HTTP_THREADS", value)
    assert http_threads() == threads
