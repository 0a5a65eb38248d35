"""Nothing unpublished leaks to readers, wherever they click.

A small archive (published issues in October and November 2020, tags in Chinese and English)
sits next to a draft, an issue in review and one scheduled for later, each carrying unique
marker texts in every field a page could show. An anonymous reader crawls every page reachable
from the home page, plus every URL the data could give rise to; no page may show a marker.
"""

from urllib.parse import urlencode

import pytest
import time_machine
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from taggit.models import Tag

from digest.models import Issue
from tests.crawl import crawl, reader_urls
from tests.factories import make_entry, make_issue, make_pick
from tests.workflow_fixtures import tokyo

pytestmark = pytest.mark.django_db

S = Issue.Status
NOW = tokyo(2020, 11, 25, 12, 0)
SCHEDULED_AT = tokyo(2020, 12, 6, 9, 0)  # week 49 goes out on Sunday 6 December

PUBLISHED_WEEKS = {
    # week: (publish time, tags of its two entries)
    44: (tokyo(2020, 11, 1, 9), ["机器学习", "NLP"]),  # an October week (Thursday 29 Oct)
    45: (tokyo(2020, 11, 8, 9), ["强化学习", "Robotics"]),
    46: (tokyo(2020, 11, 15, 9), ["机器学习", "Computer Vision"]),
}
UNPUBLISHED = {
    # key: (week, status, publish time, its own tag)
    "draft": (47, S.DRAFT, None, "草稿专用标签"),
    "review": (48, S.IN_REVIEW, tokyo(2020, 11, 29, 9), "review-only-tag"),
    "scheduled": (49, S.SCHEDULED, SCHEDULED_AT, "定时发布标签"),
}
LANGUAGES = ("en", "zh-hans")
ENTRY_MARKERS = ("headline", "summary", "original title", "card title", "tag")


def markers(key):
    """{field: unique text} of the unpublished issue `key`."""
    texts = {field: f"zz-{key}-{field.replace(' ', '-')}-marker" for field in ENTRY_MARKERS}
    texts["title"] = f"zz-{key}-title-marker"
    texts["intro"] = f"zz-{key}-intro-marker"
    texts["tag"] = UNPUBLISHED[key][3]
    return texts


@pytest.fixture
def archive():
    with time_machine.travel(NOW, tick=False):
        for week, (publish_at, tags) in PUBLISHED_WEEKS.items():
            issue = make_issue(week=week, publish_at=publish_at, intro=f"Intro of week {week}.")
            first = make_entry(issue, "papers", tags=tags)
            make_entry(issue, "articles", tags=tags[:1], card_title=f"Card of week {week}")
            make_pick(issue, first)
        for key, (week, status, publish_at, _tag) in UNPUBLISHED.items():
            text = markers(key)
            issue = make_issue(
                week=week,
                status=status,
                publish_at=publish_at,
                title=text["title"],
                intro=f"Hello from {text['intro']}.",
            )
            entry = make_entry(
                issue,
                "papers",
                # Its own tag, and tags that published entries use too.
                tags=[text["tag"], "机器学习", "NLP"],
                headline=text["headline"],
                summary=f"A *summary*: {text['summary']}",
                original_title=text["original title"],
                card_url="https://example.com/card",
                card_title=text["card title"],
            )
            make_pick(issue, entry)
    return {key: Issue.objects.get(week=week) for key, (week, *_rest) in UNPUBLISHED.items()}


def leaks(pages, keys):
    """[(url, key, field)] of each marker of the issues `keys` found on a page."""
    return [
        (page.url, key, field)
        for page in pages
        for key in keys
        for field, text in markers(key).items()
        if text in page.text_without_request
    ]


def search_urls():
    """Searches for the unpublished issues' texts, where the site has a search page."""
    try:
        search = reverse("digest:search")
    except NoReverseMatch:
        return []
    return [
        f"{search}?{urlencode({'q': markers(key)[field]})}"
        for key in UNPUBLISHED
        for field in ("title", "intro", "summary", "tag")
    ]


def crawl_as_reader(language):
    """Every page an anonymous reader reaches, reading the site in `language` (its pages at
    their addresses in that language; the language links lead to the others too)."""
    with translation.override(language):
        start_urls = [reverse("digest:home"), *reader_urls(), *search_urls()]
    return crawl(Client(), start_urls=start_urls)


def test_crawl_starts_at_home_and_follows_links(client):
    # The crawler itself: it finds pages nobody listed for it.
    make_entry(make_issue(week=46), tags=["NLP"])

    pages = crawl(client, start_urls=["/"])

    urls = {page.url for page in pages}
    assert {
        "/",
        reverse("digest:archive-index"),
        reverse("digest:tag-index"),
        reverse("digest:year-archive", args=[2020]),
        reverse("digest:issue-detail", args=[2020, 46]),
        reverse("digest:tag-detail", args=[Tag.objects.get(name="NLP").slug]),
    } <= urls
    assert not any(url.startswith(("/admin/", "/static/")) for url in urls)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_reader_page_shows_anything_unpublished(archive, language):
    with time_machine.travel(NOW, tick=False):
        pages = crawl_as_reader(language)

    assert len(pages) >= 20, [page.url for page in pages]
    assert [page.url for page in pages if page.status_code >= 500] == []
    assert leaks(pages, UNPUBLISHED) == []
    # Nothing links to their pages, nor to December, which only the scheduled issue is in.
    unpublished_urls = [issue.get_absolute_url() for issue in archive.values()]
    unpublished_urls.append(reverse("digest:month-summary", args=[2020, 12]))
    assert [
        (page.url, url)
        for page in pages
        for url in unpublished_urls
        if f'"{url}' in page.text_without_request
    ] == []
    # The crawl saw the published archive, its tags in Chinese and in English included.
    seen = {page.url for page in pages if page.status_code == 200}
    assert reverse("digest:month-summary", args=[2020, 10]) in seen
    assert reverse("digest:tag-detail", args=[Tag.objects.get(name="强化学习").slug]) in seen
    assert reverse("digest:tag-detail", args=[Tag.objects.get(name="Computer Vision").slug]) in seen


def test_unpublished_issue_pages_are_not_found(client, archive):
    with time_machine.travel(NOW, tick=False):
        statuses = {
            key: client.get(issue.get_absolute_url()).status_code for key, issue in archive.items()
        }
        own_tags = {
            key: client.get(
                reverse("digest:tag-detail", args=[Tag.objects.get(name=markers(key)["tag"]).slug])
            ).status_code
            for key in archive
        }

    assert statuses == dict.fromkeys(archive, 404)
    assert own_tags == dict.fromkeys(archive, 404)


def test_scheduled_issue_appears_everywhere_once_due_and_the_others_still_nowhere(client, archive):
    scheduled = markers("scheduled")
    month = reverse("digest:month-summary", args=[2020, 12])
    tag_page = reverse("digest:tag-detail", args=[Tag.objects.get(name=scheduled["tag"]).slug])

    with time_machine.travel(SCHEDULED_AT, tick=False):
        issue_page = client.get(archive["scheduled"].get_absolute_url())
        home = client.get(reverse("digest:home"))
        month_page = client.get(month)
        year_page = client.get(reverse("digest:year-archive", args=[2020]))
        own_tag = client.get(tag_page)
        pages = [page for language in LANGUAGES for page in crawl_as_reader(language)]

    for response in (issue_page, home, month_page, year_page, own_tag):
        assert response.status_code == 200
    assert all(text in issue_page.content.decode() for text in scheduled.values())
    assert all(text in home.content.decode() for text in scheduled.values())
    month_html = month_page.content.decode()
    assert all(text in month_html for field, text in scheduled.items() if field in ENTRY_MARKERS)
    assert scheduled["title"] in year_page.content.decode()
    assert scheduled["headline"] in own_tag.content.decode()
    assert scheduled["tag"] in own_tag.content.decode()

    assert [page.url for page in pages if page.status_code >= 500] == []
    assert leaks(pages, ["draft", "review"]) == []
    # The searches for it now find it: so the searches above would have shown a leak.
    assert any(
        page.url.startswith("/search/") and scheduled["headline"] in page.text_without_request
        for page in pages
    ) == bool(search_urls())
    assert {page.url for page in pages if scheduled["headline"] in page.text} >= {
        "/",
        archive["scheduled"].get_absolute_url(),
        month,
        tag_page,
    }
