"""Each check of /healthz against the real thing: the test database, a real Redis, a closed
port, a Redis that accepts connections and never answers, the worker's heartbeat row."""

import socket
import time
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from coprod.core.testserver import free_port
from coprod.health import checks
from coprod.jobs import heartbeat
from coprod.jobs.models import WorkerBeat

# The checks run in threads of their own, with their own connections: rows must be committed.
pytestmark = pytest.mark.django_db(transaction=True)
REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture(autouse=True)
def _data_dir(settings):
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)


def redis_at(settings, url: str) -> None:
    prefix = f"health-{uuid.uuid4().hex[:8]}"
    settings.REDIS_URL = url
    settings.CACHES = {
        "default": {
            "BACKEND": "coprod.core.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "coprod.realtime.layers.LocalFirstRedisLayer",
            "CONFIG": {"hosts": [url], "prefix": prefix},
        }
    }


@pytest.fixture
def silent_server():
    """A port that accepts connections (the kernel's backlog) and never says a word."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"


def test_a_laptop_with_its_worker_is_ok(settings):
    settings.REDIS_URL = ""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    heartbeat.beat("laptop", timezone.now())
    state = checks.run_all()
    assert state["status"] == "ok", state
    assert state["checks"]["cache"]["backend"] == "locmem"
    assert state["checks"]["channel_layer"]["backend"] == "memory"
    worker = state["checks"]["worker"]
    assert worker["status"] == "ok" and worker["alive"] == 1 and worker["age_seconds"] <= 5


def test_redis_round_trips_on_a_server(settings):
    redis_at(settings, REDIS)
    checked = checks.run_all()["checks"]
    assert checked["cache"]["status"] == checked["channel_layer"]["status"] == "ok", checked
    assert checked["cache"]["backend"] == checked["channel_layer"]["backend"] == "redis"


def test_redis_down_degrades_without_naming_it(settings):
    url = f"redis://:s3cret@127.0.0.1:{free_port()}/0"
    redis_at(settings, url)
    heartbeat.beat("server", timezone.now())
    state = checks.run_all()
    assert state["status"] == "degraded"  # the room still works, without Redis
    assert state["checks"]["cache"]["status"] == state["checks"]["channel_layer"]["status"]
    assert state["checks"]["cache"]["status"] == "down"
    assert "s3cret" not in str(state) and "127.0.0.1" not in str(state)


def test_a_hung_redis_does_not_hang_the_probe(settings, silent_server):
    redis_at(settings, silent_server)
    started = time.monotonic()
    checked = checks.run_all()["checks"]
    assert time.monotonic() - started < settings.HEALTH_CHECK_SECONDS + 1
    assert checked["cache"]["status"] == checked["channel_layer"]["status"] == "down"
    time.sleep(1.5)  # the channel layer's thread has ended by now: the next probe starts afresh
    assert checks.run_all()["checks"]["channel_layer"]["reason"] != "toujours sans réponse"


def test_a_worker_silent_for_two_minutes_is_stale():
    WorkerBeat.objects.create(
        worker_id="gone",
        host="h",
        pid=1,
        started_at=timezone.now() - timedelta(hours=1),
        beat_at=timezone.now() - timedelta(seconds=120),
    )
    state = checks.run_all()
    worker = state["checks"]["worker"]
    assert state["status"] == "degraded"
    assert worker["status"] == "degraded" and worker["alive"] == 0
    assert 119 <= worker["age_seconds"] <= 125
    assert "120" in worker["reason"] or "121" in worker["reason"]


def test_one_live_worker_among_departed_ones_is_ok():
    old = timezone.now() - timedelta(minutes=10)
    WorkerBeat.objects.create(worker_id="old", host="h", pid=1, started_at=old, beat_at=old)
    heartbeat.beat("new", timezone.now())
    assert checks.run_all()["checks"]["worker"]["alive"] == 1


def test_no_worker_at_all_is_degraded():
    worker = checks.run_all()["checks"]["worker"]
    assert worker["status"] == "degraded" and worker["alive"] == 0


def test_a_filling_disk_is_degraded(settings):
    free = checks.disk()["free_mb"]
    settings.HEALTH_MIN_FREE_MB = free + 1
    disk = checks.run_all()["checks"]["disk"]
    assert disk["status"] == "degraded" and disk["reason"]
    assert str(settings.DATA_DIR) not in str(disk)


def test_a_check_that_fails_is_down_with_a_short_reason(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "missing"
    disk = checks.run_all()["checks"]["disk"]
    assert disk == {"status": "down", "reason": "erreur (FileNotFoundError)"}
