"""The Redis cache backend (config.redis_cache) against the real Redis: Django's backend,
with one client per connection pool instead of one per call."""

import pytest
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from config.redis_cache import RedisCache
from tests.services import REDIS_PORT, answers

LOCATION = "redis://127.0.0.1:6379/14"

pytestmark = pytest.mark.skipif(not answers(REDIS_PORT), reason="Redis does not answer on 6379")


@pytest.fixture
def cache():
    cache = RedisCache(LOCATION, {"KEY_PREFIX": "redis-cache-test"})
    cache.clear()
    yield cache
    cache.clear()


def test_it_is_djangos_backend(cache):
    assert isinstance(cache, DjangoRedisCache)


def test_values_round_trip(cache):
    cache.set("page", (3, 200, [("Content-Type", "text/html")], "正文".encode()), 60)
    cache.set_many({"version": 7, "due": None})

    assert cache.get_many(["version", "due", "page", "missing"]) == {
        "version": 7,
        "due": None,
        "page": (3, 200, [("Content-Type", "text/html")], "正文".encode()),
    }
    assert cache.incr("version") == 8
    cache.delete("page")
    assert cache.get("page") is None


def test_calls_share_one_client_per_pool(cache):
    client = cache._cache.get_client("a")

    assert cache._cache.get_client("b") is client
    assert cache._cache.get_client("c", write=True) is client  # one server: one pool
