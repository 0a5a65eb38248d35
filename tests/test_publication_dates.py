"""Honest publication dates: an issue of the back catalogue imported with --publish is dated at
its week's publication slot (or at --published-at), and feeds, meta tags and structured data
give readers and search engines that date, never the moment of the import."""

import datetime
import io
import json
from pathlib import Path

import feedparser
import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.http import http_date

from digest import weeks
from digest.models import Issue
from tests.discovery_pages import fetch, meta
from tests.factories import make_entry, make_issue
from tests.html_inspection import elements
from tests.workflow_fixtures import tokyo

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
ENGLISH = FIXTURES / "week10-2021.en.md"  # week 10 of 2021, whose slot is Sun 14 March 09:00
SLOT = tokyo(2021, 3, 14, 9)
URL = "/issues/2021/week-10/"
ATOM = "/feeds/issues.atom"
RSS = "/feeds/issues.rss"


def run(*args):
    out = io.StringIO()
    call_command("import_issue", *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def newer_issue():
    """Week 12 of 2021, published at its own slot long before the back catalogue came in."""
    slot = tokyo(2021, 3, 28, 9)
    issue = make_issue(year=2021, week=12, publish_at=slot, published_at=slot)
    make_entry(issue, headline="A newer entry", tags=["tooling"])
    return issue


@pytest.fixture
def back_catalogue(tmp_path, newer_issue):
    """Week 10 of 2021 imported today with --publish."""
    run(ENGLISH, "--publish", "--media-dir", tmp_path)
    return Issue.objects.get(year=2021, week=10)


def read_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return feedparser.parse(response.content)


def as_datetime(struct_time):
    return datetime.datetime(*struct_time[:6], tzinfo=datetime.UTC)


def structured_data(html):
    [script] = [e for e in elements(html) if e.get("type") == "application/ld+json"]
    return json.loads(script.text)


def test_publish_dates_an_issue_of_a_past_week_at_its_slot(back_catalogue):
    assert back_catalogue.published_at == back_catalogue.publish_at == SLOT
    assert weeks.publication_time(2021, 10) == SLOT


def test_publish_of_a_week_whose_slot_is_still_to_come_publishes_now(tmp_path):
    # Thursday of week 10: its slot (Sunday) is three days ahead.
    with time_machine.travel(tokyo(2021, 3, 11, 12), tick=False):
        run(ENGLISH, "--publish", "--media-dir", tmp_path)
        issue = Issue.objects.get(year=2021, week=10)
        assert issue.published_at == timezone.now()
        assert issue.is_visible


def test_published_at_dates_the_issue_at_the_given_time(tmp_path):
    out = run(ENGLISH, "--published-at", "2021-03-15T07:30", "--media-dir", tmp_path)
    issue = Issue.objects.get(year=2021, week=10)
    assert issue.status == Issue.Status.PUBLISHED
    assert issue.published_at == issue.publish_at == tokyo(2021, 3, 15, 7, 30)
    assert "(Published, published 2021-03-15T07:30:00+09:00)" in out
    assert issue.status_changes.get().to_status == "published"


def test_published_at_still_to_come_is_refused(tmp_path):
    later = (timezone.localtime() + datetime.timedelta(days=2)).replace(tzinfo=None)
    with pytest.raises(CommandError, match="--published-at is still to come: use --publish-at"):
        run(ENGLISH, "--published-at", later.isoformat(), "--media-dir", tmp_path)
    with pytest.raises(CommandError, match="not allowed with argument"):
        run(ENGLISH, "--published-at", "2021-03-15T07:30", "--publish-at", "2030-01-01T09:00")
    assert not Issue.objects.exists()


@pytest.mark.parametrize("url", [ATOM, RSS])
def test_feeds_date_the_back_catalogue_at_its_slot_and_keep_newest_first(
    client, back_catalogue, url
):
    feed = read_feed(client, url)

    titles = [item.title for item in feed.entries]
    assert titles == ["Week 12, 2021", "Week 10, 2021"]
    dates = [as_datetime(item.published_parsed) for item in feed.entries]
    assert dates == [tokyo(2021, 3, 28, 9), SLOT]
    assert dates == sorted(dates, reverse=True)  # a reader sorting by date keeps the order


def test_entry_feeds_date_entries_at_their_issues_publication(client, back_catalogue):
    feed = read_feed(client, "/sections/papers/feed/")
    dates = {item.title: as_datetime(item.published_parsed) for item in feed.entries}
    assert dates["Counting sheep in low light with a single camera"] == SLOT


def test_meta_tags_and_structured_data_carry_the_publication_date(client, back_catalogue):
    html = fetch(client, URL)

    assert meta(html, property="article:published_time") == "2021-03-14T09:00:00+09:00"
    data = structured_data(html)
    assert datetime.datetime.fromisoformat(data["datePublished"]) == SLOT
    # The import is a change readers can see, so it is the modification date, never the
    # publication date.
    modified = datetime.datetime.fromisoformat(data["dateModified"])
    assert modified > SLOT
    assert datetime.datetime.fromisoformat(meta(html, property="article:modified_time")) == modified


def test_a_republished_issue_is_dated_at_its_recorded_publication(client):
    went_live = tokyo(2021, 3, 14, 9)
    published_again = tokyo(2021, 3, 20, 18)
    issue = make_issue(year=2021, week=10, publish_at=went_live, published_at=published_again)
    make_entry(issue)

    html = fetch(client, URL)

    assert meta(html, property="article:published_time") == "2021-03-20T18:00:00+09:00"
    assert datetime.datetime.fromisoformat(structured_data(html)["datePublished"]) == (
        published_again
    )
    [item] = read_feed(client, RSS).entries
    assert as_datetime(item.published_parsed) == published_again


def test_the_sitemap_lists_the_back_catalogue_issue_as_changed_at_its_import(
    client, newer_issue, tmp_path
):
    before = client.get("/sitemap.xml")
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1), tick=False):
        run(ENGLISH, "--publish", "--media-dir", tmp_path)
        # <lastmod> is a modification date: a crawler that read the sitemap before the import
        # must get it again in full, with the new address.
        again = client.get("/sitemap.xml", headers={"If-Modified-Since": before["Last-Modified"]})
    assert again.status_code == 200
    assert f"http://testserver{URL}" in again.content.decode()
    assert http_date(SLOT.timestamp()) not in again["Last-Modified"]
