"""Finding one's way in the archive: a month's summary reads week by week (each week's picks,
then its entries by section) under a contents list; the archive index and the year pages show
each issue with its picks as a teaser of what is inside."""

import pytest
from django.urls import reverse

from digest.models import Issue
from tests.factories import make_entry, make_issue, make_pick
from tests.html_inspection import elements, find_all

pytestmark = pytest.mark.django_db


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response.content.decode()


def issue_url(year, week):
    return reverse("digest:issue-detail", args=[year, week])


def month_url(year, month):
    return reverse("digest:month-summary", args=[year, month])


def in_order(html, *texts):
    """True if the texts appear in this order, each after the one before it."""
    position = 0
    for text in texts:
        position = html.find(text, position)
        if position < 0:
            return False
        position += len(text)
    return True


def picked_week(week, section_slugs=("papers", "articles"), status=Issue.Status.PUBLISHED):
    """A November 2020 issue with an entry per section, the first one picked."""
    issue = make_issue(week=week, status=status)
    entries = [
        make_entry(issue, slug, headline=f"W{week} {slug} entry", position=1)
        for slug in section_slugs
    ]
    make_pick(issue, entries[0], blurb=f"Pick of week {week}")
    return issue


# --- The month summary ----------------------------------------------------------------------


def test_month_summary_reads_week_by_week_picks_then_entries_by_section(client):
    # Created out of order: the page orders by week, never by creation or by section first.
    for week in (48, 45, 47, 46):
        picked_week(week)
    make_entry(make_issue(week=44), headline="October paper")
    make_entry(make_issue(week=49, status=Issue.Status.DRAFT), headline="Draft paper")

    html = page(client, month_url(2020, 11))

    expected = []
    for week in (45, 46, 47, 48):
        expected += [
            f"Week {week}, 2020",
            f"Pick of week {week}",
            "1. Machine Learning Papers",
            f"W{week} papers entry",
            "2. Technical Articles",
            f"W{week} articles entry",
        ]
    # Past the contents list, which names the weeks and sections first.
    body = html[html.index("</details>") :]
    assert in_order(body, *expected)
    assert "October paper" not in html
    assert "Draft paper" not in html


def test_month_summary_picks_link_to_the_entries_on_their_issue_pages(client):
    picked_week(45)
    picked_week(46)

    html = page(client, month_url(2020, 11))

    links = [link.get("href") for link in find_all(html, "a") if "Pick of week" in link.text]
    assert links == [
        f"{issue_url(2020, 45)}#w45-papers-entry",
        f"{issue_url(2020, 46)}#w46-papers-entry",
    ]


def test_month_summary_has_contents_listing_each_week_and_its_sections(client):
    picked_week(45)
    picked_week(47, section_slugs=("papers", "other"))

    html = page(client, month_url(2020, 11))

    [contents] = find_all(html, "details", class_="toc-details")
    assert contents.inside("nav")
    listed = [
        (link.get("href"), link.text) for link in find_all(html, "a") if link.inside("details")
    ]
    assert listed == [
        ("#week-45", "Week 45, 2020"),
        ("#week-45-papers", "Machine Learning Papers"),
        ("#week-45-articles", "Technical Articles"),
        ("#week-47", "Week 47, 2020"),
        ("#week-47-papers", "Machine Learning Papers"),
        ("#week-47-other", "Other Topics"),
    ]
    targets = {element.get("id") for element in elements(html) if element.get("id")}
    assert {href.removeprefix("#") for href, _text in listed} <= targets


def test_month_summary_links_each_week_to_its_issue(client):
    picked_week(45)
    picked_week(46)

    html = page(client, month_url(2020, 11))

    for week in (45, 46):
        [heading_link] = [
            link for link in find_all(html, "a", href=issue_url(2020, week)) if link.inside("h2")
        ]
        assert heading_link.text == f"Week {week}, 2020"


# --- Teasers in the archive -------------------------------------------------------------------


def teasers(html):
    """{issue URL: [pick texts]} for every issue listed with a teaser."""
    found = {}
    parsed = elements(html)
    for item in [e for e in parsed if e.tag == "li" and "issue-summary" in e.classes]:
        title, *picks = [
            link
            for link in parsed
            if link.tag == "a" and any(parent is item for parent in link.ancestors)
        ]
        found[title.get("href")] = [pick.text for pick in picks]
    return found


def test_year_page_shows_each_issue_with_its_picks(client):
    picked_week(45)
    picked_week(46)
    make_issue(week=47)  # no picks: listed without a teaser

    html = page(client, reverse("digest:year-archive", args=[2020]))

    assert teasers(html) == {
        issue_url(2020, 45): ["Pick of week 45"],
        issue_url(2020, 46): ["Pick of week 46"],
        issue_url(2020, 47): [],
    }


def test_a_pick_without_a_blurb_is_teased_by_its_headline_and_links_to_its_entry(client):
    issue = make_issue(week=45)
    entry = make_entry(issue, headline="Attention Is All You Need")
    make_pick(issue, entry)

    html = page(client, reverse("digest:year-archive", args=[2020]))

    [link] = [a for a in find_all(html, "a") if a.inside("ul", "issue-teaser")]
    assert link.text == "Attention Is All You Need"
    assert link.get("href") == f"{issue_url(2020, 45)}#attention-is-all-you-need"


def test_archive_index_shows_the_latest_issues_with_their_picks(client):
    picked_week(45)
    picked_week(46)
    picked_week(47, status=Issue.Status.DRAFT)

    html = page(client, reverse("digest:archive-index"))

    assert teasers(html) == {
        issue_url(2020, 46): ["Pick of week 46"],
        issue_url(2020, 45): ["Pick of week 45"],
    }
    assert "Pick of week 47" not in html


def test_archive_index_lists_every_year_with_its_monthly_summaries(client):
    make_issue(year=2019, week=50)  # December
    make_issue(year=2020, week=1)  # January
    make_issue(year=2020, week=45)  # November
    make_issue(year=2020, week=46)
    make_issue(year=2020, week=44, status=Issue.Status.DRAFT)  # October, not visible

    html = page(client, reverse("digest:archive-index"))

    year_links = [link.get("href") for link in find_all(html, "a", class_="year-link")]
    assert year_links == [
        reverse("digest:year-archive", args=[2020]),
        reverse("digest:year-archive", args=[2019]),
    ]
    month_links = [
        link.get("href") for link in find_all(html, "a") if link.inside("ul", "month-list")
    ]
    assert month_links == [month_url(2020, 1), month_url(2020, 11), month_url(2019, 12)]
    assert "3 issues" in html and "1 issue" in html


def test_home_lists_recent_issues_with_their_picks(client):
    picked_week(45)
    picked_week(46)

    html = page(client, reverse("digest:home"))

    assert teasers(html) == {issue_url(2020, 45): ["Pick of week 45"]}
