"""The Redis cache (coprod.core.cache) keeps Django's behaviour while reusing its clients.
Runs when REDIS_URL points at a Redis, as in the second pass of .ci/run."""

import os
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from coprod.server.cache import RedisCache  # the tuned client reuse

REDIS_URL = os.environ.get("REDIS_URL", "")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL")


@pytest.fixture
def cache():
    return RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-cache-{uuid.uuid4().hex[:8]}"})


def test_values_round_trip_and_expire_like_django_s(cache):
    cache.set("version", "a1b2", timeout=None)
    assert cache.get("version") == "a1b2"
    assert cache.add("version", "other") is False
    cache.set("state", {"step": 3, "names": ["Élise"]}, timeout=60)
    assert cache.get("state") == {"step": 3, "names": ["Élise"]}
    cache.delete("state")
    assert cache.get("state", "gone") == "gone"


def test_threads_share_one_client_and_keep_their_own_values(cache):
    assert cache._cache.get_client() is cache._cache.get_client(write=True)

    def write_then_read(i):
        cache.set(f"key-{i}", i, timeout=60)
        return cache.get(f"key-{i}")

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(write_then_read, range(200))) == list(range(200))
