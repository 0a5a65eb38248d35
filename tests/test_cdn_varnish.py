"""A real HTTP cache in front of the site: Varnish from Debian with the sample VCL, before
gunicorn on an SQLite file. An edit, an unpublication and a deletion made beside the running
site show through Varnish at once, a scheduled issue at its time, and pages the change does
not concern stay in Varnish."""

import datetime
import shutil

import pytest
from django.db import connection
from django.utils import timezone

from tests.processes import (
    PROD_SETTINGS,
    ROOT,
    AppServer,
    Varnish,
    clean_environment,
    collect_static,
    free_port,
    manage,
    migrated_sqlite_database,
    wait_until,
)

pytestmark = pytest.mark.skipif(
    shutil.which("varnishd") is None and not (ROOT / "/usr/sbin/varnishd").exists(),
    reason="Varnish is not installed (Debian package varnish)",
)
IMPORTS = ROOT / "tests" / "fixtures" / "import"
WEEK_10, WEEK_12 = "/issues/2021/week-10/", "/issues/2021/week-12/"


def shell(code, env):
    return manage("shell", "-c", code, env=env).stdout


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if connection.vendor != "sqlite":
        pytest.skip("runs once, with the SQLite test run")
    folder = tmp_path_factory.mktemp("cdn-site")
    app_port = free_port()
    varnish = Varnish(ROOT / "docs" / "deploy" / "varnish.vcl", app_port)
    env = clean_environment(
        **PROD_SETTINGS,
        DATABASE_URL=migrated_sqlite_database(folder),
        DJANGO_MEDIA_ROOT=str(folder / "media"),
        DIGEST_CDN_PURGE_URLS=varnish.url,
    )
    env["DJANGO_STATIC_ROOT"] = collect_static()
    for document in ("week10-2021.en.md", "week12-2021.zh.md"):
        manage("import_issue", "--publish", str(IMPORTS / document), env=env)
    server = AppServer(env, workers=2, port=app_port)
    yield varnish, env
    varnish.stop()
    server.stop()


def cached(varnish, path):
    """Fetch `path` until Varnish holds it; what it then serves from its cache."""
    varnish.get(path)
    return varnish.get(path)


def test_pages_are_served_from_varnish(site):
    varnish, _ = site
    status, state, body = cached(varnish, WEEK_10)
    assert (status, state) == (200, "hit")
    assert "Week 10" in body or "week" in body.lower()


def test_an_edit_shows_through_varnish_at_once_and_other_pages_stay_cached(site):
    varnish, env = site
    cached(varnish, "/tags/")
    cached(varnish, WEEK_12)
    shell(
        "from digest.models import Issue; issue = Issue.objects.get(year=2021, week=12); "
        "entry = issue.entries.first(); entry.headline = 'Edited behind Varnish'; entry.save()",
        env,
    )
    status, _, body = varnish.get(WEEK_12)
    assert status == 200
    assert "Edited behind Varnish" in body
    assert varnish.get("/tags/")[1] == "hit", "the tag index shows no entry's text"


def test_an_unpublished_issue_is_gone_from_varnish_at_once(site):
    varnish, env = site
    cached(varnish, WEEK_12)
    transition = (
        "from accounts.models import User; from digest.models import Issue; "
        "editor, _ = User.objects.get_or_create(username='chief', is_superuser=True); "
        "Issue.objects.get(year=2021, week=12).apply_transition('{}', editor)"
    )
    shell(transition.format("unpublish"), env)
    try:
        assert varnish.get(WEEK_12)[0] == 404
        assert "/issues/2021/week-12/" not in varnish.get("/")[2]
    finally:
        shell(transition.format("publish"), env)
    assert varnish.get(WEEK_12)[0] == 200


def test_a_deleted_issue_is_gone_from_varnish_at_once(site):
    varnish, env = site
    cached(varnish, WEEK_12)
    backup = shell(
        "from django.core import serializers; from digest.models import Issue; "
        "print(Issue.objects.get(year=2021, week=12).pk)",
        env,
    )
    assert backup.strip()
    shell("from digest.models import Issue; Issue.objects.get(year=2021, week=12).delete()", env)
    assert varnish.get(WEEK_12)[0] == 404
    manage("import_issue", "--publish", str(IMPORTS / "week12-2021.zh.md"), env=env)
    assert varnish.get(WEEK_12)[0] == 200


def test_a_scheduled_issue_shows_through_varnish_at_its_time(site):
    varnish, env = site
    # The time is chosen inside the command, so a slow start of the shell costs no margin.
    due = datetime.datetime.fromisoformat(
        shell(
            "import datetime; from django.utils import timezone; from digest.models import Issue; "
            "issue = Issue.objects.get(year=2021, week=12); issue.status = 'scheduled'; "
            "issue.publish_at = timezone.now() + datetime.timedelta(seconds=3); issue.save(); "
            "print(issue.publish_at.isoformat())",
            env,
        )
        .strip()
        .splitlines()[-1]
    )
    try:
        before = []
        while timezone.now() < due - datetime.timedelta(seconds=1) and len(before) < 6:
            before.append(varnish.get(WEEK_12)[0])
            before.append(varnish.get("/")[2].count(WEEK_12))
        assert before, "the machine was too slow to look before the publication time"
        assert set(before[0::2]) == {404} and set(before[1::2]) == {0}
        # Real time has to pass: nothing is written when the issue goes live.
        wait_until(lambda: timezone.now() > due, "the publication time", seconds=10)
        assert varnish.get(WEEK_12)[0] == 200
        assert WEEK_12 in varnish.get("/")[2]
    finally:
        shell("from digest.models import Issue; Issue.objects.update(status='published')", env)
