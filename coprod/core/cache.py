"""Django's Redis cache, that never fails a request because Redis cannot be reached.

Everything cached here (sessions, the live state's versions, tokens, rate-limit counters) can be
read again from the database or started afresh, so while Redis is down reads miss and writes are
dropped: pages keep working, a little slower, and the join limits open (they fail open). After
a failure, Redis is left alone for a second rather than tried by every call of every request.

Only public methods of Django's backend are wrapped here; the tuned server's faster client
(coprod.server.cache) builds on this class.
"""

import functools
import logging
import time

from django.core.cache.backends import redis as django_redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
RETRY_AFTER = 1.0  # seconds


def _missing(*args, **kwargs):
    raise ValueError("unreachable cache")  # what incr() says of a missing key


def _degrades(method, fallback):
    """`method` of the cache, answering `fallback(*args, **kwargs)` while Redis is unreachable."""

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        outage = self._outage
        if time.monotonic() < outage.retry_at:
            return fallback(*args, **kwargs)
        try:
            result = method(self, *args, **kwargs)
        except UNREACHABLE:
            if not outage.down:
                log.warning("Redis cache unreachable: pages read the database until it is back")
            outage.down, outage.retry_at = True, time.monotonic() + RETRY_AFTER
            return fallback(*args, **kwargs)
        if outage.down:
            log.warning("Redis cache reachable again")
            outage.down = False
        return result

    return call


class _Outage:
    """Whether a Redis is down, shared by the cache objects of every thread (Django makes one
    per thread) that use it."""

    def __init__(self):
        self.down, self.retry_at = False, 0.0


_outages: dict[str, _Outage] = {}
_Base = django_redis.RedisCache


class RedisCache(_Base):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._outage = _outages.setdefault(str(server), _Outage())

    get = _degrades(_Base.get, lambda key, default=None, version=None: default)
    get_many = _degrades(_Base.get_many, lambda keys, version=None: {})
    has_key = _degrades(_Base.has_key, lambda key, version=None: False)
    add = _degrades(_Base.add, lambda *args, **kwargs: False)
    set = _degrades(_Base.set, lambda *args, **kwargs: None)
    set_many = _degrades(_Base.set_many, lambda data, *args, **kwargs: list(data))
    touch = _degrades(_Base.touch, lambda *args, **kwargs: False)
    delete = _degrades(_Base.delete, lambda *args, **kwargs: False)
    delete_many = _degrades(_Base.delete_many, lambda *args, **kwargs: None)
    incr = _degrades(_Base.incr, _missing)
    clear = _degrades(_Base.clear, lambda: None)
