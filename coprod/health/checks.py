"""The checks of /healthz and `coprod healthcheck`: database, cache, channel layer, worker
heartbeat, free disk space of the data folder.

Each check runs in a thread of its own, bounded by HEALTH_CHECK_SECONDS, so a hung Redis or
database cannot hang the probe; a check still hanging from an earlier probe is not started
again (one stuck thread per check at most). An exception makes its check "down" with the
exception's name only: messages of database drivers name hosts, users and databases.

Each check answers {"status": "ok" | "degraded" | "down", ...figures, "reason": French text when
not ok}. Nothing names a URL, a password or a path.
"""

import asyncio
import contextlib
import shutil
import threading
import time
import uuid

from channels.layers import get_channel_layer
from channels_redis.pubsub import RedisPubSubChannelLayer
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from coprod.jobs.models import WorkerBeat
from coprod.realtime.layers import LocalFirstRedisLayer

OK, DEGRADED, DOWN = "ok", "degraded", "down"
MB = 1024 * 1024
FLUSH_SECONDS = 0.5


def _elapsed_ms(started: float) -> int:
    return round((time.monotonic() - started) * 1000)


def database() -> dict:
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connection.close()  # this thread's own connection
    return {"status": OK, "ms": _elapsed_ms(started)}


def cache() -> dict:
    """A value set and read back: coprod's Redis cache answers misses while Redis is down
    (coprod/core/cache.py), so only the round trip tells."""
    backend = "redis" if settings.REDIS_URL else "locmem"
    started = time.monotonic()
    store = caches["default"]
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    store.set(key, value, timeout=30)
    found = store.get(key)
    store.delete(key)
    if found != value:
        return {"status": DOWN, "backend": backend, "reason": _("le cache ne répond pas")}
    return {"status": OK, "backend": backend, "ms": _elapsed_ms(started)}


async def _round_trip() -> None:
    layer = get_channel_layer()
    # coprod's Redis layer delivers within the process first: probe the Redis side itself,
    # which carries the events between the web processes.
    probe = (
        RedisPubSubChannelLayer(hosts=layer.hosts, prefix=layer.prefix, **layer.kwargs)
        if isinstance(layer, LocalFirstRedisLayer)
        else layer
    )
    nonce = uuid.uuid4().hex
    try:
        channel = await probe.new_channel("healthz.")
        await probe.send(channel, {"type": "health.probe", "n": nonce})
        message = await probe.receive(channel)
    finally:
        if probe is not layer:
            # Closes its connections; bounded too, a hung Redis may not answer that either.
            with contextlib.suppress(Exception):
                await asyncio.wait_for(probe.flush(), FLUSH_SECONDS)
    if message.get("n") != nonce:
        raise ValueError("another message")


def channel_layer() -> dict:
    backend = "redis" if isinstance(get_channel_layer(), LocalFirstRedisLayer) else "memory"
    started = time.monotonic()
    # Within the probe's time, so that this thread ends soon after a probe that gave up on it.
    asyncio.run(asyncio.wait_for(_round_trip(), settings.HEALTH_CHECK_SECONDS))
    return {"status": OK, "backend": backend, "ms": _elapsed_ms(started)}


def worker() -> dict:
    """The freshest heartbeat (coprod/jobs/heartbeat.py): degraded when it is older than
    HEALTH_WORKER_STALE_SECONDS, or when no worker ever beat (`--no-worker` and none apart)."""
    try:
        beats = list(WorkerBeat.objects.values_list("beat_at", flat=True))
    finally:
        connection.close()
    if not beats:
        return {"status": DEGRADED, "alive": 0, "reason": _("aucun worker n'a donné signe de vie")}
    now = timezone.now()
    ages = sorted(max(0, round((now - beat).total_seconds())) for beat in beats)
    alive = sum(1 for age in ages if age <= settings.HEALTH_WORKER_STALE_SECONDS)
    state = {"status": OK if alive else DEGRADED, "alive": alive, "age_seconds": ages[0]}
    if not alive:
        state["reason"] = _("dernier signe de vie il y a %(age)d s") % {"age": ages[0]}
    return state


def disk() -> dict:
    usage = shutil.disk_usage(settings.DATA_DIR)
    free_mb, percent = usage.free // MB, round(100 * usage.free / usage.total, 1)
    low = free_mb < settings.HEALTH_MIN_FREE_MB or percent < settings.HEALTH_MIN_FREE_PERCENT
    state = {"status": DEGRADED if low else OK, "free_mb": free_mb, "free_percent": percent}
    if low:
        state["reason"] = _("peu d'espace libre dans le dossier des données")
    return state


CHECKS = {
    "database": database,
    "cache": cache,
    "channel_layer": channel_layer,
    "worker": worker,
    "disk": disk,
}

_running: dict[str, threading.Thread] = {}
_lock = threading.Lock()


class _Attempt:
    def __init__(self, name: str):
        self.name, self.result = name, None
        self.thread = threading.Thread(target=self._run, name=f"healthz-{name}", daemon=True)

    def _run(self) -> None:
        try:
            self.result = CHECKS[self.name]()
        except Exception as error:  # any failure is the check's answer, never the probe's
            self.result = {
                "status": DOWN,
                "reason": _("erreur (%(error)s)") % {"error": type(error).__name__},
            }


def run_all() -> dict:
    """Every check at once, each within HEALTH_CHECK_SECONDS: {"status", "checks"}."""
    attempts, results = {}, {}
    with _lock:
        for name in CHECKS:
            if (hung := _running.get(name)) is not None and hung.is_alive():
                results[name] = {"status": DOWN, "reason": _("toujours sans réponse")}
                continue
            attempt = attempts[name] = _Attempt(name)
            _running[name] = attempt.thread
    for attempt in attempts.values():
        attempt.thread.start()
    deadline = time.monotonic() + settings.HEALTH_CHECK_SECONDS
    for name, attempt in attempts.items():
        attempt.thread.join(max(0.0, deadline - time.monotonic()))
        results[name] = attempt.result or {
            "status": DOWN,
            "reason": _("pas de réponse en %(seconds)s s")
            % {"seconds": settings.HEALTH_CHECK_SECONDS},
        }
    checked = {name: results[name] for name in CHECKS}
    return {"status": overall(checked), "checks": checked}


def overall(checked: dict) -> str:
    """Down with the database only (see views.py); degraded when anything else is not ok."""
    if checked["database"]["status"] != OK:
        return DOWN
    return OK if all(c["status"] == OK for c in checked.values()) else DEGRADED
