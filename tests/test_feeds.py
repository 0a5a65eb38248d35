"""The feeds: whole issues in Atom and RSS, entries per tag and per section, and the pages that
advertise them. Feeds are read with feedparser, as a feed reader would."""

import datetime
from urllib.parse import urlsplit

import feedparser
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from digest.models import Issue
from tests.discovery_pages import SITE, feed_links, fetch, head
from tests.factories import future, make_entry, make_issue, make_pick
from tests.html_inspection import elements

pytestmark = pytest.mark.django_db

ATOM = "/feeds/issues.atom"
RSS = "/feeds/issues.rss"
ISSUE_FEEDS = [ATOM, RSS]


def read_feed(client, url):
    """The parsed feed at `url`, after checking that it was served and is well-formed."""
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    # Take the feed as sent: no sanitizing, no resolving of relative links by the parser.
    parsed = feedparser.parse(response.content, sanitize_html=False, resolve_relative_uris=False)
    assert not parsed.bozo, f"{url} is not a well-formed feed: {parsed.get('bozo_exception')}"
    return parsed


def item_html(item):
    """The HTML of a feed item: Atom's <content>, else RSS's <description>."""
    if item.get("content"):
        return item.content[0].value
    return item.description


def item_titles(parsed):
    return [item.title for item in parsed.entries]


def the_item(parsed, title):
    [item] = [item for item in parsed.entries if item.title == title]
    return item


def targets(html):
    """Every link target and image address in some HTML."""
    found = []
    for element in elements(html):
        if element.tag == "a" and element.get("href"):
            found.append(element.get("href"))
        if element.tag == "img" and element.get("src"):
            found.append(element.get("src"))
    return found


def tag_path(name):
    return reverse("digest:tag-detail", args=[Tag.objects.get(name=name).slug])


def tag_feed_path(name):
    return reverse("digest:feed-tag", args=[Tag.objects.get(name=name).slug])


@pytest.fixture
def issue():
    """Week 47 of 2020: intro with a site link and an image, two sections, picks, card, tags."""
    issue = make_issue(
        year=2020,
        week=47,
        intro=(
            "Read [last week's issue](/issues/2020/week-46/) first.\n\n"
            "![Chart of the week](/media/uploads/chart.png)"
        ),
    )
    paper = make_entry(
        issue,
        "papers",
        tags=["NLP", "机器学习"],
        position=1,
        headline="Attention Is All You Need",
        original_title="Attention Is All You Need (arXiv)",
        source_url="https://arxiv.org/abs/1706.03762",
        summary="The *Transformer*; see [our notes](/issues/2020/week-45/).",
        image="entries/2020/transformer.png",
        image_alt="The Transformer architecture",
        card_url="https://github.com/tensorflow/tensor2tensor",
        card_title="tensor2tensor",
        card_description="Library of deep learning models and datasets.",
        card_site="GitHub",
    )
    article = make_entry(
        issue,
        "articles",
        tags=["NLP"],
        position=1,
        headline="Deploying models at scale",
        original_title="How we deploy",
        source_url="https://example.com/deploy",
        summary="Lessons learned.",
    )
    make_entry(issue, "other", position=1, headline="An untagged note")
    make_pick(issue, paper, position=1, blurb="A classic worth rereading")
    make_pick(issue, article, position=2)
    return issue


@pytest.fixture
def hidden_issues():
    """A draft, an issue in review and a scheduled future issue, each with a tagged paper."""
    hidden = [
        make_issue(week=48, status=Issue.Status.DRAFT, title="Draft issue"),
        make_issue(week=49, status=Issue.Status.IN_REVIEW, title="Issue in review"),
        make_issue(
            week=50, status=Issue.Status.SCHEDULED, publish_at=future(), title="Future issue"
        ),
    ]
    for hidden_issue in hidden:
        make_entry(
            hidden_issue,
            "papers",
            tags=["NLP", "机器学习"],
            headline=f"Hidden paper of {hidden_issue.title}",
        )
    return hidden


# --- The issue feeds -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "content_type"),
    [(ATOM, "application/atom+xml"), (RSS, "application/rss+xml")],
)
def test_issue_feed_is_well_formed_and_has_its_content_type(client, issue, url, content_type):
    response = client.get(url)

    assert response["Content-Type"].startswith(content_type)
    assert item_titles(read_feed(client, url)) == ["Week 47, 2020"]


@pytest.mark.parametrize("url", ISSUE_FEEDS)
def test_each_feed_item_is_the_whole_issue(client, issue, url):
    html = item_html(the_item(read_feed(client, url), "Week 47, 2020"))

    assert "last week&#x27;s issue" in html or "last week's issue" in html
    assert "Editor&#x27;s picks of the week" in html or "Editor's picks of the week" in html
    assert "A classic worth rereading" in html
    assert "1. Machine Learning Papers" in html
    assert "2. Technical Articles" in html
    assert "3. Other Topics" in html
    for headline in ("Attention Is All You Need", "Deploying models at scale", "An untagged note"):
        assert headline in html
    assert "https://arxiv.org/abs/1706.03762" in targets(html)
    assert "Attention Is All You Need (arXiv)" in html
    assert "https://example.com/deploy" in targets(html)
    assert "<em>Transformer</em>" in html
    assert "https://github.com/tensorflow/tensor2tensor" in targets(html)
    assert "tensor2tensor" in html
    assert "Library of deep learning models and datasets." in html
    assert "#NLP" in html
    assert "#机器学习" in html


@pytest.mark.parametrize("url", ISSUE_FEEDS)
def test_feed_items_link_and_show_images_by_absolute_urls(client, issue, url):
    html = item_html(the_item(read_feed(client, url), "Week 47, 2020"))

    found = targets(html)
    relative = [target for target in found if not urlsplit(target).scheme]
    assert relative == []
    assert f"{SITE}/issues/2020/week-46/" in found  # a link in the intro
    assert f"{SITE}/media/uploads/chart.png" in found  # an image in the intro
    assert f"{SITE}/issues/2020/week-45/" in found  # a link in a summary
    assert f"{SITE}/media/entries/2020/transformer.png" in found  # an entry's image
    assert f"{SITE}/issues/2020/week-47/#attention-is-all-you-need" in found  # a pick
    assert f"{SITE}{tag_path('NLP')}" in found
    assert f"{SITE}{tag_path('机器学习')}" in found


@pytest.mark.parametrize("url", ISSUE_FEEDS)
def test_feed_item_links_to_the_issue_page(client, issue, url):
    item = the_item(read_feed(client, url), "Week 47, 2020")

    assert item.link == f"{SITE}/issues/2020/week-47/"


@pytest.mark.parametrize("url", ISSUE_FEEDS)
def test_issue_feeds_list_only_visible_issues(client, issue, hidden_issues, url):
    make_issue(week=46, status=Issue.Status.SCHEDULED, publish_at=issue.publish_at)

    parsed = read_feed(client, url)

    assert item_titles(parsed) == ["Week 47, 2020", "Week 46, 2020"]
    everything = str(parsed)
    for hidden in ("Draft issue", "Issue in review", "Future issue", "Hidden paper"):
        assert hidden not in everything


@pytest.mark.parametrize("url", ISSUE_FEEDS)
def test_scheduled_issue_enters_the_feeds_once_its_publish_time_has_passed(client, url):
    publish_at = timezone.now() + datetime.timedelta(hours=6)
    make_issue(week=47, status=Issue.Status.SCHEDULED, publish_at=publish_at)

    assert item_titles(read_feed(client, url)) == []
    with time_machine.travel(publish_at + datetime.timedelta(minutes=1), tick=False):
        assert item_titles(read_feed(client, url)) == ["Week 47, 2020"]


def test_feed_item_updated_date_moves_when_the_issue_is_edited(client, issue):
    before = the_item(read_feed(client, ATOM), "Week 47, 2020").updated_parsed

    with time_machine.travel(timezone.now() + datetime.timedelta(days=1), tick=False):
        issue.intro = "A corrected intro."
        issue.save()
        after = the_item(read_feed(client, ATOM), "Week 47, 2020").updated_parsed

    assert after > before


def test_feed_item_updated_date_moves_when_one_of_its_entries_is_edited(client, issue):
    before = the_item(read_feed(client, ATOM), "Week 47, 2020").updated_parsed

    with time_machine.travel(timezone.now() + datetime.timedelta(days=1), tick=False):
        entry = issue.entries.get(headline="Deploying models at scale")
        entry.summary = "Lessons learned, corrected."
        entry.save()
        parsed = read_feed(client, ATOM)

    item = the_item(parsed, "Week 47, 2020")
    assert item.updated_parsed > before
    assert "Lessons learned, corrected." in item_html(item)


@pytest.mark.parametrize("url", ISSUE_FEEDS)
def test_feed_answers_not_modified_to_if_modified_since_its_last_modified(client, issue, url):
    response = client.get(url)
    assert response.has_header("Last-Modified")

    again = client.get(url, headers={"If-Modified-Since": response["Last-Modified"]})

    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.parametrize("url", ISSUE_FEEDS)
def test_feed_answers_not_modified_to_if_none_match_its_etag(client, issue, url):
    response = client.get(url)
    assert response.has_header("ETag")

    again = client.get(url, headers={"If-None-Match": response["ETag"]})

    assert again.status_code == 304


@pytest.mark.parametrize("url", ISSUE_FEEDS)
def test_feed_is_sent_in_full_again_once_an_issue_changed(client, issue, url):
    response = client.get(url)

    with time_machine.travel(timezone.now() + datetime.timedelta(days=1), tick=False):
        issue.intro = "A corrected intro."
        issue.save()
        again = client.get(
            url,
            headers={
                "If-Modified-Since": response["Last-Modified"],
                "If-None-Match": response["ETag"],
            },
        )

    assert again.status_code == 200
    assert response["Last-Modified"] != again["Last-Modified"]
    assert b"A corrected intro." in again.content


# --- Entry feeds per tag and per section --------------------------------------------------


@pytest.mark.parametrize("name", ["NLP", "机器学习"])
def test_tag_feed_lists_only_visible_entries_with_the_tag(client, issue, hidden_issues, name):
    expected = sorted(issue.entries.filter(tags__name=name).values_list("headline", flat=True))

    parsed = read_feed(client, tag_feed_path(name))

    assert sorted(item_titles(parsed)) == expected
    assert "An untagged note" not in str(parsed)
    assert "Hidden paper" not in str(parsed)


def test_chinese_tag_feed_lives_at_the_tags_unicode_slug(client, issue):
    assert Tag.objects.get(name="机器学习").slug == "机器学习"

    parsed = read_feed(client, "/tags/机器学习/feed/")

    assert item_titles(parsed) == ["Attention Is All You Need"]


def test_tag_feed_items_are_whole_entries_with_absolute_links(client, issue):
    item = the_item(read_feed(client, tag_feed_path("NLP")), "Attention Is All You Need")

    assert item.link == f"{SITE}/issues/2020/week-47/#attention-is-all-you-need"
    html = item_html(item)
    assert "<em>Transformer</em>" in html
    assert f"{SITE}/media/entries/2020/transformer.png" in targets(html)
    assert [target for target in targets(html) if not urlsplit(target).scheme] == []


def test_section_feed_lists_only_visible_entries_of_the_section(client, issue, hidden_issues):
    parsed = read_feed(client, reverse("digest:feed-section", args=["papers"]))

    assert item_titles(parsed) == ["Attention Is All You Need"]


def test_section_feed_of_a_section_without_visible_entries_is_not_found(client, issue):
    assert client.get(reverse("digest:feed-section", args=["use-cases"])).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/tags/no-such-tag/feed/",
        "/tags/不存在/feed/",
        "/sections/no-such-section/feed/",
    ],
)
def test_feed_of_an_unknown_tag_or_section_is_not_found(client, issue, url):
    assert client.get(url).status_code == 404


# --- Pages advertise the feeds -------------------------------------------------------------


READER_PAGES = [
    "/",
    "/issues/",
    "/issues/2020/week-47/",
    "/issues/2020/11/",
    "/issues/2020/",
    "/tags/",
    "/tags/nlp/",
    "/search/?q=x",
    "/search/?q=attention",
]


@pytest.mark.parametrize("url", READER_PAGES)
def test_reader_page_advertises_the_atom_and_rss_feeds_in_its_head(client, issue, url):
    html = fetch(client, url)

    assert f"{SITE}{ATOM}" in feed_links(html, "application/atom+xml")
    assert f"{SITE}{RSS}" in feed_links(html, "application/rss+xml")
    for link in head(html, "link", rel="alternate"):
        if link.get("type"):  # the others are the page in each language (hreflang)
            assert link.get("title"), "every advertised feed has a title feed readers can show"


@pytest.mark.parametrize("name", ["NLP", "机器学习"])
def test_tag_page_advertises_its_own_feed(client, issue, name):
    html = fetch(client, tag_path(name))

    assert f"{SITE}{tag_feed_path(name)}" in feed_links(html, "application/atom+xml")
    read_feed(client, tag_feed_path(name))
