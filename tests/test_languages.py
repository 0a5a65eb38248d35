"""Languages: the site's default language, the reader's choice kept in a cookie, and the same
issue read in Chinese and in English."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings as django_settings

from tests.discovery_pages import fetch
from tests.factories import make_entry, make_issue, make_pick
from tests.html_inspection import find_all

pytestmark = pytest.mark.django_db

ISSUE = "/issues/2020/week-47/"
MONTH = "/issues/2020/11/"
COOKIE = django_settings.LANGUAGE_COOKIE_NAME

# What the same pages say in each language.
LOCALIZED = {
    "zh-hans": {
        "issue title": "2020 年第 47 周",
        "coverage date": "2020 年 11 月 15 日至 21 日",
        "picks heading": "每周编辑精选",
        "section heading": "1. 机器学习论文",
        "month title": "2020 年 11 月汇总",
    },
    "en": {
        "issue title": "Week 47, 2020",
        "coverage date": "15–21 November 2020",
        "picks heading": "Editor's picks of the week",
        "section heading": "1. Machine Learning Papers",
        "month title": "November 2020 summary",
    },
}


def html_lang(html):
    [root] = find_all(html, "html")
    return root.get("lang")


def text_of(html):
    """The page's text as a reader sees it (entities decoded)."""
    [body] = find_all(html, "body")
    return " ".join(body.text.split())


@pytest.fixture
def issue(settings):
    settings.DIGEST_WEEK_STARTS_ON = 6  # coverage starts on Sunday 15 November 2020
    issue = make_issue(year=2020, week=47)
    paper = make_entry(issue, "papers", headline="Attention Is All You Need")
    make_pick(issue, paper)
    return issue


@pytest.fixture
def chinese_by_default(settings):
    settings.LANGUAGE_CODE = "zh-hans"


# --- The default language ------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_default_language_comes_from_the_settings(client, settings, issue, language):
    settings.LANGUAGE_CODE = language

    html = fetch(client, ISSUE)

    assert html_lang(html) == language
    assert LOCALIZED[language]["section heading"] in text_of(html)


def test_english_default_reads_in_english(client, settings, issue):
    settings.LANGUAGE_CODE = "en"

    html = fetch(client, ISSUE)

    assert LOCALIZED["en"]["issue title"] in text_of(html)
    assert "机器学习论文" not in html


# --- Switching language ----------------------------------------------------------------------


def test_switching_language_sets_the_cookie_and_returns_to_the_page(client, chinese_by_default):
    response = client.get("/language/en/", {"next": "/issues/"})

    assert response.status_code == 302
    assert response["Location"] == "/issues/"
    assert response.cookies[COOKIE].value == "en"
    assert response.cookies[COOKIE]["samesite"] == "Lax"
    assert int(response.cookies[COOKIE]["max-age"]) >= 60 * 60 * 24 * 30


def test_pages_read_in_english_after_switching_and_in_chinese_after_switching_back(
    client, chinese_by_default, issue
):
    assert html_lang(fetch(client, ISSUE)) == "zh-hans"

    client.get("/language/en/", {"next": "/issues/"})
    html = fetch(client, ISSUE)
    assert html_lang(html) == "en"
    assert LOCALIZED["en"]["issue title"] in text_of(html)
    assert LOCALIZED["en"]["section heading"] in text_of(html)
    assert html_lang(fetch(client, "/issues/")) == "en"

    response = client.get("/language/zh-hans/", {"next": ISSUE})
    assert response["Location"] == ISSUE
    html = fetch(client, ISSUE)
    assert html_lang(html) == "zh-hans"
    assert LOCALIZED["zh-hans"]["section heading"] in text_of(html)


def test_every_page_links_to_the_other_language_and_back_to_itself(
    client, chinese_by_default, issue
):
    html = fetch(client, ISSUE)

    [link] = [link for link in find_all(html, "a") if link.get("hreflang") == "en"]
    target = urlsplit(link.get("href"))
    assert target.path == "/language/en/"
    assert parse_qs(target.query) == {"next": [ISSUE]}
    assert link.get("rel") == "nofollow"
    response = client.get(link.get("href"))
    assert response["Location"] == ISSUE
    assert html_lang(fetch(client, ISSUE)) == "en"


def test_switch_link_keeps_the_query_of_the_page(client, chinese_by_default, issue):
    html = fetch(client, "/search/?q=attention&year=2020")

    [link] = [link for link in find_all(html, "a") if link.get("hreflang") == "en"]
    response = client.get(link.get("href"))
    assert response["Location"] == "/search/?q=attention&year=2020"


@pytest.mark.parametrize("code", ["fr", "xx", "zh", "zh-hant", "EN", "en-us"])
def test_switching_to_an_unknown_language_is_not_found(client, code):
    response = client.get(f"/language/{code}/", {"next": "/issues/"})

    assert response.status_code == 404
    assert COOKIE not in response.cookies


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "http://evil.example/issues/",
        "//evil.example/",
        "///evil.example/",
        "/\\evil.example/",
        "\\\\evil.example/",
        "https:evil.example",
        "javascript:alert(1)",
        "http://testserver@evil.example/",
    ],
)
def test_switching_language_never_redirects_off_site(client, next_url):
    response = client.get("/language/en/", {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies[COOKIE].value == "en"


@pytest.mark.parametrize(
    "next_url", ["x", "issues", "home", "digest:home", "admin:index", "", " ", "\x00", "%", "?q=1"]
)
def test_switching_language_with_a_next_that_is_not_a_path_returns_home(client, next_url):
    response = client.get("/language/en/", {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies[COOKIE].value == "en"


def test_switching_language_never_errors_whatever_next_holds(client):
    for next_url in ("/issues/\r\nSet-Cookie: x=1", "/\x00", "/issues/?a=%ZZ", "/" + "a" * 5000):
        response = client.get("/language/en/", {"next": next_url})

        assert response.status_code == 302, next_url
        assert "\n" not in response["Location"]


def test_switching_language_without_next_returns_home(client):
    response = client.get("/language/en/")

    assert response["Location"] == "/"


def test_cached_pages_are_never_served_in_the_other_language(client, settings, issue):
    settings.LANGUAGE_CODE = "zh-hans"
    settings.PAGE_CACHE_ENABLED = True
    assert html_lang(fetch(client, ISSUE)) == "zh-hans"
    assert html_lang(fetch(client, ISSUE)) == "zh-hans"

    client.get("/language/en/", {"next": ISSUE})

    assert html_lang(fetch(client, ISSUE)) == "en"
    client.get("/language/zh-hans/", {"next": ISSUE})
    assert html_lang(fetch(client, ISSUE)) == "zh-hans"


# --- The same issue in both languages -----------------------------------------------------


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("what", ["issue title", "coverage date", "picks heading"])
def test_issue_page_is_localized(client, settings, issue, language, what):
    settings.LANGUAGE_CODE = language

    html = fetch(client, ISSUE)

    assert LOCALIZED[language][what] in text_of(html)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_issue_page_title_element_is_localized(client, settings, issue, language):
    settings.LANGUAGE_CODE = language

    [title] = find_all(fetch(client, ISSUE), "title")

    assert LOCALIZED[language]["issue title"] in title.text


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_monthly_summary_title_is_localized(client, settings, issue, language):
    settings.LANGUAGE_CODE = language

    html = fetch(client, MONTH)

    [heading] = find_all(html, "h1")
    assert heading.text == LOCALIZED[language]["month title"]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_issue_page_links_earlier_monthly_summaries_with_localized_titles(
    client, settings, issue, language
):
    settings.LANGUAGE_CODE = language
    make_issue(year=2020, week=46)  # November too: not an earlier month
    make_issue(year=2020, week=44)  # October

    html = fetch(client, ISSUE)

    october = {"zh-hans": "2020 年 10 月汇总", "en": "October 2020 summary"}[language]
    links = [link.text for link in find_all(html, "a") if link.get("href") == "/issues/2020/10/"]
    assert links == [october]


def test_the_same_issue_reads_differently_in_each_language(client, issue):
    client.cookies[COOKIE] = "zh-hans"
    chinese = text_of(fetch(client, ISSUE))
    client.cookies[COOKIE] = "en"
    english = text_of(fetch(client, ISSUE))

    for what in ("issue title", "coverage date", "picks heading", "section heading"):
        assert LOCALIZED["zh-hans"][what] in chinese, what
        assert LOCALIZED["en"][what] in english, what
        assert LOCALIZED["en"][what] not in chinese, what
