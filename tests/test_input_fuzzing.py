"""No input breaks a page. Property-based tests (hypothesis):

- whatever text an editor writes, the Markdown renderer's output carries nothing a browser
  would run (scripts, event handlers, script URLs, frames, plugins, style sheets);
- whatever a visitor puts in an address (year, month, week, tag, page, search words and
  filters), the answer is a page, a redirect or a 404, never a server error;
- whatever tag names, headlines and Markdown an editor writes, once published every public
  page and feed still answers (tests/hostile_corpus.py holds the known worst values).

The known XSS payloads live in tests/test_markdown_sanitizing.py and are mixed in here.
"""

from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from taggit.models import Tag

from digest.markdown import render_markdown
from digest.tags import clean_tag_name
from tests.crawl import crawl, public_urls
from tests.factories import make_entry, make_full_issue, make_issue, make_pick
from tests.hostile_corpus import (
    HARD_TAG_NAMES,
    HOSTILE_HEADLINES,
    MARKDOWN_PIECES,
    PATHOLOGICAL_MARKDOWN,
)
from tests.xss import XSS_PAYLOADS, dangerous_markup

ALLOWED_STATUSES = {200, 301, 302, 404}

# --- Markdown renderer -----------------------------------------------------------------------

HTML_FRAGMENTS = [
    "<script>", "</script>", "<iframe src=//evil.example>", "<object data=x>", "<embed src=x>",
    "<style>", "</style>", "<form action=//evil.example>", "<meta http-equiv=refresh>",
    "<base href=//evil.example/>", "<link rel=stylesheet href=x>", "<svg>", "<math>",
    "<img src=x onerror=alert(1)>", "<a href=", "<a title='", "<div ", " onclick=", " onload='",
    "\" onmouseover=\"alert(1)", "style=\"x:expression(alert(1))\"", "<!--", "-->", "<![CDATA[",
    "]]>", "<p>", "</p>", "<", ">", "\"", "'", "`", "&", "&#", "&#x6A;", "&colon;", "&#58;",
    "\n", "\n\n", "    ", "\t", "\x00", "\x01", "\u200b", "\ufeff", "\u2028",
]  # fmt: skip
URL_PREFIXES = [
    "javascript:", "JaVaScRiPt:", " javascript:", "\x01javascript:", "java\tscript:",
    "java\nscript:", "jav&#x09;ascript:", "&#106;avascript:", "javascript&colon;",
    "&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;", "vbscript:",
    "data:", "DATA:text/html;base64,", "data:image/svg+xml,", "http://", "https://",
    "mailto:", "//", "/", "#", "",
]  # fmt: skip
any_text = st.text(max_size=40)
urls = st.builds(lambda prefix, rest: prefix + rest, st.sampled_from(URL_PREFIXES), any_text)
markdown_pieces = st.one_of(
    st.sampled_from(XSS_PAYLOADS),
    st.sampled_from(HTML_FRAGMENTS),
    st.builds("[{}]({})".format, any_text, urls),
    st.builds("![{}]({})".format, any_text, urls),
    st.builds('[{}]({} "{}")'.format, any_text, urls, any_text),
    st.builds("<{}>".format, urls),
    st.builds("\n\n[{}]: {}\n".format, any_text, urls),
    st.builds('<a href="{}">{}</a>'.format, urls, any_text),
    st.builds('<img src="{}" alt="{}">'.format, urls, any_text),
    st.builds("<{} {}={}>".format, st.sampled_from(["a", "img", "p", "div"]), any_text, urls),
    any_text,
)
hostile_markdown = st.lists(markdown_pieces, max_size=12).map("".join)

MARKDOWN_SETTINGS = hypothesis_settings(max_examples=300, deadline=None)


@MARKDOWN_SETTINGS
@given(text=st.text())
@example(text="\x00<script>alert(1)</script>")
@example(text="[x](java\x00script:alert(1))")
def test_markdown_of_any_text_renders_nothing_executable(text):
    assert dangerous_markup(render_markdown(text)) == []


@MARKDOWN_SETTINGS
@given(text=hostile_markdown)
@example(text="".join(XSS_PAYLOADS))
@example(text="\n\n".join(XSS_PAYLOADS))
def test_markdown_of_hostile_mixtures_renders_nothing_executable(text):
    assert dangerous_markup(render_markdown(text)) == []


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_markdown_of_each_known_payload_renders_nothing_executable(payload):
    for text in (payload, f"Some *text* {payload} more", f"- item\n- {payload}", f"> {payload}"):
        assert dangerous_markup(render_markdown(text)) == [], text


# --- Every URL parameter ---------------------------------------------------------------------

URL_SETTINGS = hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Values a visitor could put anywhere: numbers of any size and sign, numbers in other scripts,
# control characters, encoded NULs, path tricks and markup.
EDGE_VALUES = [
    "0", "00", "0000", "0001", "1900", "2020", "9999", "-1", "-2020", "+1", "1.0", "1e3",
    "1e400", "nan", "inf", "99999999999999999999", "9" * 5000, "١٢", "٢٠٢٠", "２０２０", "²⁰²⁰",
    "①", "\x00", "%00", "\r\n", " 1", "1 ", "..", "../..", "a/b", "<script>alert(1)</script>",
    "'; DROP TABLE digest_issue; --", "机器学习", "ß", "\U0001f600", "\ufffd", "",
]  # fmt: skip
integers = st.integers(min_value=-(10**30), max_value=10**30).map(str)
padded_years = st.integers(min_value=0, max_value=9999).map("{:04d}".format)
padded_months = st.integers(min_value=0, max_value=99).map("{:02d}".format)
anything = st.one_of(st.sampled_from(EDGE_VALUES), integers, st.text(max_size=60))


def path_segment(value):
    """`value` percent-encoded as one path segment (a "/" in it is encoded too)."""
    return quote(value, safe="")


def query(**params):
    return "?" + urlencode(params, quote_via=quote)


@pytest.fixture
def archive(db):
    """A small archive: two issues in November 2020, one in January 2021, tagged entries (the
    "NLP" tag has more than one page of them)."""
    make_full_issue(2020, 47, entries=12)
    make_full_issue(2020, 48, entries=10)
    make_full_issue(2021, 1, entries=2)


@pytest.fixture
def visitor():
    """A client that reports a server error as its status, as a browser would see it."""
    return Client(raise_request_exception=False)


def test_the_archive_has_pages_for_the_parameters_to_reach(archive, visitor):
    for url in ("/issues/2020/", "/issues/2020/11/", "/issues/2020/week-47/", "/tags/nlp/?page=2"):
        assert visitor.get(url).status_code == 200, url
    assert "<mark>" in visitor.get("/search/?q=entry&page=2").content.decode()


def assert_answers(visitor, url):
    response = visitor.get(url)
    assert response.status_code in ALLOWED_STATUSES, f"{url!r} answered {response.status_code}"


@URL_SETTINGS
@given(year=st.one_of(padded_years, anything))
def test_any_year_archive_address_answers(archive, visitor, year):
    assert_answers(visitor, f"/issues/{path_segment(year)}/")


@URL_SETTINGS
@given(year=st.one_of(padded_years, anything), month=st.one_of(padded_months, anything))
@example(year="2020", month="11")
@example(year="0000", month="01")
@example(year="9999", month="12")
def test_any_month_summary_address_answers(archive, visitor, year, month):
    assert_answers(visitor, f"/issues/{path_segment(year)}/{path_segment(month)}/")


@URL_SETTINGS
@given(year=st.one_of(padded_years, anything), week=st.one_of(integers, anything))
@example(year="2020", week="47")
@example(year="0000", week="1")
@example(year="9999", week="52")
def test_any_issue_address_answers(archive, visitor, year, week):
    assert_answers(visitor, f"/issues/{path_segment(year)}/week-{path_segment(week)}/")


@URL_SETTINGS
@given(slug=anything, page=anything)
@example(slug="nlp", page="2")
@example(slug="nlp", page="9" * 5000)
def test_any_tag_address_answers(archive, visitor, slug, page):
    assert_answers(visitor, f"/tags/{path_segment(slug)}/{query(page=page)}")


@URL_SETTINGS
@given(q=anything, page=anything)
@example(q="entry", page="99999999999999999999")
@example(q="\x00\x00entry", page="-1")
def test_any_search_answers(archive, visitor, q, page):
    assert_answers(visitor, f"/search/{query(q=q, page=page)}")


@URL_SETTINGS
@given(year=anything, tag=anything, section=anything)
@example(year="²⁰²⁰", tag="nlp", section="papers")
@example(year="2020", tag="\x00", section="\x00")
def test_any_search_filter_answers(archive, visitor, year, tag, section):
    assert_answers(visitor, f"/search/{query(q='entry', year=year, tag=tag, section=section)}")


@hypothesis_settings(URL_SETTINGS, max_examples=20)
@given(page=anything)
def test_any_page_number_on_any_reader_page_answers(archive, visitor, page):
    for path in ("/", "/issues/", "/issues/2020/", "/issues/2020/11/", "/tags/"):
        assert_answers(visitor, f"{path}{query(page=page)}")


@URL_SETTINGS
@given(raw=st.binary(min_size=1, max_size=12))
@example(raw=b"\xff\xfe")
@example(raw=b"\x00")
def test_undecodable_bytes_in_addresses_answer(archive, visitor, raw):
    encoded = "".join(f"%{byte:02X}" for byte in raw)
    for url in (
        f"/issues/{encoded}/",
        f"/issues/2020/{encoded}/",
        f"/issues/2020/week-{encoded}/",
        f"/tags/{encoded}/",
        f"/tags/nlp/?page={encoded}",
        f"/search/?q={encoded}&page={encoded}&year={encoded}&tag={encoded}",
    ):
        assert_answers(visitor, url)


# Every value of EDGE_VALUES in every parameter, once each: a readable list of what fails.
ROUTES = [
    "/issues/{}/",
    "/issues/{}/11/",
    "/issues/2020/{}/",
    "/issues/{}/week-47/",
    "/issues/2020/week-{}/",
    "/tags/{}/",
]
QUERIES = [
    ("/tags/nlp/?", "page"),
    ("/search/?", "q"),
    ("/search/?q=entry&", "page"),
    ("/search/?q=entry&", "year"),
    ("/search/?q=entry&", "tag"),
    ("/search/?q=entry&", "section"),
    ("/issues/2020/11/?", "page"),
]


def test_edge_values_in_every_parameter_answer(archive, visitor):
    urls = []
    for value in EDGE_VALUES:
        urls += [route.format(path_segment(value)) for route in ROUTES]
        urls += [f"{path}{name}={quote(value, safe='')}" for path, name in QUERIES]
    failures = []
    for url in urls:
        status = visitor.get(url).status_code
        if status not in ALLOWED_STATUSES:
            failures.append((url[:80], status))
    assert failures == []


def test_month_summaries_at_the_ends_of_the_calendar_answer(archive, visitor):
    urls = [
        f"/issues/{year}/{month}/" for year in ("0000", "0001", "9999") for month in ("01", "12")
    ]

    statuses = {url: visitor.get(url).status_code for url in urls}

    assert {url: status for url, status in statuses.items() if status not in ALLOWED_STATUSES} == {}


# --- Whatever editors write, every public page and feed answers ------------------------------

CONTENT_SETTINGS = hypothesis_settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Text from every corner of Unicode, C0 controls included (NUL too: PostgreSQL refuses it).
any_characters = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=100)
# Names as the admin's tag field and the importer hand them to taggit (cleaned: PostgreSQL
# refuses a NUL even in taggit's lookup); a tag needs a name that is not only spaces.
tag_names = (
    st.one_of(st.sampled_from(HARD_TAG_NAMES), any_characters).map(clean_tag_name).filter(bool)
)
headlines = st.one_of(st.sampled_from(HOSTILE_HEADLINES), any_characters)
markdown_texts = st.one_of(
    st.sampled_from(list(PATHOLOGICAL_MARKDOWN.values())),
    hostile_markdown,
    st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=60).map("".join),
)


LIST_PAGES = {"/issues/", "/issues/2020/", "/tags/", "/robots.txt"}


def assert_every_public_page_answers(visitor, **entry_fields):
    """Publish an issue with one entry made of `entry_fields`, fetch every page and feed it
    shows up on, then remove it again (hypothesis runs many examples in one test)."""
    issue = make_issue(year=2020, week=47, intro=entry_fields.pop("intro", ""))
    try:
        entry = make_entry(issue, **entry_fields)
        make_pick(issue, entry)
        # The pages that show the entry's text, and every feed; the rest of the site is
        # covered by the corpus test below.
        urls = [
            url
            for url in public_urls(issue)
            if url not in LIST_PAGES and not url.startswith("/search/")
        ]
        failures = {url: status for url in urls if (status := visitor.get(url).status_code) != 200}
        assert failures == {}, entry_fields
    finally:
        issue.delete()
        Tag.objects.all().delete()


@CONTENT_SETTINGS
@given(names=st.lists(tag_names, min_size=1, max_size=3))
def test_any_tag_names_leave_every_public_page_answering(db, visitor, names):
    assert_every_public_page_answers(visitor, tags=names)


@CONTENT_SETTINGS
@given(headline=headlines, original_title=any_characters)
def test_any_headline_leaves_every_public_page_answering(db, visitor, headline, original_title):
    assert_every_public_page_answers(
        visitor, headline=headline[:300], original_title=original_title, tags=["NLP"]
    )


@CONTENT_SETTINGS
@given(summary=markdown_texts, intro=markdown_texts)
def test_any_markdown_leaves_every_public_page_answering(db, visitor, summary, intro):
    assert_every_public_page_answers(visitor, summary=summary, intro=intro, tags=["NLP"])


def test_a_published_issue_made_of_the_hostile_corpus_leaves_every_page_answering(db, visitor):
    """Every hostile value at once, published; then a crawl from the home page follows every
    link and feed, and nothing answers with a server error."""
    issue = make_issue(year=2020, week=47, title=HOSTILE_HEADLINES[0], intro="![" * 4000)
    texts = [*PATHOLOGICAL_MARKDOWN.values(), *XSS_PAYLOADS]
    for number, headline in enumerate(HOSTILE_HEADLINES):
        entry = make_entry(
            issue,
            headline=headline,
            summary=texts[number % len(texts)],
            card_url="https://example.com/card",
            card_title=headline,
            tags=HARD_TAG_NAMES[number :: len(HOSTILE_HEADLINES)],
        )
        make_pick(issue, entry, position=number, blurb=headline)

    pages = crawl(visitor, start_urls=public_urls(issue), max_pages=400)

    assert [(page.url, page.status_code) for page in pages if page.status_code >= 500] == []
    assert {page.status_code for page in pages} <= ALLOWED_STATUSES
    assert len(pages) > 40
