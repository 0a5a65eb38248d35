"""Every reader page and feed runs as many SQL queries on a large generated archive as on a
small one, and at most 10 — at most 22 at its first view after a change, when it renders the
issues' contents it shows and stores them (digest.contents).

Both archives come from `benchmarks.archive.generate_archive` (3 issues, then 60: 15–25
entries each, three tags per entry, three picks per issue). Each page is the same kind of page
in both: the newest issue (25 entries), the month holding the most issues, the newest year, the
most used tag, searches in Chinese and English.
"""

import io
from collections import Counter

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.archive import generate_archive
from digest.models import Issue, IssueContents, Section, visible_tags
from tests import template_records

pytestmark = pytest.mark.django_db

SMALL_ARCHIVE = 3
LARGE_ARCHIVE = 60
MAX_QUERIES_PER_PAGE = 10
# Home renders two kinds at once: its issue's contents and the lines of the recent issues,
# each looked up, prefetched and stored (two of the queries are the test's savepoints).
MAX_QUERIES_AT_FIRST_VIEW = 22
VIEWS = ("first view", "viewed again")

PAGES = [
    "home",
    "issue",
    "month summary",
    "year archive",
    "archive index",
    "tag index",
    "tag",
    "search in Chinese",
    "search in English",
    "Atom feed",
    "RSS feed",
    "tag feed",
    "section feed",
    "sitemap",
]


def reader_pages():
    """Name → URL of every reader page and feed of the archive in the database."""
    visible = Issue.objects.visible()
    newest = visible.first()
    issues_per_month = Counter(issue.month for issue in visible)
    busiest_month = max(issues_per_month, key=lambda month: (issues_per_month[month], month))
    tag = visible_tags().order_by("-entry_count", "name").first()
    section = Section.objects.get(slug="papers")
    return {
        "home": reverse("digest:home"),
        "issue": newest.get_absolute_url(),
        "month summary": busiest_month.get_absolute_url(),
        "year archive": reverse("digest:year-archive", args=[newest.year]),
        "archive index": reverse("digest:archive-index"),
        "tag index": reverse("digest:tag-index"),
        "tag": reverse("digest:tag-detail", args=[tag.slug]),
        "search in Chinese": reverse("digest:search") + "?q=神经元",
        "search in English": reverse("digest:search") + "?q=TensorFlow",
        "Atom feed": reverse("digest:feed-issues-atom"),
        "RSS feed": reverse("digest:feed-issues-rss"),
        "tag feed": reverse("digest:feed-tag", args=[tag.slug]),
        "section feed": reverse("digest:feed-section", args=[section.slug]),
        "sitemap": reverse("sitemap"),
    }


def queries_per_page():
    """Name → (URL, {view: [SQL of each query]}) for an anonymous reader, at the page's first
    view and when viewed again."""
    client = Client()
    client.get(reverse("digest:search"))  # first request: translations, templates
    measured = {}
    for name, url in reader_pages().items():
        measured[name] = (url, {})
        IssueContents.objects.all().delete()  # the first view renders every issue it shows
        for view in VIEWS:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            assert response.status_code == 200, f"{name}: {url} answered {response.status_code}"
            if name.startswith("search"):
                assert response.context["page"].object_list, f"{name}: {url} found nothing"
            measured[name][1][view] = [query["sql"] for query in captured.captured_queries]
    return measured


def archive_size():
    newest = Issue.objects.visible().first()
    return {
        "issues": Issue.objects.visible().count(),
        "entries of the newest issue": newest.entries.count(),
        "picks per issue": set(
            Issue.objects.annotate(n=Count("picks")).values_list("n", flat=True)
        ),
    }


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker, tmp_path_factory):
    """Queries per page on the small and the large archive, measured once (generating the
    large one takes a few seconds)."""
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PAGE_CACHE_ENABLED=False),
        transaction.atomic(),
        template_records.kept(),  # the search pages' results are read from response.context
    ):
        generate_archive(SMALL_ARCHIVE, out=io.StringIO())
        small, small_size = queries_per_page(), archive_size()
        generate_archive(LARGE_ARCHIVE, replace=True, out=io.StringIO())
        large, large_size = queries_per_page(), archive_size()
        transaction.set_rollback(True)
    return {"small": small, "large": large, "sizes": (small_size, large_size)}


def describe(queries):
    """The queries, long ones shortened to their start and end (FROM ... WHERE ...)."""
    short = [sql if len(sql) < 240 else f"{sql[:100]} … {sql[-130:]}" for sql in queries]
    return "\n".join(f"  {n}. {sql}" for n, sql in enumerate(short, start=1))


def test_the_archives_are_as_big_as_they_claim(measured):
    small, large = measured["sizes"]

    assert small == {"issues": 3, "entries of the newest issue": 25, "picks per issue": {3}}
    assert large == {"issues": 60, "entries of the newest issue": 25, "picks per issue": {3}}


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("name", PAGES)
def test_page_runs_as_many_queries_on_the_large_archive_as_on_the_small_one(measured, name, view):
    small_url, small = measured["small"][name]
    large_url, large = measured["large"][name]
    small, large = small[view], large[view]

    assert len(large) == len(small), (
        f"{name} ({view}): {len(small)} queries with {SMALL_ARCHIVE} issues ({small_url}), "
        f"{len(large)} with {LARGE_ARCHIVE} ({large_url}). Queries on the large archive:\n"
        + describe(large)
    )


@pytest.mark.parametrize("name", PAGES)
def test_page_runs_at_most_10_queries(measured, name):
    limits = {"first view": MAX_QUERIES_AT_FIRST_VIEW, "viewed again": MAX_QUERIES_PER_PAGE}
    for archive in ("small", "large"):
        url, views = measured[archive][name]
        for view, limit in limits.items():
            assert len(views[view]) <= limit, (
                f"{name} ({view}): {len(views[view])} queries on the {archive} archive "
                f"({url}):\n" + describe(views[view])
            )
