"""What search engines are told: the sitemap of every public page, and robots.txt."""

import datetime
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import http_date
from taggit.models import Tag

from digest import sitemaps
from digest.models import Issue, Month
from tests.discovery_pages import SITE
from tests.factories import future, make_entry, make_issue

pytestmark = pytest.mark.django_db

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap(client, path="/sitemap.xml"):
    """{loc: lastmod} of every <url> of /sitemap.xml (or of `path`)."""
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    urls = {}
    for url in root.iter(f"{SITEMAP_NS}url"):
        loc = url.findtext(f"{SITEMAP_NS}loc")
        assert loc not in urls, f"{loc} is listed twice"
        urls[loc] = url.findtext(f"{SITEMAP_NS}lastmod")
    return urls


def absolute(path):
    return f"{SITE}{path}"


def tag_url(name):
    return absolute(reverse("digest:tag-detail", args=[Tag.objects.get(name=name).slug]))


def year_url(year):
    return absolute(reverse("digest:year-archive", args=[year]))


@pytest.fixture
def archive():
    """Visible issues in two years and three months, with English and Chinese tags."""
    issues = [
        make_issue(year=2019, week=47),
        make_issue(year=2020, week=45),
        make_issue(year=2020, week=47),
        # A scheduled issue whose time has come is as public as a published one.
        make_issue(year=2020, week=49, status=Issue.Status.SCHEDULED),
    ]
    make_entry(issues[0], tags=["NLP", "机器学习"])
    make_entry(issues[2], tags=["NLP", "计算机视觉"])
    make_entry(issues[3], tags=["Robotics"])
    return issues


@pytest.fixture
def hidden():
    """A draft, an issue in review and a future scheduled issue, each alone in its year and
    month, each with a tag nothing else uses."""
    issues = [
        make_issue(year=2017, week=10, status=Issue.Status.DRAFT),
        make_issue(year=2016, week=20, status=Issue.Status.IN_REVIEW),
        make_issue(year=2015, week=30, status=Issue.Status.SCHEDULED, publish_at=future()),
    ]
    for issue, tag in zip(issues, ["draft-only", "review-only", "未来"], strict=True):
        make_entry(issue, tags=[tag, "NLP"])
    return issues


# --- Sitemap ------------------------------------------------------------------------------


def test_sitemap_lists_every_visible_issue(client, archive):
    urls = sitemap(client)

    for issue in archive:
        assert absolute(issue.get_absolute_url()) in urls


def test_sitemap_lists_every_monthly_summary(client, archive):
    urls = sitemap(client)

    assert absolute("/issues/2020/11/") in urls
    assert absolute("/issues/2020/12/") in urls  # week 49 of 2020 belongs to December
    assert absolute("/issues/2019/11/") in urls


def test_sitemap_lists_every_year_archive(client, archive):
    urls = sitemap(client)

    assert year_url(2020) in urls
    assert year_url(2019) in urls


def test_sitemap_lists_every_tag_page_including_chinese_tags(client, archive):
    urls = sitemap(client)

    for name in ("NLP", "机器学习", "计算机视觉", "Robotics"):
        assert tag_url(name) in urls
    assert absolute("/tags/%E6%9C%BA%E5%99%A8%E5%AD%A6%E4%B9%A0/") in urls


def test_every_sitemap_address_answers_and_has_a_lastmod(client, archive, hidden):
    urls = sitemap(client)

    assert urls
    for loc, lastmod in urls.items():
        assert lastmod, f"{loc} has no <lastmod>"
        datetime.date.fromisoformat(lastmod)
        assert client.get(loc).status_code == 200, loc


def public_pages(archive):
    """The absolute addresses of the archive's public pages in the current language."""
    expected = {absolute(issue.get_absolute_url()) for issue in archive}
    expected |= {absolute(issue.month.get_absolute_url()) for issue in archive}
    expected |= {year_url(2019), year_url(2020)}
    expected |= {tag_url(name) for name in ("NLP", "机器学习", "计算机视觉", "Robotics")}
    return expected


def test_sitemap_lists_exactly_the_public_pages_in_each_language(client, archive, hidden):
    expected = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            expected |= public_pages(archive)

    assert set(sitemap(client)) == expected
    assert len(expected) == 2 * len(public_pages(archive))


def test_each_sitemap_address_names_its_other_language_and_the_default(client, archive):
    issue = archive[0]
    with translation.override("zh-hans"):
        chinese = absolute(issue.get_absolute_url())
    english = absolute(issue.get_absolute_url())  # English is the tests' default language
    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own response

    found = [
        url
        for url in root.iter(f"{SITEMAP_NS}url")
        if url.findtext(f"{SITEMAP_NS}loc") in (chinese, english)
    ]
    assert len(found) == 2
    for url in found:
        alternates = {
            link.get("hreflang"): link.get("href")
            for link in url.iter("{http://www.w3.org/1999/xhtml}link")
            if link.get("rel") == "alternate"
        }
        assert alternates == {"zh-hans": chinese, "en": english, "x-default": english}


def test_sitemap_never_lists_a_hidden_issue_nor_what_only_it_would_create(client, archive, hidden):
    urls = sitemap(client)

    for issue in hidden:
        assert absolute(issue.get_absolute_url()) not in urls
        assert absolute(issue.month.get_absolute_url()) not in urls
        assert year_url(issue.year) not in urls
    for name in ("draft-only", "review-only", "未来"):
        assert tag_url(name) not in urls


def test_sitemap_lastmod_of_an_issue_follows_its_last_edit(client, archive):
    issue = archive[2]
    later = timezone.now() + datetime.timedelta(days=3)

    with time_machine.travel(later, tick=False):
        entry = issue.entries.get()
        entry.headline = "A corrected headline"
        entry.save()
        urls = sitemap(client)

    # <lastmod> is the day of the change, in the site's time zone.
    edited_on = timezone.localdate(later).isoformat()
    assert urls[absolute(issue.get_absolute_url())] == edited_on
    assert urls[absolute("/issues/2020/11/")] == edited_on
    assert urls[year_url(2020)] == edited_on
    assert urls[tag_url("计算机视觉")] == edited_on
    assert urls[absolute(archive[0].get_absolute_url())] < edited_on


def test_scheduled_issue_enters_the_sitemap_once_its_publish_time_has_passed(client):
    publish_at = timezone.now() + datetime.timedelta(hours=2)
    issue = make_issue(year=2021, week=3, status=Issue.Status.SCHEDULED, publish_at=publish_at)
    make_entry(issue, tags=["Scheduled tag"])

    assert sitemap(client) == {}
    with time_machine.travel(publish_at + datetime.timedelta(seconds=1), tick=False):
        urls = sitemap(client)

    assert absolute(issue.get_absolute_url()) in urls
    assert absolute(Month(2021, 1).get_absolute_url()) in urls
    assert year_url(2021) in urls
    assert tag_url("Scheduled tag") in urls


def test_the_sitemap_says_when_it_last_changed_and_is_not_indexed_itself(client, archive):
    response = client.get("/sitemap.xml")
    # As the database holds them: adding entries touched the issues after they were made.
    latest = max(issue.modified_date for issue in Issue.objects.visible())

    assert response["Last-Modified"] == http_date(latest.timestamp())
    assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"


def pages_of_the_index(client):
    """The addresses an index at /sitemap.xml lists, each with its <lastmod>."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    assert root.tag == f"{SITEMAP_NS}sitemapindex"
    return [
        (entry.findtext(f"{SITEMAP_NS}loc"), entry.findtext(f"{SITEMAP_NS}lastmod"))
        for entry in root.iter(f"{SITEMAP_NS}sitemap")
    ]


def test_a_sitemap_too_long_for_one_file_becomes_an_index_of_files(client, archive, monkeypatch):
    everything = sitemap(client)
    # Four addresses a file (two pages in two languages) instead of the protocol's 50,000.
    monkeypatch.setattr(sitemaps, "URLS_PER_SITEMAP", 4)

    files = pages_of_the_index(client)

    assert [loc for loc, _lastmod in files] == [
        absolute(f"/sitemap.xml?p={number}") for number in range(1, len(files) + 1)
    ]
    assert len(files) == -(-len(everything) // 4)
    listed = {}
    for loc, _lastmod in files:
        urls = sitemap(client, loc.removeprefix(SITE))
        assert 0 < len(urls) <= 4
        assert not urls.keys() & listed.keys()
        listed |= urls
    assert listed == everything
    assert {lastmod for _loc, lastmod in files} == {max(everything.values())}


def test_a_page_of_the_sitemap_beyond_its_last_is_not_found(client, archive):
    assert client.get("/sitemap.xml?p=2").status_code == 404


@pytest.mark.parametrize("number", ["0", "01", "-1", "x", "", "1000000"])
def test_a_page_number_written_otherwise_is_refused_before_the_archive_is_read(
    client, archive, number, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert client.get(f"/sitemap.xml?p={number}").status_code == 404


def test_the_first_page_of_a_sitemap_in_one_file_is_the_sitemap(client, archive):
    assert sitemap(client, "/sitemap.xml?p=1") == sitemap(client)


# --- robots.txt ---------------------------------------------------------------------------


def test_robots_txt_is_plain_text(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")


def test_robots_txt_points_to_the_sitemap(client):
    lines = client.get("/robots.txt").content.decode().splitlines()

    assert "Sitemap: http://testserver/sitemap.xml" in lines


@pytest.mark.parametrize(
    "path", ["/search/", "/preview/", "/zh-hans/search/", "/zh-hans/preview/", "/markdownx/"]
)
def test_robots_txt_keeps_crawlers_out_of_private_and_endless_pages(client, path):
    lines = client.get("/robots.txt").content.decode().splitlines()

    assert "User-agent: *" in lines
    assert f"Disallow: {path}" in lines


@pytest.mark.parametrize("admin_url", ["admin/", "hidden-door-8f3k2/"])
def test_robots_txt_never_names_the_admin(client, settings, admin_url):
    """Nothing links to the admin; naming it would tell everyone where a moved one is."""
    settings.ADMIN_URL = admin_url

    text = client.get("/robots.txt").content.decode()

    assert admin_url.strip("/") not in text
    assert "admin" not in text


def test_robots_txt_names_only_paths_anyone_can_learn_from_the_site(client):
    lines = client.get("/robots.txt").content.decode().splitlines()

    disallowed = {line.removeprefix("Disallow: ") for line in lines if line.startswith("Disallow")}
    assert disallowed == {
        "/search/",
        "/preview/",
        "/zh-hans/search/",  # the tests' default language is English
        "/zh-hans/preview/",
        "/markdownx/",
    }


def test_robots_txt_does_not_keep_crawlers_out_of_reader_pages(client):
    lines = client.get("/robots.txt").content.decode().splitlines()

    assert "Disallow: /" not in lines
    for path in ("/issues/", "/tags/", "/feeds/"):
        assert f"Disallow: {path}" not in lines
