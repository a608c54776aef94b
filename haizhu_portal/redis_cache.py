"""Django's Redis cache, with one client object per connection pool.

Django's RedisCacheClient builds a new redis.Redis object for every cache call; its set-up costs
about as much as the round trip to Redis itself. The page cache, the form limits and the spam
check make several calls per request, so each server process keeps its clients instead.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        # Keyed by the pool object: a redis.Redis is safe to share between threads, its pool hands
        # each command a connection of its own.
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
