"""Every reader page runs a fixed, small number of SQL queries, however much content there is.

Each page is measured on a small archive and on one about twenty times bigger; the counts must
be equal (no query per issue, entry, pick or tag) and at most `MAX_QUERIES_PER_PAGE`. Pages
that show an issue's contents render them at their first view after a change and store them
(digest.contents): each page is measured at its first view with nothing stored, which may
not exceed
`MAX_QUERIES_AT_FIRST_VIEW`, and again, as readers get it until the next change.
"""

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from taggit.models import Tag

from digest.models import Entry, Issue, IssueContents
from tests.factories import make_entry, make_issue, make_pick

# Also makes pytest-django create the test database the module-scoped `measured` fixture uses.
pytestmark = pytest.mark.django_db

MAX_QUERIES_PER_PAGE = 10
# Home renders two kinds at once: its issue's contents and the lines of the recent issues,
# each looked up, prefetched and stored (two of the queries are the test's savepoints).
MAX_QUERIES_AT_FIRST_VIEW = 22
SHARED_TAG = "机器学习"
SECTIONS = ["papers", "articles", "use-cases", "other"]

# Every page exists in both archives: both hold 2020 weeks 46 and 47, in November.
PAGES = {
    "home": lambda: reverse("digest:home"),
    "archive index": lambda: reverse("digest:archive-index"),
    "year": lambda: reverse("digest:year-archive", args=[2020]),
    "month summary": lambda: reverse("digest:month-summary", args=[2020, 11]),
    "issue": lambda: reverse("digest:issue-detail", args=[2020, 47]),
    "tag index": lambda: reverse("digest:tag-index"),
    "tag": lambda: reverse("digest:tag-detail", args=[Tag.objects.get(name=SHARED_TAG).slug]),
    "Atom feed": lambda: reverse("digest:feed-issues-atom"),
    "RSS feed": lambda: reverse("digest:feed-issues-rss"),
}


def build_archive(issues, entries_per_issue, tags_per_entry, picks_per_issue):
    """Published issues ending with 2020-W47, every entry tagged with `SHARED_TAG` first."""
    for week in range(48 - issues, 48):
        issue = make_issue(year=2020, week=week, intro=f"Intro of **week {week}**.")
        entries = [
            make_entry(
                issue,
                SECTIONS[n % len(SECTIONS)],
                tags=[SHARED_TAG, *(f"tag-{week}-{n}-{t}" for t in range(tags_per_entry - 1))],
            )
            for n in range(entries_per_issue)
        ]
        for position, entry in enumerate(entries[:picks_per_issue], start=1):
            make_pick(issue, entry, position, blurb=f"Pick {position} of week {week}")


def small_archive():
    build_archive(issues=2, entries_per_issue=4, tags_per_entry=2, picks_per_issue=1)


def big_archive():
    build_archive(issues=10, entries_per_issue=15, tags_per_entry=3, picks_per_issue=3)


def queries_to_render(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(queries)


def queries_per_page():
    """{page: (queries at its first view, queries when viewed again)}."""
    client = Client()
    measured = {}
    for name, url in PAGES.items():
        IssueContents.objects.all().delete()  # the first view renders every issue it shows
        measured[name] = (queries_to_render(client, url()), queries_to_render(client, url()))
    return measured


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker):
    """Queries per page on both archives, measured once (building them takes a while)."""
    with django_db_blocker.unblock(), transaction.atomic():
        small_archive()
        small = queries_per_page()
        Issue.objects.all().delete()
        Tag.objects.all().delete()
        big_archive()
        big = queries_per_page()
        big_issue = Issue.objects.get(year=2020, week=47)
        size = {
            "issues": Issue.objects.count(),
            "entries of an issue": big_issue.entries.count(),
            "picks of an issue": big_issue.picks.count(),
            "entries with the shared tag": Entry.objects.filter(tags__name=SHARED_TAG).count(),
            "tags of an entry": {entry.tags.count() for entry in Entry.objects.all()},
        }
        transaction.set_rollback(True)
    return {"small": small, "big": big, "size": size}


def test_the_big_archive_is_as_big_as_it_claims(measured):
    assert measured["size"] == {
        "issues": 10,
        "entries of an issue": 15,
        "picks of an issue": 3,
        "entries with the shared tag": 150,
        "tags of an entry": {3},
    }


@pytest.mark.parametrize("name", PAGES)
def test_page_runs_as_many_queries_for_a_big_archive_as_for_a_small_one(measured, name):
    small, big = measured["small"][name], measured["big"][name]

    assert big == small, f"{name}: {small} queries with 2 issues, {big} with 10"


@pytest.mark.parametrize("name", PAGES)
def test_page_runs_at_most_10_queries(measured, name):
    for archive in ("small", "big"):
        first_view, again = measured[archive][name]
        assert again <= MAX_QUERIES_PER_PAGE, f"{name} ({archive} archive): {again} queries"
        assert first_view <= MAX_QUERIES_AT_FIRST_VIEW, f"{name} ({archive}): {first_view}"
