"""Django's Redis cache backend, with one Redis client per connection pool.

Django's `RedisCacheClient` creates a new `redis.Redis` for every cache call, and redis-py
fills a table of about 170 response callbacks for each new client: a quarter of the CPU time
of a page cache hit (`digest.cache`). A client holds no connection of its own (it borrows
one from the pool for each command) and is safe to share between threads, so one per pool
is enough. Everything else — pools, serialization, timeouts — is Django's.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
