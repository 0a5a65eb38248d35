"""The page cache on the larger site the docs allow: two app servers on one PostgreSQL and
one Redis. A change made anywhere — on a server, in a command — shows on both at once, a
scheduled issue appears on both at its time, and a Redis restart never brings old pages back.
"""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from digest.models import Issue
from tests.factories import make_entry, make_full_issue, make_issue
from tests.processes import (
    PROD_SETTINGS,
    AppServer,
    RedisServer,
    clean_environment,
    collect_static,
    manage,
    wait_until,
)

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="two app servers on the shared PostgreSQL; `make test` runs this module again "
        "on PostgreSQL",
    ),
]


def shell(code, env):
    """Run `code` in `manage.py shell`, as an operator would beside the running site."""
    return manage("shell", "-c", code, env=env).stdout


@pytest.fixture(scope="module")
def redis_server():
    server = RedisServer()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def app_servers(redis_server, django_db_setup, django_db_blocker):
    """Two gunicorn servers on the test database and the test's own Redis."""
    with django_db_blocker.unblock():
        database = connection.settings_dict
    env = clean_environment(
        **PROD_SETTINGS,
        DATABASE_URL=(
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        DJANGO_CONN_MAX_AGE="0",
        REDIS_URL=redis_server.url,
    )
    env["DJANGO_STATIC_ROOT"] = collect_static()
    servers = [AppServer(env), AppServer(env)]
    yield servers, env
    for server in servers:
        server.stop()


def test_a_change_is_fresh_on_every_app_server_at_once(app_servers):
    (server_a, server_b), _ = app_servers
    issue = make_full_issue(2020, 47)
    entry = issue.entries.first()
    url = issue.get_absolute_url()
    assert server_a.get(url)[:2] == (200, "miss")
    assert server_a.get(url)[1] == "hit"
    assert server_b.get(url)[:2] == (200, "hit"), "both servers share one cache"

    entry.headline = "Edited while both servers had the page cached"
    entry.save()

    status, state, body = server_b.get(url)
    assert (status, state) == (200, "miss"), "the old page is no longer served"
    assert "Edited while both servers had the page cached" in body
    status, state, body = server_a.get(url)
    assert (status, state) == (200, "hit"), "server A reuses the fresh page B just built"
    assert "Edited while both servers had the page cached" in body


def test_a_change_made_by_a_command_reaches_every_app_server(app_servers):
    servers, env = app_servers
    issue = make_full_issue(2020, 47)
    for server in servers:
        server.get(issue.get_absolute_url())
    shell(
        "from digest.models import Issue; "
        f"Issue.objects.filter(pk={issue.pk}).update(title='Renamed by a command')",
        env,
    )
    for server in servers:
        assert "Renamed by a command" in server.get(issue.get_absolute_url())[2]


def test_unpublishing_hides_the_issue_on_every_app_server(app_servers, django_user_model):
    servers, _ = app_servers
    issue = make_full_issue(2020, 47)
    editor = django_user_model.objects.create_superuser("ed", "ed@example.com", "pw")
    for server in servers:
        assert server.get(issue.get_absolute_url())[0] == 200
    issue.apply_transition("unpublish", editor)
    for server in servers:
        assert server.get(issue.get_absolute_url())[0] == 404


def test_a_redis_restart_never_brings_back_an_unpublished_issue(
    app_servers, redis_server, django_user_model
):
    servers, _ = app_servers
    issue = make_full_issue(2020, 47)
    make_full_issue(2020, 46)
    editor = django_user_model.objects.create_superuser("ed", "ed@example.com", "pw")
    for server in servers:
        server.get(issue.get_absolute_url())
        assert server.get(issue.get_absolute_url())[1] == "hit"
    issue.apply_transition("unpublish", editor)
    assert [server.get(issue.get_absolute_url())[0] for server in servers] == [404, 404]

    redis_server.restart()
    other = Issue.objects.get(year=2020, week=46)
    other.title = "An unrelated change"
    other.save()

    for server in servers:
        for _ in range(3):
            # The not-found page (cached itself), never the issue.
            assert server.get(issue.get_absolute_url())[0] == 404


def test_scheduled_issue_goes_live_on_every_app_server_at_its_time(app_servers):
    servers, _ = app_servers
    make_full_issue(2020, 46)
    due = timezone.now() + datetime.timedelta(seconds=2)
    scheduled = make_issue(2020, 47, status=Issue.Status.SCHEDULED, publish_at=due)
    make_entry(scheduled, headline="Goes live in a moment")
    for server in servers:
        assert "Goes live in a moment" not in server.get("/")[2]
        assert server.get("/")[1] == "hit"
    assert timezone.now() < due, "the machine was too slow to check the page before its time"
    # Real time has to pass: the servers are other processes with their own clocks.
    wait_until(lambda: timezone.now() > due, "the publication time", seconds=10)
    for server in servers:
        assert "Goes live in a moment" in server.get("/")[2]
