"""The Redis cache as production configures it (django-redis), against the real Redis."""

import pytest
from django.core.cache import caches
from django.test import override_settings

from digest.cache import StoredPage
from tests.services import REDIS_PORT, answers, redis_cache

pytestmark = pytest.mark.skipif(not answers(REDIS_PORT), reason="Redis does not answer on 6379")


@pytest.fixture
def cache():
    with override_settings(CACHES={"default": redis_cache("redis-cache")}):
        cache = caches["default"]
        yield cache
        cache.delete_pattern("*")


def test_a_stored_page_round_trips_with_its_bytes_and_headers(cache):
    page = StoredPage("token", None, 200, [("Content-Type", "text/html")], "正文".encode())
    cache.set("page", page, 60)
    cache.set_many({"other": 7})

    found = cache.get_many(["page", "other", "missing"])

    assert set(found) == {"page", "other"}
    assert found["page"].content == "正文".encode()
    assert found["page"].headers == [("Content-Type", "text/html")]
    cache.delete("page")
    assert cache.get("page") is None
