"""The tuned server's Redis cache: one client per connection pool instead of one per command.

Django builds a `redis.Redis` for every command; building one copies redis-py's table of reply
callbacks and cost more than the GET it was for. Every phone request reads its session and the
workshop's version from the cache, so reuse them: a client is thread-safe, it takes a connection
from its pool for each command.

This overrides private parts of Django's Redis backend (`RedisCache._class`,
`RedisCacheClient._get_connection_pool` and `._client`): Django is capped below its next minor
version, and coprod/server/tests/test_library_internals.py names any of them that went away.
Settings choose this backend only when COPROD_SERVER is "tuned"; the outage handling of
coprod.core.cache works the same in both modes.
"""

from django.core.cache.backends import redis as django_redis

from coprod.core import cache


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(cache.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
