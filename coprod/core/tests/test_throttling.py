"""The same log message at most once a minute (coprod/core/throttling.py)."""

import logging

from coprod.core import throttling
from coprod.core.throttling import OncePerMinute


def record(msg: str, name: str = "channels_redis.pubsub") -> logging.LogRecord:
    return logging.LogRecord(name, logging.ERROR, __file__, 1, msg, (), None)


def test_a_message_repeated_every_second_passes_once_a_minute(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(throttling.time, "monotonic", lambda: now[0])
    throttle = OncePerMinute()
    passed = []
    for _ in range(120):
        passed.append(throttle.filter(record("Unexpected exception in receive task")))
        now[0] += 1
    assert passed.count(True) == 2
    assert throttle.filter(record("Another message"))
