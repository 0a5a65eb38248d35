"""CPU time of one request, measured inside the app process the way gunicorn calls a WSGI app.

Standard library only: the peer benchmark (benchmarks/peer.py) times Digest and Wagtail, each
in its own virtualenv, with this same code.
"""

import io
import statistics
import sys
import time
from urllib.parse import unquote


def wsgi_get(app, host, path):
    """GET `path` from the WSGI `app`; the status must be 200. The body's size in bytes."""
    path_info, _, query = path.partition("?")
    server, _, port = host.partition(":")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": unquote(path_info, encoding="latin-1"),  # as WSGI servers pass it
        "QUERY_STRING": query,
        "SERVER_NAME": server,
        "SERVER_PORT": port or "80",
        "HTTP_HOST": host,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }
    status = []
    body = app(environ, lambda code, headers, exc_info=None: status.append(code))
    size = 0
    try:
        for chunk in body:
            size += len(chunk)
    finally:
        if hasattr(body, "close"):
            body.close()
    if not status[0].startswith("200"):
        raise SystemExit(f"{path} answered {status[0]}")
    return size


def median_cpu_ms(app, host, path, rounds=5, requests=40):
    """The median over `rounds` of the CPU time per request of `requests` requests (ms)."""
    wsgi_get(app, host, path)
    per_round = []
    for _ in range(rounds):
        started = time.process_time()
        for _ in range(requests):
            wsgi_get(app, host, path)
        per_round.append(1000 * (time.process_time() - started) / requests)
    return round(statistics.median(per_round), 3)
