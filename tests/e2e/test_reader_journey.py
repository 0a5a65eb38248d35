"""A reader browses the demo archive in a real browser, in Chinese (the site's default) and in
English (under /en/, reached from the language switch): home → issue → a pick → one of its
tags → monthly summaries → previous and next week, from the links above the entries and from
those below them."""

from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import expect

from digest.models import Issue
from tests.e2e.browsing import LIVE_DB, load_all_images

pytestmark = LIVE_DB

# What the pages say in each language; the Chinese reader never switches language.
SAYS = {
    "zh-hans": {
        "week 3, 2021": "2021 年第 3 周",
        "week 45, 2020": "2020 年第 45 周",
        "week 46, 2020": "2020 年第 46 周",
        "week 47, 2020": "2020 年第 47 周",
        "week 48, 2020": "2020 年第 48 周",
        "picks": "每周编辑精选",
        "tag": "标签：{}",
        "December summary": "2020 年 12 月汇总",
        "November summary": "2020 年 11 月汇总",
        "November": "11 月",
        "issues of 2020": "2020 年各期",
        "archive": "归档",
        "entries of the month": "1. 机器学习论文",
    },
    "en": {
        "week 3, 2021": "Week 3, 2021",
        "week 45, 2020": "Week 45, 2020",
        "week 46, 2020": "Week 46, 2020",
        "week 47, 2020": "Week 47, 2020",
        "week 48, 2020": "Week 48, 2020",
        "picks": "Editor's picks of the week",
        "tag": "Tag: {}",
        "December summary": "December 2020 summary",
        "November summary": "November 2020 summary",
        "November": "November",
        "issues of 2020": "Issues of 2020",
        "archive": "Archive",
        "entries of the month": "1. Machine Learning Papers",
    },
}


def path_of(page):
    """The page's path and #anchor, percent-escapes decoded (Chinese anchors and tags)."""
    url = urlsplit(page.url)
    return unquote(url.path + (f"#{url.fragment}" if url.fragment else ""))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_reader_follows_an_issue_from_home_to_tags_summaries_and_other_weeks(
    page, demo_archive, language
):
    says = SAYS[language]
    latest = Issue.objects.get(year=2021, week=3)
    # The second pick: its entry is in the second section, far below the top of the page.
    pick = latest.picks.select_related("entry")[1]
    entry = pick.entry
    tag = entry.tags.order_by("name").first()

    # Home, in the reader's language: Chinese by default, English from the switch link.
    page.goto("/")
    prefix = ""
    if language == "en":
        page.locator(".language-switch a[hreflang=en]").click()
        page.wait_for_url("**/en/")
        prefix = "/en"  # English pages live under /en/, and link each other there
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("h1.issue-title")).to_have_text(says["week 3, 2021"])

    # The latest issue's title leads to the issue's own page.
    page.locator("h1.issue-title a").click()
    page.wait_for_url("**/issues/2021/week-3/")
    expect(page.locator("h1")).to_have_text(says["week 3, 2021"])
    expect(page.locator("#picks-heading")).to_have_text(says["picks"])

    # A pick jumps to its entry: the anchor is in the address and the entry on screen.
    page.locator(".picks a", has_text=pick.text).click()
    page.wait_for_url("**#*")
    assert path_of(page) == f"{prefix}/issues/2021/week-3/#{entry.slug}"
    target = page.locator("article.entry:target")
    expect(target).to_have_attribute("id", entry.slug)
    expect(target.locator(".entry-headline")).to_contain_text(entry.headline)
    expect(target).to_be_in_viewport()

    # One of the entry's tags lists the entry.
    target.locator(".tag-list a", has_text=tag.name).click()
    page.wait_for_url("**/tags/*/")
    assert path_of(page) == f"{prefix}/tags/{tag.slug}/"
    expect(page.locator("h1")).to_have_text(says["tag"].format(tag.name))
    expect(page.locator("article.entry .entry-headline", has_text=entry.headline)).to_be_visible()

    # Back to the issue from the tag page, then to a month summary from the issue's links.
    page.locator(".entry-issue a", has_text=says["week 3, 2021"]).first.click()
    page.wait_for_url("**/issues/2021/week-3/#*")
    page.locator(".month-links a", has_text=says["December summary"]).click()
    page.wait_for_url("**/issues/2020/12/")
    expect(page.locator("h1")).to_have_text(says["December summary"])

    # Another month through the archive and the year page.
    page.locator(".site-nav a", has_text=says["archive"]).click()
    page.wait_for_url("**/issues/")
    page.locator(".year-list .year-link", has_text="2020").click()
    page.wait_for_url("**/issues/2020/")
    expect(page.locator("h1")).to_have_text(says["issues of 2020"])
    page.locator(".month-group h2 a", has_text=says["November"]).click()
    page.wait_for_url("**/issues/2020/11/")
    expect(page.locator("h1")).to_have_text(says["November summary"])
    expect(page.locator(".month-week-title a")).to_have_text(
        [
            says["week 45, 2020"],
            says["week 46, 2020"],
            says["week 47, 2020"],
            says["week 48, 2020"],
        ]
    )
    expect(page.locator(".section-title").first).to_have_text(says["entries of the month"])
    load_all_images(page)

    # An issue of the month, then the previous and the next weeks, from above and below the
    # entries, and back to the month from above them.
    page.locator(".month-week-title a", has_text=says["week 47, 2020"]).click()
    page.wait_for_url("**/issues/2020/week-47/")
    expect(page.locator("h1")).to_have_text(says["week 47, 2020"])
    page.locator(".issue-header .week-nav a[rel=prev]").click()
    page.wait_for_url("**/issues/2020/week-46/")
    expect(page.locator("h1")).to_have_text(says["week 46, 2020"])
    page.locator(".issue-nav .week-nav a[rel=next]").click()
    page.wait_for_url("**/issues/2020/week-47/")
    expect(page.locator("h1")).to_have_text(says["week 47, 2020"])
    page.locator(".issue-header .week-nav-month").click()
    page.wait_for_url("**/issues/2020/11/")
    page.go_back()
    page.wait_for_url("**/issues/2020/week-47/")
    page.locator(".issue-header .week-nav a[rel=next]").click()
    page.wait_for_url("**/issues/2020/week-48/")
    expect(page.locator("h1")).to_have_text(says["week 48, 2020"])
    expect(page.locator(".issue-nav .current-week")).to_have_text(says["week 48, 2020"])
    expect(page.locator("html")).to_have_attribute("lang", language)
