"""While Redis cannot be reached the cache answers like an empty one and never raises: every
page then reads the database (coprod.core.cache)."""

import logging

import pytest

from coprod.core.cache import RedisCache
from coprod.core.testserver import free_port


@pytest.fixture
def unreachable():
    """A cache whose Redis does not answer: nothing listens on its port."""
    options = {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}
    return RedisCache(f"redis://127.0.0.1:{free_port()}/0", {"OPTIONS": options})


def test_reads_miss_and_writes_are_dropped(unreachable):
    unreachable.set("version", "a1b2", timeout=None)
    assert unreachable.get("version") is None
    assert unreachable.get("version", "absent") == "absent"
    assert unreachable.add("version", "x") is False
    assert unreachable.get_many(["a", "b"]) == {}
    assert unreachable.has_key("a") is False
    unreachable.delete("version")
    with pytest.raises(ValueError):
        unreachable.incr("counter")  # what a missing key answers: rate limits fail open


def test_an_outage_is_logged_once_not_at_every_call(unreachable, caplog):
    with caplog.at_level(logging.WARNING, logger="coprod.core.cache"):
        for _ in range(50):
            unreachable.get("version")
    assert [r.getMessage() for r in caplog.records] == [
        "Redis cache unreachable: pages read the database until it is back"
    ]
