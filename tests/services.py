"""The machine's real services, for tests that need them (Redis, PostgreSQL, app servers)."""

import os
import socket

REDIS_PORT = 6379


def answers(port, host="127.0.0.1"):
    """Whether something accepts connections on `port`."""
    try:
        socket.create_connection((host, port), 1).close()
    except OSError:
        return False
    return True


def redis_cache(purpose):
    """Settings of a Redis cache for a test: the machine's Redis, under a key prefix of this
    test process's own, so concurrent test runs and xdist workers never touch each other's
    keys (clean up with `cache.delete_pattern("*")`, never `clear()`)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{REDIS_PORT}/0",
        "KEY_PREFIX": f"test-{purpose}-{worker}-{os.getpid()}",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
    }
