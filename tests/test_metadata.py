"""What search engines and link previews read from each page: title, description, canonical
address, language, social cards and structured data; and the anchors readers share."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from digest.models import Issue
from tests.discovery_pages import SITE, fetch, head, meta
from tests.factories import future, make_entry, make_issue, make_pick
from tests.html_inspection import elements, find_all
from tests.security_files import picture

pytestmark = pytest.mark.django_db

ISSUE = "/issues/2020/week-47/"

# Every type of page with the words its <title> must name.
PAGES = {
    "home": ("/", "Digest"),
    "issue": (ISSUE, "Week 47, 2020"),
    "month": ("/issues/2020/11/", "November 2020 summary"),
    "year": ("/issues/2020/", "2020"),
    "archive": ("/issues/", "Archive"),
    "tags": ("/tags/", "Tags"),
    "tag": ("/tags/nlp/", "NLP"),
    "search": ("/search/?q=attention", "attention"),
    "not found": ("/no-such-page/", "Page not found"),
}


def any_page(client, url):
    """The HTML of any reader page, the styled 404 included."""
    response = client.get(url)
    expected = 404 if url == "/no-such-page/" else 200
    assert response.status_code == expected, f"{url} answered {response.status_code}"
    return response.content.decode()


def structured_data(html):
    [script] = [
        element
        for element in elements(html)
        if element.tag == "script" and element.get("type") == "application/ld+json"
    ]
    assert script.inside("head")
    return json.loads(script.text)


def html_lang(html):
    [root] = find_all(html, "html")
    return root.get("lang")


@pytest.fixture
def issue():
    issue = make_issue(
        year=2020,
        week=47,
        intro="Transformers everywhere, and a **new** benchmark for speech.",
    )
    paper = make_entry(
        issue, "papers", tags=["NLP"], position=1, headline="Attention Is All You Need"
    )
    article = make_entry(issue, "articles", position=1, headline="神经元剪枝的新方法")
    make_pick(issue, paper, position=1)
    make_pick(issue, article, position=2, blurb="值得一读")
    return issue


def image_file(name):
    return SimpleUploadedFile(name, picture("GIF", size=(1, 1)), "image/gif")


# --- Every page ----------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "words"), PAGES.values(), ids=PAGES.keys())
def test_every_page_has_a_title_naming_what_it_shows(client, issue, url, words):
    [title] = find_all(any_page(client, url), "title")

    assert words in title.text
    assert "Digest" in title.text
    assert title.text == title.text.strip()


@pytest.mark.parametrize(("url", "words"), PAGES.values(), ids=PAGES.keys())
def test_every_page_has_a_description(client, issue, url, words):
    description = meta(any_page(client, url), name="description")

    assert len(description.strip()) > 20


@pytest.mark.parametrize(("url", "words"), PAGES.values(), ids=PAGES.keys())
def test_every_page_has_its_absolute_canonical_address(client, issue, url, words):
    links = head(any_page(client, url), "link", rel="canonical")

    assert [link.get("href") for link in links] == [f"{SITE}{url.split('?')[0]}"]


def test_canonical_address_ignores_query_parameters(client, issue):
    links = head(fetch(client, f"{ISSUE}?utm_source=newsletter"), "link", rel="canonical")

    assert [link.get("href") for link in links] == [f"{SITE}{ISSUE}"]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(("url", "words"), PAGES.values(), ids=PAGES.keys())
def test_every_page_declares_the_active_language(client, settings, issue, url, words, language):
    settings.LANGUAGE_CODE = language

    assert html_lang(any_page(client, url)) == language


# --- Issue pages: sharing cards and structured data --------------------------------------


def test_issue_page_has_an_article_card_for_link_previews(client, issue):
    html = fetch(client, ISSUE)

    assert meta(html, property="og:type") == "article"
    assert meta(html, property="og:title") == "Week 47, 2020"
    assert meta(html, property="og:url") == f"{SITE}{ISSUE}"
    assert "Transformers everywhere" in meta(html, property="og:description")
    assert meta(html, name="twitter:card") == "summary_large_image"


def test_issue_descriptions_are_plain_text_not_markdown(client, issue):
    html = fetch(client, ISSUE)

    plain = "Transformers everywhere, and a new benchmark for speech."
    assert meta(html, name="description") == plain
    assert meta(html, property="og:description") == plain
    assert meta(html, name="twitter:description") == plain
    assert structured_data(html)["description"] == plain


def test_issue_page_description_comes_from_its_intro(client, issue):
    html = fetch(client, ISSUE)

    assert "Transformers everywhere" in meta(html, name="description")


def test_issue_without_intro_still_has_a_description(client):
    make_issue(year=2020, week=47)

    html = fetch(client, ISSUE)

    assert "Week 47, 2020" in meta(html, name="description")
    assert "Week 47, 2020" in meta(html, property="og:description")


def test_share_image_is_the_cover_image(client, issue):
    issue.cover_image = image_file("cover.gif")
    issue.save()
    make_entry(issue, "other", image=image_file("entry.gif"))

    html = fetch(client, ISSUE)

    assert meta(html, property="og:image") == f"{SITE}{issue.cover_image.url}"
    assert meta(html, property="og:image").startswith(f"{SITE}/media/covers/")


def test_share_image_is_the_first_entry_image_without_a_cover(client, issue):
    first = make_entry(issue, "other", position=5, image=image_file("first.gif"))
    make_entry(issue, "other", position=6, image=image_file("second.gif"))

    html = fetch(client, ISSUE)

    assert meta(html, property="og:image") == f"{SITE}{first.image.url}"


def test_share_image_is_the_site_default_without_any_image(client, issue):
    html = fetch(client, ISSUE)

    assert meta(html, property="og:image") == f"{SITE}/static/digest/img/share-default.png"
    assert client.get("/static/digest/img/share-default.png").status_code == 200


def test_issue_page_describes_itself_as_a_publication_issue(client, issue):
    data = structured_data(fetch(client, ISSUE))

    assert data["@type"] == "PublicationIssue"
    assert data["name"] == "Week 47, 2020"
    assert data["url"] == f"{SITE}{ISSUE}"
    published = datetime.datetime.fromisoformat(data["datePublished"])
    modified = datetime.datetime.fromisoformat(data["dateModified"])
    assert published.tzinfo is not None and modified.tzinfo is not None
    assert modified >= published - datetime.timedelta(days=1)
    assert data["isPartOf"]["@type"] == "Periodical"
    assert data["isPartOf"]["name"] == "Digest"
    assert [part["headline"] for part in data["hasPart"]] == [
        "Attention Is All You Need",
        "神经元剪枝的新方法",
    ]


def test_html_in_an_entry_headline_cannot_break_out_of_the_structured_data(client, issue):
    attack = "</script><script>alert(1)</script>"
    make_entry(issue, "other", headline=attack)
    issue.title = f"Week 47 {attack}"
    issue.save()

    html = fetch(client, ISSUE)

    scripts = [element for element in elements(html) if element.tag == "script"]
    assert len([script for script in scripts if script.get("type") == "application/ld+json"]) == 1
    for script in scripts:
        if script.get("type") != "application/ld+json":
            assert script.get("src") and not script.text.strip(), "an inline script appeared"
    data = structured_data(html)
    assert attack in [part["headline"] for part in data["hasPart"]]
    assert data["name"] == f"Week 47 {attack}"


def test_pages_other_than_issues_carry_no_issue_structured_data(client, issue):
    for url in ("/issues/", "/tags/", "/issues/2020/11/"):
        html = fetch(client, url)
        assert not [
            element
            for element in elements(html)
            if element.tag == "script" and element.get("type") == "application/ld+json"
        ]


# --- Anchors -------------------------------------------------------------------------------


def test_entries_have_anchors_that_the_picks_link_to(client, issue):
    html = fetch(client, ISSUE)

    for entry in issue.entries.all():
        assert find_all(html, "article", id=entry.slug), entry.slug
    picks = [link.get("href") for link in find_all(html, "a") if link.inside("section", "picks")]
    assert picks == ["#attention-is-all-you-need", "#神经元剪枝的新方法"]


def test_each_entry_has_a_copy_link_button_for_its_anchor(client, issue):
    html = fetch(client, ISSUE)

    buttons = [
        element.get("data-copy-anchor") for element in find_all(html, "button", class_="copy-link")
    ]
    assert buttons == ["attention-is-all-you-need", "神经元剪枝的新方法"]


def test_entry_anchor_stays_when_the_headline_is_edited(client, issue):
    entry = issue.entries.get(headline="Attention Is All You Need")
    entry.headline = "Attention Is All You Need (corrected)"
    entry.save()

    html = fetch(client, ISSUE)

    assert find_all(html, "article", id="attention-is-all-you-need")
    assert "#attention-is-all-you-need" in [link.get("href") for link in find_all(html, "a")]


def test_entries_with_the_same_headline_get_distinct_anchors(client, issue):
    make_entry(issue, "other", headline="Attention Is All You Need")

    html = fetch(client, ISSUE)

    ids = [element.get("id") for element in find_all(html, "article")]
    assert ids.count("attention-is-all-you-need") == 1
    assert "attention-is-all-you-need-2" in ids


# --- The same week in past years ---------------------------------------------------------


def past_years_links(html):
    return [link.get("href") for link in find_all(html, "a") if link.inside("p", "past-years")]


def test_issue_links_the_same_week_of_past_years(client, issue):
    make_issue(year=2019, week=47)
    make_issue(year=2018, week=47)
    make_issue(year=2019, week=46)

    html = fetch(client, ISSUE)

    assert past_years_links(html) == ["/issues/2019/week-47/", "/issues/2018/week-47/"]


def test_same_week_of_past_years_never_links_a_hidden_issue(client, issue):
    make_issue(year=2019, week=47)
    make_issue(year=2018, week=47, status=Issue.Status.DRAFT)
    make_issue(year=2017, week=47, status=Issue.Status.IN_REVIEW)
    make_issue(year=2016, week=47, status=Issue.Status.SCHEDULED, publish_at=future())

    html = fetch(client, ISSUE)

    assert past_years_links(html) == ["/issues/2019/week-47/"]


def test_same_week_block_is_absent_without_visible_past_years(client, issue):
    make_issue(year=2019, week=47, status=Issue.Status.DRAFT)
    make_issue(year=2021, week=47)

    html = fetch(client, ISSUE)

    assert find_all(html, "p", class_="past-years") == []
    assert "The same week in past years" not in html
