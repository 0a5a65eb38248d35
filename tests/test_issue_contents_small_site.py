"""Stored issue contents (digest.contents) on the small site the docs allow, without the page
cache: gunicorn with two workers on an SQLite file. A change committed beside the running
server is shown by every worker on its next request, on every page showing the issue."""

import pytest
from django.db import connection

from tests.processes import ROOT, manage, start_small_site

IMPORTS = ROOT / "tests" / "fixtures" / "import"
REQUESTS = 12  # per page: with two workers, both answer some of them
ISSUE, YEAR = "/issues/2021/week-10/", "/issues/2021/"
PAGES = [ISSUE, "/", "/issues/2021/03/", "/feeds/issues.atom"]  # those showing headlines
FIRST_ENTRY = (
    "from digest.models import Entry; "
    "entry = Entry.objects.filter(issue__year=2021, issue__week=10).order_by('pk').first(); "
)


@pytest.fixture(scope="module")
def uncached_site(tmp_path_factory):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite deployment runs once, with the SQLite test run")
    server, env = start_small_site(
        tmp_path_factory.mktemp("uncached-site"),
        IMPORTS / "week10-2021.en.md",
        DIGEST_PAGE_CACHE="0",
    )
    yield server, env
    server.stop()


def bodies(server, path):
    responses = [server.get(path) for _ in range(REQUESTS)]
    assert {status for status, _, _ in responses} == {200}, path
    return [body for _, _, body in responses]


def test_a_headline_edited_beside_the_server_shows_on_every_page_of_every_worker(uncached_site):
    server, env = uncached_site
    headline = "Counting sheep in low light with a single camera"
    for path in PAGES:  # every worker stores the contents of every page
        assert all(headline in body for body in bodies(server, path)), path

    manage("shell", "-c", FIRST_ENTRY + "entry.headline = 'Edited beside'; entry.save()", env=env)

    for path in PAGES:
        assert all("Edited beside" in body for body in bodies(server, path)), path


def test_update_queries_beside_the_server_show_on_every_worker(uncached_site):
    server, env = uncached_site
    for path in (ISSUE, YEAR):
        bodies(server, path)

    renamed = "name_en='Renamed by a query', name_zh='Renamed by a query'"
    shell(f"Section.objects.filter(pk=entry.section_id).update({renamed})", env)
    assert all("Renamed by a query" in body for body in bodies(server, ISSUE))

    shell("Pick.objects.filter(entry=entry).update(blurb='A blurb set by a query')", env)
    assert all("A blurb set by a query" in body for body in bodies(server, ISSUE))
    assert all("A blurb set by a query" in body for body in bodies(server, YEAR))


def shell(code, env):
    """Run `code` in `manage.py shell` with the issue's first entry as `entry`."""
    imports = "from digest.models import Pick, Section; "
    manage("shell", "-c", FIRST_ENTRY + imports + code, env=env)
