"""The page cache on the small site the docs allow: gunicorn with two workers on an SQLite
file and no Redis. Every change committed beside the running server — by a Django shell, an
import, a restore — is seen by every worker on its next request, and a scheduled issue goes
live in every worker at its time.
"""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from tests.processes import (
    ROOT,
    manage,
    start_small_site,
    wait_until,
)

IMPORTS = ROOT / "tests" / "fixtures" / "import"
REQUESTS = 20  # per check: with two workers, both answer some of them


def shell(code, env):
    """Run `code` in `manage.py shell`, as an operator would beside the running site."""
    return manage("shell", "-c", code, env=env).stdout


def every_response(server, path, requests=REQUESTS):
    return [server.get(path) for _ in range(requests)]


#


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite deployment runs once, with the SQLite test run")
    server, env = start_small_site(
        tmp_path_factory.mktemp("small-site"), IMPORTS / "week10-2021.en.md"
    )
    yield server, env
    server.stop()


WEEK_10 = "/issues/2021/week-10/"
GET_WEEK_10 = "from digest.models import Issue; issue = Issue.objects.get(year=2021, week=10); "


def test_small_site_serves_cached_pages(small_site):
    server, _ = small_site
    states = {state for status, state, _ in every_response(server, WEEK_10)}
    assert states == {"miss", "hit"}


def test_a_title_changed_in_a_shell_shows_on_every_worker_at_once(small_site):
    server, env = small_site
    every_response(server, WEEK_10)  # both workers hold the page now
    shell(GET_WEEK_10 + "issue.title = 'Renamed in a shell'; issue.save()", env)
    for status, _, body in every_response(server, WEEK_10):
        assert status == 200
        assert "Renamed in a shell" in body


def test_an_update_query_in_a_shell_shows_on_every_worker_at_once(small_site):
    server, env = small_site
    every_response(server, WEEK_10)
    shell(
        "from digest.models import Issue; "
        "Issue.objects.filter(year=2021, week=10).update(title='Renamed by update()')",
        env,
    )
    assert all("Renamed by update()" in body for _, _, body in every_response(server, WEEK_10))


def test_an_issue_unpublished_beside_the_server_is_gone_from_every_worker(small_site):
    server, env = small_site
    every_response(server, WEEK_10)
    unpublish = (
        "from accounts.models import User; "
        "editor, _ = User.objects.get_or_create(username='chief', is_superuser=True); "
        + GET_WEEK_10
        + "issue.apply_transition('{}', editor)"
    )
    shell(unpublish.format("unpublish"), env)
    try:
        statuses = [status for status, _, _ in every_response(server, WEEK_10, 30)]
        assert statuses == [404] * 30
    finally:
        shell(unpublish.format("publish"), env)
    assert {status for status, _, _ in every_response(server, WEEK_10)} == {200}


def test_an_issue_imported_from_the_command_line_shows_on_every_worker(small_site):
    server, env = small_site
    every_response(server, "/")
    manage("import_issue", "--publish", str(IMPORTS / "week12-2021.zh.md"), env=env)
    try:
        assert all("/issues/2021/week-12/" in body for _, _, body in every_response(server, "/"))
    finally:
        shell(
            "from digest.models import Issue; Issue.objects.get(year=2021, week=12).delete()", env
        )
    assert not any("/issues/2021/week-12/" in body for _, _, body in every_response(server, "/"))


def test_a_restore_reaches_every_worker(small_site, tmp_path):
    server, env = small_site
    shell(GET_WEEK_10 + "issue.title = 'Title in the backup'; issue.save()", env)
    manage("backup", f"--output={tmp_path}", env=env)
    [archive] = tmp_path.glob("*.tar.gz")
    shell(GET_WEEK_10 + "issue.title = 'Title after the backup'; issue.save()", env)
    assert all("Title after the backup" in body for _, _, body in every_response(server, WEEK_10))
    manage("restore", str(archive), "--yes", env=env)
    for _, _, body in every_response(server, WEEK_10):
        assert "Title in the backup" in body
        assert "Title after the backup" not in body


def test_an_issue_scheduled_from_the_command_line_goes_live_on_every_worker(small_site):
    server, env = small_site
    # The time is chosen inside the command, so a slow start of the shell costs no margin.
    due = datetime.datetime.fromisoformat(
        shell(
            "import datetime; from django.utils import timezone; from digest.models import Issue; "
            "due = timezone.now() + datetime.timedelta(seconds=3); "
            "Issue.objects.filter(year=2021, week=10).update(status='scheduled', publish_at=due); "
            "print(due.isoformat())",
            env,
        )
        .strip()
        .splitlines()[-1]
    )
    try:
        before = []
        while timezone.now() < due - datetime.timedelta(seconds=1) and len(before) < REQUESTS:
            before.append(server.get(WEEK_10)[0])
        assert before, "the machine was too slow to look before the publication time"
        assert set(before) == {404}, "before its time the issue is nowhere"
        # Real time has to pass: the workers are other processes with their own clocks.
        wait_until(lambda: timezone.now() > due, "the publication time", seconds=10)
        assert {status for status, _, _ in every_response(server, WEEK_10)} == {200}
    finally:
        shell("from digest.models import Issue; Issue.objects.update(status='published')", env)
