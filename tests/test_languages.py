"""Languages: the site's default language at the unprefixed addresses, English under /en/, the
URL alone deciding (no cookie, no Accept-Language), and the same issue in both languages."""

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


# --- The URL decides the language ----------------------------------------------------------

EN_ISSUE = "/en" + ISSUE


def test_english_pages_live_under_en_and_chinese_at_the_unprefixed_addresses(
    client, chinese_by_default, issue
):
    chinese, english = fetch(client, ISSUE), fetch(client, EN_ISSUE)

    assert html_lang(chinese) == "zh-hans"
    assert LOCALIZED["zh-hans"]["section heading"] in text_of(chinese)
    assert html_lang(english) == "en"
    assert LOCALIZED["en"]["section heading"] in text_of(english)
    assert html_lang(fetch(client, "/en/issues/")) == "en"
    assert html_lang(fetch(client, "/en/")) == "en"


def test_neither_a_cookie_nor_the_browsers_language_changes_a_readers_page(
    client, chinese_by_default, issue
):
    client.cookies[COOKIE] = "en"

    response = client.get(ISSUE, HTTP_ACCEPT_LANGUAGE="en")
    english = client.get(EN_ISSUE, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert html_lang(response.content) == "zh-hans"
    assert html_lang(english.content) == "en"
    for page in (response, english):
        assert "Accept-Language" not in page.get("Vary", "")
    assert response["Content-Language"] == "zh-hans"
    assert english["Content-Language"] == "en"


def test_editors_pages_still_follow_the_browsers_language(admin_client, chinese_by_default):
    chinese = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    english = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en")

    assert html_lang(chinese.content) == "zh-hans"
    assert html_lang(english.content) == "en"
    assert "Accept-Language" in english["Vary"]


def test_every_page_links_to_itself_in_the_other_language(client, chinese_by_default, issue):
    [to_english] = [a for a in find_all(fetch(client, ISSUE), "a") if a.get("hreflang") == "en"]
    [to_chinese] = [
        a for a in find_all(fetch(client, EN_ISSUE), "a") if a.get("hreflang") == "zh-Hans"
    ]

    assert to_english.get("href") == EN_ISSUE
    assert to_chinese.get("href") == ISSUE
    assert to_english.text == "English" and to_chinese.text == "中文"


def alternates(html):
    return {
        link.get("hreflang"): link.get("href")
        for link in find_all(html, "link")
        if link.get("rel") == "alternate" and link.get("hreflang")
    }


@pytest.mark.parametrize("path", [ISSUE, EN_ISSUE])
def test_every_page_names_both_languages_and_the_default_as_alternates(
    client, chinese_by_default, issue, path
):
    assert alternates(fetch(client, path)) == {
        "zh-Hans": f"http://testserver{ISSUE}",
        "en": f"http://testserver{EN_ISSUE}",
        "x-default": f"http://testserver{ISSUE}",
    }


def test_tag_pages_and_feeds_have_their_english_addresses(client, chinese_by_default, issue):
    tag = issue.entries.get().tags.first()
    make_entry(issue, "papers", tags=["机器学习"])

    assert html_lang(fetch(client, "/en/tags/机器学习/")) == "en"
    [english_link] = [
        a for a in find_all(fetch(client, "/tags/机器学习/"), "a") if a.get("hreflang") == "en"
    ]
    assert english_link.get("href") == "/en/tags/%E6%9C%BA%E5%99%A8%E5%AD%A6%E4%B9%A0/"
    assert 'xml:lang="en"' in client.get("/en/feeds/issues.atom").content.decode() or tag is None


def test_the_language_link_keeps_only_the_query_the_page_reads(client, chinese_by_default, issue):
    html = fetch(client, "/search/?q=attention&year=2020&utm_source=x")

    [link] = [a for a in find_all(html, "a") if a.get("hreflang") == "en"]
    assert link.get("href") == "/en/search/?q=attention&year=2020"


def test_a_page_not_found_links_each_languages_home_page_without_its_query(
    client, chinese_by_default
):
    response = client.get("/tags/no-such-tag/", {"page": "2"})

    assert response.status_code == 404
    [link] = [a for a in find_all(response.content, "a") if a.get("hreflang") == "en"]
    assert link.get("href") == "/en/"


def test_an_unknown_english_address_is_an_english_404(client, chinese_by_default):
    response = client.get("/en/no-such-page/")

    assert response.status_code == 404
    assert html_lang(response.content) == "en"


def test_cached_pages_are_never_served_in_the_other_language(client, settings, issue):
    settings.LANGUAGE_CODE = "zh-hans"
    settings.PAGE_CACHE_ENABLED = True
    assert html_lang(fetch(client, ISSUE)) == "zh-hans"
    assert html_lang(fetch(client, ISSUE)) == "zh-hans"

    assert html_lang(fetch(client, EN_ISSUE)) == "en"
    assert html_lang(fetch(client, EN_ISSUE)) == "en"
    client.cookies[COOKIE] = "en"
    assert html_lang(fetch(client, ISSUE)) == "zh-hans"


# --- Links of earlier versions: /language/<code>/?next=… ----------------------------------


def test_an_old_language_link_leads_to_the_page_in_that_language(client, chinese_by_default):
    response = client.get("/language/en/", {"next": "/issues/"})

    assert response.status_code == 302
    assert response["Location"] == "/en/issues/"
    assert COOKIE not in response.cookies


def test_an_old_language_link_back_to_chinese_and_its_query(client, chinese_by_default, issue):
    assert client.get("/language/zh-hans/", {"next": EN_ISSUE})["Location"] == ISSUE
    response = client.get("/language/en/", {"next": "/search/?q=attention&year=2020"})
    assert response["Location"] == "/en/search/?q=attention&year=2020"


@pytest.mark.parametrize("code", ["fr", "xx", "zh", "zh-hant", "EN", "en-us"])
def test_switching_to_an_unknown_language_is_not_found(client, code):
    response = client.get(f"/language/{code}/", {"next": "/issues/"})

    assert response.status_code == 404


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
def test_switching_language_never_redirects_off_site(client, chinese_by_default, next_url):
    response = client.get("/language/en/", {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/en/"


@pytest.mark.parametrize(
    "next_url", ["x", "issues", "home", "digest:home", "admin:index", "", " ", "\x00", "%", "?q=1"]
)
def test_switching_language_with_a_next_that_is_not_a_path_goes_home(
    client, chinese_by_default, next_url
):
    response = client.get("/language/en/", {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_switching_language_never_errors_whatever_next_holds(client):
    for next_url in ("/issues/\r\nSet-Cookie: x=1", "/\x00", "/issues/?a=%ZZ", "/" + "a" * 5000):
        response = client.get("/language/en/", {"next": next_url})

        assert response.status_code == 302, next_url
        assert "\n" not in response["Location"]


def test_switching_language_without_next_goes_home(client, chinese_by_default):
    assert client.get("/language/en/")["Location"] == "/en/"
    assert client.get("/language/zh-hans/")["Location"] == "/"


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


def test_the_same_issue_reads_differently_in_each_language(client, chinese_by_default, issue):
    chinese = text_of(fetch(client, ISSUE))
    english = text_of(fetch(client, EN_ISSUE))

    for what in ("issue title", "coverage date", "picks heading", "section heading"):
        assert LOCALIZED["zh-hans"][what] in chinese, what
        assert LOCALIZED["en"][what] in english, what
        assert LOCALIZED["en"][what] not in chinese, what
