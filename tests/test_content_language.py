"""The language of the content, marked where it is not the page's; the week an issue covers, as
a range of days in each language; links to sources without tracking queries."""

import pytest

from tests.discovery_pages import fetch, in_language
from tests.factories import make_entry, make_issue, make_pick
from tests.html_inspection import elements, find_all

pytestmark = pytest.mark.django_db

ISSUE = "/issues/2020/week-47/"
MEDIUM_POST = "https://medium.com/analytics-vidhya/akiras-ml-news-week47-2020-2d6338328113"


@pytest.fixture
def issue(settings):
    """An issue as in the sample: Chinese intro, headlines and picks; English original titles."""
    settings.DIGEST_WEEK_STARTS_ON = 6  # coverage starts on Sunday 15 November 2020
    issue = make_issue(
        year=2020,
        week=47,
        intro="以下是我在 2020 年第 47 周读到的一些论文和文章。",
        source_url=f"{MEDIUM_POST}?source=collection_archive---------23-----------------------",
    )
    paper = make_entry(
        issue,
        "papers",
        tags=["机器学习", "NLP"],
        headline="通过指明文本描述的位置来优化文本到图像的生成",
        original_title="Text-to-Image Generation Grounded by Fine-Grained User Attention",
        source_url="https://arxiv.org/abs/2011.03775?utm_source=newsletter&utm_medium=email",
        summary="他们提出了一种根据用户指示的位置来生成图像的方法。",
        card_url="https://github.com/google-research/trecs?fbclid=IwAR0abc",
        card_title="TReCS",
        card_description="Tracing the Referring Expression for Controllable Synthesis.",
    )
    make_entry(
        issue,
        "articles",
        headline="为什么决策树系统的方法常常优于神经网络？",
        original_title="",
        source_url="https://towardsdatascience.com/when-and-why-ceba9ecd0fd8?source=rss----7f60cf5620c9---4",
        summary="决策树的方法在表格数据上常常更好。",
    )
    make_pick(issue, paper, blurb="通过指明位置来生成图像")
    return issue


def language_at(html, text):
    """The language in force where `text` is shown: the nearest `lang` around each innermost
    element holding exactly that text; one answer, or the test fails."""
    holding = [element for element in elements(html) if element.text.strip() == text]
    innermost = [
        element
        for element in holding
        if not any(element in (other.ancestors or []) for other in holding)
    ]
    assert innermost, f"{text!r} is not on the page"
    languages = set()
    for element in innermost:
        declared = [e.get("lang") for e in [*element.ancestors, element] if e.get("lang")]
        languages.add(declared[-1])
    assert len(languages) == 1, f"{text!r} is shown in several languages: {languages}"
    return languages.pop()


# --- Content language ------------------------------------------------------------------------


CHINESE_TEXTS = [
    "通过指明文本描述的位置来优化文本到图像的生成",  # headline (and contents)
    "他们提出了一种根据用户指示的位置来生成图像的方法。",  # summary
    "以下是我在 2020 年第 47 周读到的一些论文和文章。",  # intro
    "通过指明位置来生成图像",  # pick
    "机器学习",  # tag
]
ENGLISH_TEXTS = [
    "Text-to-Image Generation Grounded by Fine-Grained User Attention",  # original title
    "TReCS",  # card
    "NLP",  # tag
]


@pytest.mark.parametrize("text", CHINESE_TEXTS)
def test_chinese_content_is_marked_as_chinese_on_an_english_page(client, issue, text):
    html = fetch(client, in_language(ISSUE, "en"))

    assert language_at(html, text) == "zh-Hans"


@pytest.mark.parametrize("text", ENGLISH_TEXTS)
def test_english_content_is_marked_as_english_on_a_chinese_page(client, issue, text):
    html = fetch(client, in_language(ISSUE, "zh-hans"))

    assert language_at(html, text) == "en"


@pytest.mark.parametrize(("language", "texts"), [("en", ENGLISH_TEXTS), ("zh-hans", CHINESE_TEXTS)])
def test_content_in_the_pages_own_language_needs_no_mark(client, issue, language, texts):
    html = fetch(client, in_language(ISSUE, language))

    for text in texts:
        assert language_at(html, text) == language


@pytest.mark.parametrize(
    ("headline", "language"),
    [
        ("U-Net 中的 U-Net", "zh-Hans"),
        ("Tensorflow 现在在 Mac 上", "zh-Hans"),
        ("NeurIPS2020 中所有论文的句子", "zh-Hans"),
        ("GPT-3 的局限", "zh-Hans"),
        ("An interview with 李飞飞 about ImageNet", "en"),
        ("2020", None),
    ],
)
def test_headlines_mixing_scripts_are_marked_by_their_sentence(client, issue, headline, language):
    make_entry(issue, "other", headline=headline)

    html = fetch(client, in_language(ISSUE, "en"))
    chinese = fetch(client, in_language(ISSUE, "zh-hans"))

    # Words of no language (a number) take the page's.
    assert language_at(html, headline).lower() == (language or "en").lower()
    assert language_at(chinese, headline).lower() == (language or "zh-hans").lower()


def test_interface_words_keep_the_pages_language(client, issue):
    html = fetch(client, in_language(ISSUE, "en"))

    assert language_at(html, "Copy link") == "en"
    assert language_at(html, "1. Machine Learning Papers") == "en"


@pytest.mark.parametrize(
    "url", ["/issues/2020/11/", "/tags/机器学习/", "/search/?q=生成", "/tags/", "/"]
)
def test_chinese_content_is_marked_on_other_english_pages(client, issue, url):
    html = fetch(client, in_language(url, "en"))

    marked = [element for element in elements(html) if element.get("lang") == "zh-Hans"]
    assert marked, f"{url} marks no Chinese content"
    assert find_all(html, "html")[0].get("lang") == "en"


def test_chinese_issue_title_is_marked_in_english_lists(client, issue):
    issue.title = "第 47 周：文本到图像"
    issue.save()

    html = fetch(client, in_language("/issues/2020/", "en"))

    assert language_at(html, "第 47 周：文本到图像") == "zh-Hans"


# --- Coverage as a range of days -------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "15–21 November 2020"), ("zh-hans", "2020 年 11 月 15 日至 21 日")],
)
def test_coverage_reads_as_a_range_of_days(client, issue, language, expected):
    html = fetch(client, in_language(ISSUE, language))

    [coverage] = find_all(html, "p", class_="issue-coverage")
    assert coverage.text.strip() == expected
    assert "~" not in coverage.text


@pytest.mark.parametrize(
    ("language", "week", "expected"),
    [
        ("en", 49, "29 November – 5 December 2020"),
        ("zh-hans", 49, "2020 年 11 月 29 日至 12 月 5 日"),
        ("en", 53, "27 December 2020 – 2 January 2021"),
        ("zh-hans", 53, "2020 年 12 月 27 日至 2021 年 1 月 2 日"),
    ],
)
def test_coverage_across_months_and_years(client, settings, language, week, expected):
    settings.DIGEST_WEEK_STARTS_ON = 6
    make_issue(year=2020, week=week)

    html = fetch(client, in_language(f"/issues/2020/week-{week}/", language))

    [coverage] = find_all(html, "p", class_="issue-coverage")
    assert coverage.text.strip() == expected


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_issue_lists_show_the_coverage_range(client, issue, language):
    html = fetch(client, in_language("/issues/2020/", language))

    expected = {"en": "15–21 November 2020", "zh-hans": "2020 年 11 月 15 日至 21 日"}[language]
    assert expected in html


# --- Source links without tracking ----------------------------------------------------------


def links(html):
    return {element.get("href"): element.text.strip() for element in find_all(html, "a")}


def test_original_post_is_linked_and_shown_without_medium_tracking(client, issue):
    html = fetch(client, ISSUE)

    found = links(html)
    assert found[MEDIUM_POST] == (
        "medium.com/analytics-vidhya/akiras-ml-news-week47-2020-2d6338328113"
    )
    assert "collection_archive" not in html


def test_entry_source_and_card_links_drop_tracking_parameters(client, issue):
    html = fetch(client, ISSUE)

    found = links(html)
    assert "https://arxiv.org/abs/2011.03775" in found
    assert "https://github.com/google-research/trecs" in found
    assert "https://towardsdatascience.com/when-and-why-ceba9ecd0fd8" in found
    for tracking in ("utm_", "fbclid", "source=rss"):
        assert tracking not in html


def test_source_without_original_title_is_linked_by_its_headline_and_named_by_its_site(
    client, issue
):
    html = fetch(client, ISSUE)

    assert links(html)["https://towardsdatascience.com/when-and-why-ceba9ecd0fd8"] == (
        "为什么决策树系统的方法常常优于神经网络？"
    )
    assert "towardsdatascience.com" in [kind.text for kind in find_all(html, "span")]


def test_other_query_parameters_are_kept(client, issue):
    make_entry(issue, "other", source_url="https://example.com/search?q=gan&page=2&utm_source=x")

    html = fetch(client, ISSUE)

    assert "https://example.com/search?q=gan&page=2" in links(html)


def test_stored_link_stays_as_the_editor_gave_it(client, issue):
    entry = issue.entries.get(original_title__startswith="Text-to-Image")

    assert entry.source_url.endswith("?utm_source=newsletter&utm_medium=email")
