"""`coprod serve` refuses a configuration it cannot run with a clear message, before serving."""

import pytest
import uvicorn
from django.core.management import CommandError, call_command

from coprod.config import http_threads
from coprod.server import launch


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


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("COPROD_SERVER", "tunned"),
        ("COPROD_TRUSTED_PROXIES", "127.0.0.1,proxy.local"),
        ("COPROD_TRUSTED_PROXIES", "10.0.0.0/33"),
        ("COPROD_MAX_CONNECTIONS", "0"),
        ("COPROD_MAX_CONNECTIONS", "2k"),
        ("COPROD_HEADER_TIMEOUT", "0"),
        ("COPROD_HEADER_TIMEOUT", "dix"),
        ("COPROD_HEADER_TIMEOUT", "inf"),
    ],
)
def test_a_wrong_server_setting_is_refused_by_name(monkeypatch, no_serving, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(CommandError, match=name):
        call_command("serve", "--no-migrate", "--no-worker")


def test_without_trusted_proxies_no_forwarded_header_is_believed(monkeypatch):
    """Not uvicorn's default 127.0.0.1, nor its FORWARDED_ALLOW_IPS."""
    monkeypatch.delenv("COPROD_TRUSTED_PROXIES", raising=False)
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "*")
    options = launch.uvicorn_options()
    assert options["proxy_headers"] is False
    assert uvicorn.Config(**options).forwarded_allow_ips == []


@pytest.mark.parametrize(
    ("mode", "app"),
    [("tuned", "coprod.server.tuned:create_application"), ("stock", "coprod.asgi:application")],
)
def test_the_server_mode_chooses_the_application(monkeypatch, mode, app):
    monkeypatch.setenv("COPROD_SERVER", mode)
    assert launch.uvicorn_options()["app"] == app
