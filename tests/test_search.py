"""Search: Chinese and English, ranking, highlighting, filters, paging, hidden content and bad
input. The same tests run on SQLite and on PostgreSQL (DATABASE_URL=postgres://...); the
trigram index tests run on PostgreSQL only."""

import pytest
from django.urls import reverse

from digest.models import Entry, Issue
from tests.factories import future, make_entry, make_issue
from tests.html_inspection import elements, find_all
from tests.shared_data import shared_by_the_module

pytestmark = pytest.mark.django_db

SEARCH = reverse("digest:search")
TOO_SHORT = "Type at least two characters to search."
TOO_LONG = "only its first 100 characters were used"


def search_page(client, **params):
    """The search page's HTML for these query parameters, after checking it was served."""
    response = client.get(SEARCH, params)
    assert response.status_code == 200, f"search {params!r} answered {response.status_code}"
    return response.content.decode()


def result_elements(html):
    return [
        element
        for element in elements(html)
        if element.tag == "article" and "search-result" in element.classes
    ]


def found_links(html):
    """The entry addresses the result headlines link to, in the order shown."""
    return [
        link.get("href")
        for link in elements(html)
        if link.tag == "a" and link.inside("article", "search-result") and link.inside("h2")
    ]


def found(client, q, **params):
    """The entries a search finds, in the order shown."""
    html = search_page(client, q=q, **params)
    by_url = {entry.get_absolute_url(): entry for entry in Entry.objects.all()}
    return [by_url[url] for url in found_links(html)]


def message(html):
    return " ".join(
        element.text.strip() for element in find_all(html, "p", class_="search-message")
    )


@pytest.fixture(scope="module")
def corpus_built_once(request, django_db_setup, django_db_blocker):
    """The corpus's entries by key, built once for the module's tests (tests.shared_data)."""
    with shared_by_the_module(request, django_db_blocker):
        yield {key: entry.pk for key, entry in make_corpus().items()}


@pytest.fixture
def corpus(corpus_built_once):
    """Entries in Chinese and English across two visible issues, every field searchable."""
    entries = Entry.objects.in_bulk(corpus_built_once.values())
    return {key: entries[pk] for key, pk in corpus_built_once.items()}


def make_corpus():
    current = make_issue(year=2020, week=47, intro="This week: diffusion models everywhere.")
    older = make_issue(year=2019, week=10, intro="A quiet week.")
    return {
        "neuron": make_entry(
            current,
            "papers",
            headline="神经元剪枝的新方法",
            summary="研究者提出一种修剪**神经元**的方法。",
        ),
        "meta": make_entry(
            current, "articles", headline="元学习综述", summary="关于元学习的最新进展。"
        ),
        "detection": make_entry(
            older, "papers", headline="实时物体检测", summary="一种新的物体检测模型。"
        ),
        "unet": make_entry(
            current,
            "papers",
            headline="U-Net for medical images",
            summary="Segmentation of CT scans.",
        ),
        "tensorflow": make_entry(
            older,
            "use-cases",
            headline="TensorFlow 3 released",
            summary="What is new in the framework.",
        ),
        "mac": make_entry(
            current, "other", headline="Training on a Mac", summary="Apple silicon for models."
        ),
        "original": make_entry(
            older,
            "papers",
            headline="去噪扩散模型",
            original_title="Denoising Diffusion Probabilistic Models",
            summary="图像生成。",
        ),
        "card": make_entry(
            current,
            "articles",
            headline="一个新的笔记本",
            summary="见链接。",
            card_url="https://colab.research.google.com/x",
            card_title="Colaboratory notebook",
            card_description="Run the code in your browser.",
        ),
        "tagged": make_entry(
            older, "other", headline="每周杂谈", summary="本周杂谈。", tags=["强化学习", "Robotics"]
        ),
    }


# --- Finding entries -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "key"),
    [("神经元", "neuron"), ("元学习", "meta"), ("物体检测", "detection")],
)
def test_chinese_words_find_exactly_the_entries_containing_them(client, corpus, q, key):
    assert found(client, q) == [corpus[key]]


@pytest.mark.parametrize(
    ("q", "key"),
    [
        ("U-Net", "unet"),
        ("u-net", "unet"),
        ("TensorFlow", "tensorflow"),
        ("tensorflow", "tensorflow"),
        ("TENSORFLOW", "tensorflow"),
        ("Mac", "mac"),
        ("segmentation", "unet"),
    ],
)
def test_english_and_mixed_terms_find_their_entries_whatever_the_case(client, corpus, q, key):
    assert found(client, q) == [corpus[key]]


@pytest.mark.parametrize(
    ("q", "key"),
    [
        ("Probabilistic", "original"),  # original title
        ("colaboratory", "card"),  # card title
        ("browser", "card"),  # card description
        ("强化学习", "tagged"),  # tag name
        ("robotics", "tagged"),  # tag name, other case
    ],
)
def test_original_title_card_and_tag_names_are_searched(client, corpus, q, key):
    assert found(client, q) == [corpus[key]]


def test_a_tag_added_later_is_searchable(client, corpus):
    corpus["mac"].tags.add("边缘计算")

    assert found(client, "边缘计算") == [corpus["mac"]]


def test_every_word_of_the_query_must_match(client, corpus):
    assert found(client, "U-Net segmentation") == [corpus["unet"]]
    assert found(client, "神经元 方法") == [corpus["neuron"]]
    assert found(client, "U-Net TensorFlow") == []
    assert found(client, "神经元 元学习") == []


def test_matched_words_are_highlighted_in_headline_and_snippet(client, corpus):
    html = search_page(client, q="tensorflow framework")

    assert found_links(html) == [corpus["tensorflow"].get_absolute_url()]
    headline_marks = [
        element.text for element in elements(html) if element.tag == "mark" and element.inside("h2")
    ]
    snippet_marks = [
        element.text
        for element in elements(html)
        if element.tag == "mark" and element.inside("article") and not element.inside("h2")
    ]
    assert headline_marks == ["TensorFlow"]  # in the headline's own spelling
    assert snippet_marks == ["framework"]
    assert "<mark>TensorFlow</mark> 3 released" in html


def test_chinese_match_is_highlighted(client, corpus):
    html = search_page(client, q="神经元")

    assert "<mark>神经元</mark>剪枝的新方法" in html
    assert "修剪<mark>神经元</mark>的方法" in html


# --- Issues and hidden content -------------------------------------------------------------


def test_issues_whose_intro_matches_are_listed(client, corpus):
    html = search_page(client, q="diffusion models")

    issue_links = [
        link.get("href") for link in find_all(html, "a") if link.inside("li", "issue-summary")
    ]
    assert issue_links == [reverse("digest:issue-detail", kwargs={"year": 2020, "week": 47})]


@pytest.fixture
def hidden_matches():
    """The search words in every field of entries and intros of issues readers cannot see."""
    hidden = [
        make_issue(week=48, status=Issue.Status.DRAFT, intro="神经元 TensorFlow diffusion"),
        make_issue(week=49, status=Issue.Status.IN_REVIEW, intro="神经元 TensorFlow diffusion"),
        make_issue(
            week=50,
            status=Issue.Status.SCHEDULED,
            publish_at=future(),
            intro="神经元 TensorFlow diffusion",
        ),
    ]
    for issue in hidden:
        make_entry(
            issue,
            headline=f"神经元 TensorFlow hidden {issue.status}",
            summary="神经元 TensorFlow diffusion",
            tags=["神经元"],
        )
    return hidden


@pytest.mark.parametrize("q", ["神经元", "TensorFlow", "hidden"])
def test_results_never_include_entries_of_hidden_issues(client, corpus, hidden_matches, q):
    html = search_page(client, q=q)

    hidden_entries = {
        entry.get_absolute_url() for entry in Entry.objects.filter(issue__in=hidden_matches)
    }
    assert len(hidden_entries) == 3
    assert not hidden_entries & set(found_links(html))
    for issue in hidden_matches:
        assert issue.get_absolute_url() not in html


def test_hidden_issues_whose_intro_matches_are_not_listed(client, corpus, hidden_matches):
    html = search_page(client, q="diffusion")

    for issue in hidden_matches:
        assert issue.get_absolute_url() not in html


def test_search_year_choices_offer_only_years_with_visible_issues(client, corpus):
    make_issue(year=2016, week=3, status=Issue.Status.DRAFT)

    html = search_page(client, q="神经元")

    years = [option.get("value") for option in find_all(html, "option") if option.get("value")]
    years = [year for year in years if year.isdigit()]
    assert sorted(years) == ["2019", "2020"]


# --- Bad input ---------------------------------------------------------------------------


BAD_QUERIES = [
    "",
    " ",
    "a",
    "神",
    "x" * 2000,
    '"quoted"',
    "'",
    "%",
    "_",
    "\\",
    "\\\\",
    "%%%",
    "' OR 1=1 --",
    "'; DROP TABLE digest_entry; --",
    ".*",
    "(",
    "[",
    "$^",
    "\x00",
    "神经\x00元",
    "\x01\x02\x1b[31m\x7f",
    "神\u200b经元",
    "\u200f\u202eTensorFlow\u202c",
    "\ufeff",
    "神经元 " * 50,
    "a b c d e f g h i j k l",
]


@pytest.mark.parametrize("q", BAD_QUERIES)
def test_any_query_gets_a_page_never_an_error(client, corpus, q):
    search_page(client, q=q)


@pytest.mark.parametrize("q", BAD_QUERIES)
def test_any_query_with_filters_gets_a_page_never_an_error(client, corpus, q):
    search_page(client, q=q, section=q, tag=q, year=q, page=q)


@pytest.mark.parametrize(
    "query_string",
    [
        "q=%ff%fe",
        "q=%E7%A5%9E%E7%BB%8F%E5%85%83%ff",
        "q=%C0%AF%C0%AF",
        "q=%00%00",
        "q=%ff&section=%ff&tag=%fe&year=%ff&page=%ff",
        "q=%",
        "q=%%%25",
        "q=a&q=b&q=%ff",
        "section=papers",
    ],
)
def test_invalid_utf8_or_malformed_query_strings_get_a_page(client, corpus, query_string):
    response = client.get(SEARCH, QUERY_STRING=query_string)

    assert response.status_code == 200
    assert client.get(f"{SEARCH}?{query_string}").status_code == 200


def test_invalid_utf8_around_a_word_still_finds_it(client, corpus):
    response = client.get(SEARCH, QUERY_STRING="q=%E7%A5%9E%E7%BB%8F%E5%85%83%ff")

    assert found_links(response.content.decode()) == [corpus["neuron"].get_absolute_url()]


@pytest.mark.parametrize("q", ["a", "神", "'", "%", "_", "(", "\\", '"', "''a''", "a\u200b"])
def test_too_short_query_asks_for_at_least_two_characters(client, corpus, q):
    html = search_page(client, q=q)

    assert TOO_SHORT in message(html)
    assert result_elements(html) == []


@pytest.mark.parametrize("q", ["", "   ", "\x00", "\u200b\u200f", "\ufffd\ufffd"])
def test_empty_query_invites_to_type_words(client, corpus, q):
    html = search_page(client, q=q)

    assert message(html) == "Type a few words to search the archive."
    assert result_elements(html) == []


def test_long_query_says_only_its_first_hundred_characters_were_used(client, corpus):
    html = search_page(client, q="神经元" + "x" * 1997)

    assert TOO_LONG in message(html)
    boxes = find_all(html, "input", name="q")
    assert boxes
    assert {box.get("value") for box in boxes} == {"神经元" + "x" * 97}


def test_long_query_still_searches_its_beginning(client, corpus):
    html = search_page(client, q="神经元 " + "剪枝" * 1000)

    assert TOO_LONG in message(html)
    assert found_links(html) == []  # "剪枝" * 48 is in no entry
    html = search_page(client, q="神经元 " * 400)
    assert found_links(html) == [corpus["neuron"].get_absolute_url()]


@pytest.mark.parametrize("q", ["%%", "%%%", "__", "___", "\\\\", "%_", "_%"])
def test_like_wildcards_are_literal_and_match_nothing_here(client, corpus, q):
    html = search_page(client, q=q)

    assert result_elements(html) == []
    assert "0 entries found" in html


def test_percent_and_underscore_find_only_text_that_contains_them(client, corpus):
    percent = make_entry(make_issue(year=2021, week=1), headline="Accuracy of 100% on MNIST")
    underscore = make_entry(make_issue(year=2021, week=2), headline="The snake_case API")
    make_entry(make_issue(year=2021, week=3), headline="Accuracy of 1000 models on snakeXcase")

    assert found(client, "0%") == [percent]
    assert found(client, "e_c") == [underscore]
    assert found(client, "100%") == [percent]


def test_regex_characters_are_literal(client, corpus):
    regex = make_entry(make_issue(year=2021, week=1), headline="Regex .* and $^ explained")

    assert found(client, ".*") == [regex]
    assert found(client, "$^") == [regex]


def test_quotes_around_a_word_are_ignored(client, corpus):
    assert found(client, '"TensorFlow"') == [corpus["tensorflow"]]
    assert found(client, "“神经元”") == [corpus["neuron"]]
    assert found(client, "'元学习'") == [corpus["meta"]]


def test_sql_in_the_query_is_just_text(client, corpus):
    assert found(client, "' OR 1=1 --") == []
    assert found(client, "神经元' OR '1'='1") == []
    assert Entry.objects.count() == len(corpus)


@pytest.mark.parametrize(
    ("q", "key"),
    [
        ("神\u200b经元", "neuron"),
        ("神经\u200d元", "neuron"),
        ("\u200f神经元\u200e", "neuron"),
        ("\u202bTensorFlow\u202c", "tensorflow"),
        ("Tensor\u200bFlow", "tensorflow"),
        ("Tensor\u00adFlow", "tensorflow"),
        ("\x07神经元\x1b", "neuron"),
        ("\ufeff元学习", "meta"),
        ("ＴｅｎｓｏｒＦｌｏｗ", "tensorflow"),  # full-width letters
    ],
)
def test_invisible_and_control_characters_do_not_hide_a_word(client, corpus, q, key):
    assert found(client, q) == [corpus[key]]


def test_query_is_shown_back_escaped(client, corpus):
    html = search_page(client, q='<script>alert(1)</script>"')

    assert "<script>alert(1)</script>" not in html
    assert not [
        element for element in elements(html) if element.tag == "script" and "alert" in element.text
    ]
