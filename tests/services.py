"""The machine's real services, for tests that need them (Redis, PostgreSQL, app servers)."""

import socket

REDIS_PORT = 6379


def answers(port, host="127.0.0.1"):
    """Whether something accepts connections on `port`."""
    try:
        socket.create_connection((host, port), 1).close()
    except OSError:
        return False
    return True
