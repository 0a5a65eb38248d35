"""Search: ranking, filters, paging, and on PostgreSQL the trigram indexes; each test makes its
own entries (tests/test_search.py searches one corpus shared by its tests)."""

import pytest
from django.db import connection

from digest.models import Entry, Section
from digest.search import SearchQuery, search_entries
from tests.factories import make_entry, make_issue
from tests.html_inspection import elements, find_all
from tests.test_search import SEARCH, found, found_links, result_elements, search_page

pytestmark = pytest.mark.django_db


def test_entry_with_the_term_in_its_headline_ranks_before_one_with_it_only_in_its_summary(
    client,
):
    newer = make_issue(year=2021, week=5)
    older = make_issue(year=2018, week=5)
    only_summary = make_entry(
        newer, "papers", position=1, headline="A survey", summary="Uses graph transformers."
    )
    in_headline = make_entry(
        older, "other", position=9, headline="Graph transformers", summary="A new model."
    )

    assert found(client, "transformers") == [in_headline, only_summary]


def test_chinese_headline_match_ranks_first_too(client):
    only_summary = make_entry(
        make_issue(year=2021, week=5), headline="本周论文", summary="关于注意力机制的研究。"
    )
    in_headline = make_entry(
        make_issue(year=2018, week=5), headline="注意力机制详解", summary="详细解释。"
    )

    assert found(client, "注意力机制") == [in_headline, only_summary]


def test_highlighted_headline_keeps_the_headline_text_escaped(client):
    entry = make_entry(make_issue(), headline="Why vector<int> beats attention")

    html = search_page(client, q="attention")

    [link] = [link for link in find_all(html, "a") if link.get("href") == entry.get_absolute_url()]
    assert link.text == "Why vector<int> beats attention"
    assert "Why vector&lt;int&gt; beats <mark>attention</mark>" in html
    assert not [element for element in elements(html) if element.tag == "int"]


# --- Filters and pages ---------------------------------------------------------------------


@pytest.fixture
def models_everywhere():
    """ "models" in entries of several sections, years and tags."""
    current = make_issue(year=2020, week=47)
    older = make_issue(year=2019, week=47)
    return {
        "paper_2020": make_entry(current, "papers", headline="Vision models", tags=["CV"]),
        "article_2020": make_entry(current, "articles", headline="Serving models", tags=["MLOps"]),
        "paper_2019": make_entry(older, "papers", headline="Language models", tags=["NLP"]),
        "article_2019": make_entry(older, "articles", headline="Scaling models", tags=["MLOps"]),
    }


def test_section_filter_narrows_results(client, models_everywhere):
    assert set(found(client, "models", section="articles")) == {
        models_everywhere["article_2020"],
        models_everywhere["article_2019"],
    }


def test_tag_filter_narrows_results(client, models_everywhere):
    assert set(found(client, "models", tag="mlops")) == {
        models_everywhere["article_2020"],
        models_everywhere["article_2019"],
    }


def test_chinese_tag_filter_narrows_results(client, models_everywhere):
    models_everywhere["paper_2019"].tags.add("自然语言处理")

    assert found(client, "models", tag="自然语言处理") == [models_everywhere["paper_2019"]]


def test_year_filter_narrows_results(client, models_everywhere):
    assert set(found(client, "models", year="2020")) == {
        models_everywhere["paper_2020"],
        models_everywhere["article_2020"],
    }


def test_filters_combine(client, models_everywhere):
    assert found(client, "models", section="papers", year="2019") == [
        models_everywhere["paper_2019"]
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"section": "no-such-section"},
        {"tag": "no-such-tag"},
        {"year": "1999"},
    ],
)
def test_a_filter_nothing_matches_finds_nothing(client, models_everywhere, params):
    assert found(client, "models", **params) == []


@pytest.mark.parametrize("year", ["abc", "20201", "-2020", "２０２０x", "", "²⁰²⁰", "2020\x00"])
def test_a_malformed_year_filter_is_ignored(client, models_everywhere, year):
    assert len(found(client, "models", year=year)) == 4


@pytest.mark.parametrize("name", ["section", "tag"])
def test_a_nul_character_in_a_filter_finds_nothing_instead_of_failing(
    client, models_everywhere, name
):
    assert found(client, "models", **{name: "articles\x00"}) == []


@pytest.fixture
def many_matches():
    issue = make_issue()
    return [make_entry(issue, headline=f"Benchmark number {n}") for n in range(25)]


def test_results_come_twenty_to_a_page(client, many_matches):
    first = search_page(client, q="benchmark")
    second = search_page(client, q="benchmark", page="2")

    assert len(result_elements(first)) == 20
    assert len(result_elements(second)) == 5
    assert not set(found_links(first)) & set(found_links(second))
    assert "25 entries found" in first
    assert find_all(first, "a", rel="next")


@pytest.mark.parametrize(("page", "shown"), [("abc", 20), ("999", 5), ("0", 5), ("-1", 5)])
def test_a_bad_page_number_still_shows_a_page(client, many_matches, page, shown):
    assert len(result_elements(search_page(client, q="benchmark", page=page))) == shown


def test_next_page_link_keeps_the_query_and_filters(client, many_matches):
    html = search_page(client, q="benchmark", section="papers", year="2020")

    [next_link] = find_all(html, "a", rel="next")
    response = client.get(SEARCH + next_link.get("href"))
    assert response.status_code == 200
    assert len(result_elements(response.content.decode())) == 5


# --- PostgreSQL: trigram indexes serve the search ------------------------------------------

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="trigram indexes exist only on PostgreSQL"
)


@postgresql_only
@pytest.mark.parametrize(
    ("index", "table"),
    [("digest_entry_search_trgm", "digest_entry"), ("digest_issue_search_trgm", "digest_issue")],
)
def test_trigram_indexes_exist(index, table):
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename, indexdef FROM pg_indexes WHERE indexname = %s", [index])
        rows = cursor.fetchall()

    assert len(rows) == 1
    assert rows[0][0] == table
    assert "gin" in rows[0][1].lower()
    assert "gin_trgm_ops" in rows[0][1]
    assert "search_text" in rows[0][1]


@postgresql_only
def test_entry_search_uses_the_trigram_index():
    issues = [make_issue(year=2020, week=week) for week in range(1, 11)]
    papers = Section.objects.get(slug="papers")
    with connection.cursor() as cursor:
        # Loaded without the triggers that renew cached pages (nothing is cached here); the
        # transaction of the test ends them.
        cursor.execute("SET LOCAL session_replication_role = replica")
    Entry.objects.bulk_create(
        (
            Entry(
                issue=issues[n % len(issues)],
                section=papers,
                position=n,
                slug=f"entry-{n}",
                headline=f"Entry {n}",
                summary=f"Summary number {n}",
                search_text=f"entry {n} summary number {n}"
                + (" transformer 神经元网络 diffusion models" if n % 97 == 0 else ""),
            )
            for n in range(10_000)
        ),
        batch_size=2_000,
    )
    with connection.cursor() as cursor:
        # What autovacuum does in production: move new rows from the GIN pending list into the
        # index proper, and refresh the statistics the planner uses.
        cursor.execute("SELECT gin_clean_pending_list('digest_entry_search_trgm')")
        cursor.execute("ANALYZE digest_entry")
        cursor.execute("SET LOCAL enable_seqscan = off")

    for q in ("transformer", "神经元网络", "diffusion models"):
        plan = search_entries(SearchQuery.parse(q)).explain()
        assert "Bitmap Index Scan on digest_entry_search_trgm" in plan, f"{q}:\n{plan}"
