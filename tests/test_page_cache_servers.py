"""Two app servers sharing one PostgreSQL and one Redis: a change made anywhere shows on both
at once, and a scheduled issue appears on both at its time."""

import datetime
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from digest.models import Issue
from tests.factories import make_entry, make_full_issue, make_issue
from tests.services import REDIS_PORT, answers

ROOT = Path(__file__).resolve().parent.parent
REDIS_TEST_URL = "redis://127.0.0.1:6379/15"


pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not answers(REDIS_PORT),
        reason="two app servers need the shared PostgreSQL and Redis; `make test` runs this "
        "module again on PostgreSQL",
    ),
]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(autouse=True)
def shared_redis(settings):
    """This process uses the same Redis database as the app servers, emptied first."""
    settings.CACHES = {
        "default": {
            "BACKEND": "config.redis_cache.RedisCache",
            "LOCATION": REDIS_TEST_URL,
            "KEY_PREFIX": "digest",
        }
    }
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """Production settings serve hashed static files: collect them once for the servers."""
    root = tmp_path_factory.mktemp("static")
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**os.environ, **PROD_ENV, "DJANGO_STATIC_ROOT": str(root)},
        check=True,
    )
    return root


PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.prod",
    "DJANGO_SECRET_KEY": "test-only-secret-key-for-two-app-servers-0123456789",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
}


@pytest.fixture(scope="module")
def app_servers(static_root, django_db_setup, django_db_blocker):
    """Two gunicorn servers on the test database, started once for the module."""
    with django_db_blocker.unblock():
        database = connection.settings_dict
    env = {
        **os.environ,
        **PROD_ENV,
        "DJANGO_STATIC_ROOT": str(static_root),
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "DJANGO_CONN_MAX_AGE": "0",
        "REDIS_URL": REDIS_TEST_URL,
        "DJANGO_LANGUAGE_CODE": "en",
        "DIGEST_PAGE_CACHE": "1",
    }
    servers = []
    for _ in range(2):
        port = _free_port()
        process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        servers.append((process, port))
    deadline = time.monotonic() + 30
    while not all(answers(port) for _, port in servers):
        assert time.monotonic() < deadline, "app servers did not start"
        time.sleep(0.2)
    yield [f"http://127.0.0.1:{port}" for _, port in servers]
    for process, _ in servers:
        process.terminate()
        process.wait(timeout=10)


def fetch(base, path):
    # Behind the reverse proxy every server sees the site's one host name.
    request = urllib.request.Request(f"{base}{path}", headers={"Host": "localhost"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.headers.get("X-Cache"), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Cache"), error.read().decode()


def test_a_change_is_fresh_on_every_app_server_at_once(app_servers):
    issue = make_full_issue(2020, 47)
    entry = issue.entries.first()
    server_a, server_b = app_servers
    first = fetch(server_a, issue.get_absolute_url())
    assert first[:2] == (200, "miss"), first
    assert fetch(server_a, issue.get_absolute_url())[1] == "hit"
    status, state, _ = fetch(server_b, issue.get_absolute_url())
    assert (status, state) == (200, "hit"), "both servers share one cache"

    entry.headline = "Edited while both servers had the page cached"
    entry.save()  # autocommit here: the cache version moves on right away

    status, state, body = fetch(server_b, issue.get_absolute_url())
    assert (status, state) == (200, "miss"), "the old page is no longer served"
    assert "Edited while both servers had the page cached" in body
    status, state, body = fetch(server_a, issue.get_absolute_url())
    assert (status, state) == (200, "hit"), "server A reuses the fresh page B just built"
    assert "Edited while both servers had the page cached" in body


def test_unpublishing_hides_the_issue_on_every_app_server(app_servers, django_user_model):
    issue = make_full_issue(2020, 47)
    editor = django_user_model.objects.create_superuser("ed", "ed@example.com", "pw")
    for server in app_servers:
        assert fetch(server, issue.get_absolute_url())[0] == 200
    issue.apply_transition("unpublish", editor)
    for server in app_servers:
        status, _, body = fetch(server, issue.get_absolute_url())
        assert status == 404
        assert "Week 47, 2020" not in body or "Page not found" in body


def test_scheduled_issue_goes_live_on_every_app_server_at_its_time(app_servers):
    make_full_issue(2020, 46)
    due = timezone.now() + datetime.timedelta(seconds=8)
    scheduled = make_issue(2020, 47, status=Issue.Status.SCHEDULED, publish_at=due)
    make_entry(scheduled, headline="Goes live in a moment")
    for server in app_servers:
        status, _, body = fetch(server, "/")
        assert status == 200
        assert "Goes live in a moment" not in body
        assert fetch(server, "/")[1] == "hit"
    assert timezone.now() < due, "the machine was too slow to check the page before its time"
    # Real time must pass here: the servers are other processes with their own clocks.
    time.sleep(max(0.0, (due - timezone.now()).total_seconds()) + 0.5)
    for server in app_servers:
        status, _, body = fetch(server, "/")
        assert status == 200
        assert "Goes live in a moment" in body
