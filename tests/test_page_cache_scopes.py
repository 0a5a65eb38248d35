"""Invalidation page by page: each cached page knows what it shows, a change makes stale
exactly the pages showing what changed, and an edited page is rebuilt by one request while
others get the previous copy for a few seconds — never a deleted or unpublished one."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone
from taggit.models import Tag

from digest import cache as page_cache
from digest.cache import page_key
from digest.models import Entry, Issue, Section
from tests.factories import make_entry, make_full_issue, make_issue, make_pick
from tests.shared_data import shared_by_the_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def archive_built_once(request, django_db_setup, django_db_blocker):
    """Five published issues and a draft of 2020, and the year before with a week in common
    and a draft, and a draft of 2017, shared by the module's tests (tests.shared_data).

    Every page of `reader_urls` is then served once, as by a reader, which stores the issues'
    rendered contents (in the shared data) and the pages (in the cache): the stored pages are
    kept for `every_page_cached`, and the cache is emptied again for the tests."""
    with shared_by_the_module(request, django_db_blocker):
        for week in (40, 44, 45, 46, 47):
            make_full_issue(2020, week, entries=4, tags=("shared", f"only-{week}"))
        draft = make_issue(2020, 48, status=Issue.Status.DRAFT)
        make_entry(draft, headline="Draft entry waiting", tags=["shared"])
        for week in (10, 20, 46, 52):
            make_full_issue(2019, week, entries=2, tags=("shared",))
        make_entry(make_issue(2019, 30, status=Issue.Status.DRAFT), headline="Older draft")
        make_entry(make_issue(2017, 45, status=Issue.Status.DRAFT), headline="Oldest draft")
        with override_settings(PAGE_CACHE_ENABLED=True):
            urls = reader_urls(published_in_2020())
            for url in urls:
                served(Client(), url)
        keys = {url: page_key(RequestFactory().get(url)) for url in urls}
        pages = cache.get_many(keys.values())
        assert [url for url in urls if keys[url] not in pages] == [MONTH_OF_A_DRAFT]
        cache.clear()
        yield pages


def published_in_2020():
    return {issue.week: issue for issue in Issue.objects.filter(year=2020).exclude(week=48)}


@pytest.fixture
def archive(settings, archive_built_once):
    """The published issues of 2020 by week, with the page cache on."""
    settings.PAGE_CACHE_ENABLED = True
    return published_in_2020()


@pytest.fixture
def every_page_cached(archive_built_once, archive):
    """The cache as it is once a reader has seen every page of `reader_urls` (the pages were
    stored once for the module, from the same data)."""
    cache.set_many(archive_built_once, settings.PAGE_CACHE_SECONDS)


# July 2019 has only a draft: its address answers 404, and such a page is not kept.
MONTH_OF_A_DRAFT = "/issues/2019/07/"


def reader_urls(issues):
    tags = (
        Tag.objects.filter(digest_taggedentry_items__isnull=False)
        .exclude(
            name__startswith="tag-"  # one per entry: a few tag pages show what all of them would
        )
        .distinct()
    )
    return [
        "/",
        *(issue.get_absolute_url() for issue in issues.values()),
        # The year before, and the addresses of its draft and of 2020's (404s until published).
        *(issue.get_absolute_url() for issue in Issue.objects.exclude(year=2020)),
        "/issues/2020/week-48/",
        "/issues/",
        "/issues/2019/",
        "/issues/2019/03/",
        "/issues/2019/05/",
        MONTH_OF_A_DRAFT,
        "/issues/2019/11/",
        "/issues/2019/12/",
        "/issues/2020/",
        "/issues/2020/10/",
        "/issues/2020/11/",
        "/tags/",
        *(f"/tags/{tag.slug}/" for tag in tags),
        *(f"/tags/{tag.slug}/feed/" for tag in tags.filter(name__in=["shared", "only-47"])),
        *(f"/sections/{slug}/feed/" for slug in ("papers", "articles", "use-cases")),
        "/feeds/issues.atom",
        "/feeds/issues.rss",
        "/search/?q=entry",
        "/sitemap.xml",
        "/robots.txt",
    ]


@pytest.fixture
def waits_take_no_time(monkeypatch):
    """A request waiting for another one's rebuild waits on a clock that its pauses move on,
    so the test waits the whole PAGE_CACHE_REBUILD_SECONDS without sleeping."""
    now = [0.0]

    def pause(seconds):
        now[0] += seconds

    monkeypatch.setattr(page_cache, "pause", pause)
    monkeypatch.setattr(page_cache, "clock", lambda: now[0])


def fresh(client, url):
    with override_settings(PAGE_CACHE_ENABLED=False):
        response = client.get(url)
    return response.status_code, response.content


def served(client, url):
    response = client.get(url)
    return response.status_code, response.content


def served_stale(client, url):
    """Whether the page served for `url` differs from a fresh build. A page this request
    rebuilt (`X-Cache: miss`) is that build; every copy served from the cache is compared."""
    response = client.get(url)
    if response.get("X-Cache") == "miss":
        return False
    return (response.status_code, response.content) != fresh(client, url)


def _edit_headline(issues):
    entry = issues[45].entries.first()
    entry.headline = "An edited headline"
    entry.save()


def _rename_tag(issues):
    tag = Tag.objects.get(name="only-46")
    tag.name = "renamed-46"
    tag.save()


def _rename_section(issues):
    section = Section.objects.get(slug="papers")
    section.name_en = "Renamed papers"
    section.save()


def _publish_draft(issues):
    Issue.objects.filter(week=48).update(status=Issue.Status.PUBLISHED, publish_at=timezone.now())


def _move_entry(issues):
    entry = issues[44].entries.exclude(picks__isnull=False).first()
    Entry.objects.filter(pk=entry.pk).update(issue=issues[46])


CHANGES = {
    "entry headline edited": _edit_headline,
    "issue title changed": lambda issues: Issue.objects.filter(week=46).update(title="Renamed"),
    "tag renamed": _rename_tag,
    "tag added to an entry": lambda issues: issues[40].entries.first().tags.add("brand-new"),
    "tag removed from an entry": lambda issues: issues[47].entries.first().tags.clear(),
    "section renamed": _rename_section,
    "pick added": lambda issues: make_pick(issues[47], issues[47].entries.last(), position=9),
    "pick text changed": lambda issues: issues[45].picks.update(blurb="A new blurb"),
    "entry deleted": lambda issues: issues[44].entries.last().delete(),
    "entry added": lambda issues: make_entry(issues[46], headline="A new entry", tags=["shared"]),
    "entry moved to another issue": _move_entry,
    "issue unpublished": lambda issues: Issue.objects.filter(week=46).update(status="draft"),
    "draft published": _publish_draft,
    "issue deleted": lambda issues: issues[45].delete(),
    "issue moved to another month": lambda issues: Issue.objects.filter(year=2020, week=40).update(
        week=20
    ),
}
# Changes around the five issues: the drafts, the year before, other weeks.
CHANGES_AROUND = {
    "entry moved from a draft": lambda issues: (
        Issue.objects.get(year=2020, week=48).entries.all().update(issue=issues[47])
    ),
    "issue of the year before unpublished": lambda issues: Issue.objects.filter(
        year=2019, week=46
    ).update(status="draft"),
    "draft of the year before published": lambda issues: Issue.objects.filter(
        year=2019, week=30
    ).update(status=Issue.Status.PUBLISHED, publish_at=timezone.now()),
    # Linked from 2020's week 45 (the same week), whose other links span 2019 and 2020 only.
    "draft with a week in common published": lambda issues: Issue.objects.filter(year=2017).update(
        status=Issue.Status.PUBLISHED, publish_at=timezone.now()
    ),
    # The next issue of 2019's last one, from another year.
    "issue published early in the next year": lambda issues: make_entry(
        make_issue(2020, 2), headline="Early in the year"
    ),
    "issue moved to another year": lambda issues: Issue.objects.filter(year=2019, week=20).update(
        year=2018
    ),
    # Into a section none of whose entries were in that issue (its feed did not show the issue).
    "entry moved to another section": lambda issues: Entry.objects.filter(
        issue__year=2019, issue__week=46, section__slug="articles"
    ).update(section=Section.objects.get(slug="use-cases")),
    # 2020's week 47 then has an issue of the same week the year before to link to.
    "issue moved to another week": lambda issues: Issue.objects.filter(year=2019, week=52).update(
        week=47
    ),
}


EVERY_CHANGE = {**CHANGES, **CHANGES_AROUND}


@pytest.mark.parametrize("change", EVERY_CHANGE)
def test_no_cached_page_differs_from_a_fresh_one_after_a_change(
    client, archive, every_page_cached, change
):
    urls = reader_urls(archive)
    not_cached = [url for url in urls if client.get(url).get("X-Cache") != "hit"]
    assert not_cached == [MONTH_OF_A_DRAFT]
    EVERY_CHANGE[change](archive)
    urls = sorted(set(urls) | set(reader_urls(archive)))
    stale = [url for url in urls if served_stale(client, url)]
    assert stale == []


def test_an_edit_makes_stale_only_the_pages_that_show_it(client, archive):
    urls = reader_urls(archive)
    for url in urls:
        served(client, url)
    entry = archive[40].entries.first()
    entry.summary = "An edited summary"
    entry.save()
    rebuilt = {url for url in urls if client.get(url).get("X-Cache") != "hit"}
    assert archive[40].get_absolute_url() in rebuilt
    assert "/tags/only-40/" in rebuilt
    untouched = {
        archive[44].get_absolute_url(),  # links to it (its title did not change)
        archive[45].get_absolute_url(),
        archive[46].get_absolute_url(),
        archive[47].get_absolute_url(),
        "/issues/2020/11/",
        "/tags/only-46/",
        "/tags/",
        "/robots.txt",
    }
    assert rebuilt & untouched == set()


def test_a_page_being_rebuilt_is_served_as_it_was_meanwhile(client, archive, rf):
    url = archive[47].get_absolute_url()
    client.get(url)
    entry = archive[47].entries.first()
    entry.headline = "Edited while readers keep coming"
    entry.save()
    # Another request is rebuilding the page right now.
    cache.add(f"{page_key(rf.get(url))}:rebuild", 1, 10)

    response = client.get(url)

    assert response["X-Cache"] == "stale"
    assert "Edited while readers keep coming" not in response.content.decode()


def test_the_previous_copy_is_served_for_a_few_seconds_at_most(client, archive, rf, settings):
    url = archive[47].get_absolute_url()
    client.get(url)
    entry = archive[47].entries.first()
    entry.headline = "Edited while a rebuild hangs"
    entry.save()
    cache.add(f"{page_key(rf.get(url))}:rebuild", 1, settings.PAGE_CACHE_REBUILD_SECONDS)
    assert client.get(url)["X-Cache"] == "stale"
    later = timezone.now() + datetime.timedelta(seconds=settings.PAGE_CACHE_REBUILD_SECONDS + 1)
    with time_machine.travel(later):
        response = client.get(url)
    assert response["X-Cache"] == "miss"
    assert "Edited while a rebuild hangs" in response.content.decode()


REMOVALS = {
    "issue unpublished": lambda issue: Issue.objects.filter(pk=issue.pk).update(status="draft"),
    "issue deleted": lambda issue: issue.delete(),
    "entry deleted": lambda issue: issue.entries.last().delete(),
    "tag removed": lambda issue: issue.entries.first().tags.clear(),
}


@pytest.mark.parametrize("removal", REMOVALS)
@pytest.mark.usefixtures("waits_take_no_time")
def test_a_removal_is_never_served_from_the_previous_copy(client, archive, rf, removal):
    # The other "rebuilds" never finish: each request waits for them, then builds the page.
    issue = archive[47]
    urls = ["/", issue.get_absolute_url(), "/tags/only-47/", "/issues/2020/11/"]
    for url in urls:
        client.get(url)
        cache.add(f"{page_key(rf.get(url))}:rebuild", 1, 10)  # as if all were being rebuilt
    REMOVALS[removal](issue)
    for url in urls:
        response = client.get(url)
        assert response.get("X-Cache") != "stale", url
        assert served(client, url) == fresh(client, url), url


@pytest.mark.usefixtures("waits_take_no_time")
def test_a_page_is_never_served_as_it_was_once_a_scheduled_issue_is_due(client, archive, rf):
    due = timezone.now() + datetime.timedelta(hours=1)
    make_entry(
        make_issue(2020, 49, status=Issue.Status.SCHEDULED, publish_at=due),
        headline="Goes live within the hour",
    )
    client.get("/")
    cache.add(f"{page_key(rf.get('/'))}:rebuild", 1, 10)  # as if another request rebuilt it
    with time_machine.travel(due + datetime.timedelta(seconds=1)):
        response = client.get("/")
    assert response["X-Cache"] == "miss"
    assert "Goes live within the hour" in response.content.decode()


# Pages showing only issues of 2019 (2019's week 46 links to weeks 20, 10 and 52).
OTHER_YEAR = ["/issues/2019/week-46/", "/issues/2019/", "/issues/2019/05/"]
# Pages of 2020 showing nothing of November's last weeks: October's summary, and week 40's
# issue (it links to 2019's November and December and to week 44).
OTHER_MONTHS = ["/issues/2020/10/", "/issues/2020/week-40/"]


def test_a_publication_leaves_the_pages_of_other_years_and_months_cached(client, archive):
    for url in [*OTHER_YEAR, *OTHER_MONTHS, archive[47].get_absolute_url()]:
        client.get(url)
    Issue.objects.filter(year=2020, week=48).update(
        status=Issue.Status.PUBLISHED, publish_at=timezone.now()
    )
    assert [client.get(url)["X-Cache"] for url in OTHER_YEAR] == ["hit", "hit", "hit"]
    assert [client.get(url)["X-Cache"] for url in OTHER_MONTHS] == ["hit", "hit"]
    # The issue before it links to it now.
    response = client.get(archive[47].get_absolute_url())
    assert response["X-Cache"] == "miss"
    assert "/issues/2020/week-48/" in response.content.decode()


def test_a_publication_before_what_an_issue_page_links_to_leaves_it_cached(client, archive):
    # Week 46 links to weeks 45 and 47 and to October 2020 and December 2019 (week 52).
    url = archive[46].get_absolute_url()
    client.get(url)
    make_entry(make_issue(2019, 50), headline="Earlier in December")
    assert client.get(url)["X-Cache"] == "hit"


# The draft of week 48 holds one entry, a paper tagged "shared".
@pytest.mark.parametrize(
    "untouched, rebuilt",
    [
        ("/tags/only-40/", "/tags/shared/"),
        ("/sections/articles/feed/", "/sections/papers/feed/"),
    ],
    ids=["tag pages", "section feeds"],
)
def test_a_publication_rebuilds_only_the_pages_that_list_its_entries(
    client, archive, untouched, rebuilt
):
    for url in [untouched, rebuilt]:
        client.get(url)
    Issue.objects.filter(year=2020, week=48).update(
        status=Issue.Status.PUBLISHED, publish_at=timezone.now()
    )
    assert client.get(untouched)["X-Cache"] == "hit"
    response = client.get(rebuilt)
    assert response["X-Cache"] == "miss"
    assert "Draft entry waiting" in response.content.decode()


def test_a_scheduled_issue_going_live_leaves_the_pages_of_other_years_and_months_cached(
    client, archive
):
    due = timezone.now() + datetime.timedelta(minutes=10)
    Issue.objects.filter(year=2020, week=48).update(status=Issue.Status.SCHEDULED, publish_at=due)
    for url in [
        *OTHER_YEAR,
        *OTHER_MONTHS,
        archive[47].get_absolute_url(),
        "/issues/2020/week-48/",
    ]:
        client.get(url)
    with time_machine.travel(due + datetime.timedelta(seconds=1)):
        assert [client.get(url)["X-Cache"] for url in OTHER_YEAR] == ["hit", "hit", "hit"]
        assert [client.get(url)["X-Cache"] for url in OTHER_MONTHS] == ["hit", "hit"]
        assert client.get(archive[47].get_absolute_url())["X-Cache"] == "miss"
        response = client.get("/issues/2020/week-48/")
    assert response.status_code == 200
    assert "Draft entry waiting" in response.content.decode()


def test_an_unpublished_issue_is_a_cached_not_found_page_until_it_is_published(client, archive):
    url = "/issues/2020/week-48/"
    assert client.get(url).status_code == 404
    response = client.get(url)
    assert (response.status_code, response["X-Cache"]) == (404, "hit")
    assert "Draft entry waiting" not in response.content.decode()

    Issue.objects.filter(year=2020, week=48).update(
        status=Issue.Status.PUBLISHED, publish_at=timezone.now()
    )
    response = client.get(url)
    assert (response.status_code, response["X-Cache"]) == (200, "miss")
    assert "Draft entry waiting" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/tags/no-such-tag/",
        "/no/such/page/",
        "/issues/2020/week-9/",
        "/issues/2020/week-09/",
        "/issues/2999/",
        "/issues/2999/01/",
    ],
)
def test_an_address_of_nothing_is_not_cached(client, archive, url):
    """Only the 404s of things that exist but are not visible are kept (an issue not yet
    published, a tag without visible entries): no more of them than rows in the database, so
    made-up addresses cannot fill the cache."""
    client.get(url)
    response = client.get(url)
    assert response.status_code == 404
    assert response.get("X-Cache") is None
