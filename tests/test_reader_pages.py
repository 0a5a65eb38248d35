"""The public pages: what a reader sees on each of them, and the styled 404 for everything else."""

import datetime

import pytest
from django.urls import reverse
from taggit.models import Tag

from digest.models import Issue
from tests.factories import future, make_entry, make_issue, make_pick, past
from tests.html_inspection import find_all

pytestmark = pytest.mark.django_db


def page(client, url):
    """The page's HTML, after checking that it was served."""
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response.content.decode()


def issue_url(year, week):
    return reverse("digest:issue-detail", kwargs={"year": year, "week": week})


def month_url(year, month):
    return reverse("digest:month-summary", kwargs={"year": year, "month": month})


def tag_url(tag):
    return reverse("digest:tag-detail", args=[tag.slug])


def hrefs(html, text=None):
    """The targets of the page's links (only those whose text contains `text`, when given)."""
    return [link.get("href") for link in find_all(html, "a") if text is None or text in link.text]


# --- The issue page --------------------------------------------------------------------------


@pytest.fixture
def full_issue(settings):
    """Week 47 of 2020 with an intro, two sections, a card, an image, tags and two picks."""
    settings.DIGEST_WEEK_STARTS_ON = 6
    issue = make_issue(
        year=2020, week=47, intro="Welcome to **this week's** digest.", cover_alt="Cover"
    )
    paper = make_entry(
        issue,
        "papers",
        tags=["NLP", "人工智能"],
        position=1,
        headline="Attention Is All You Need",
        original_title="Attention Is All You Need (arXiv)",
        source_url="https://arxiv.org/abs/1706.03762",
        summary="The *Transformer* architecture.",
        image="entries/2020/transformer.png",
        image_alt="The Transformer architecture diagram",
        card_url="https://github.com/tensorflow/tensor2tensor",
        card_title="tensor2tensor",
        card_description="Library of deep learning models and datasets.",
        card_site="GitHub",
    )
    article = make_entry(
        issue,
        "articles",
        position=1,
        headline="Deploying models at scale",
        original_title="How we deploy",
        source_url="https://example.com/deploy",
        summary="Lessons learned.",
    )
    make_pick(issue, paper, position=1, blurb="A classic worth rereading")
    make_pick(issue, article, position=2)
    return issue


def test_issue_page_shows_title_coverage_date_and_intro(client, full_issue):
    html = page(client, issue_url(2020, 47))

    assert "Week 47, 2020" in html
    assert "15–21 November 2020" in html
    assert "Welcome to <strong>this week&#x27;s</strong> digest." in html or (
        "Welcome to <strong>this week's</strong> digest." in html
    )


def test_issue_page_picks_link_to_the_entries_anchors(client, full_issue):
    html = page(client, issue_url(2020, 47))

    assert hrefs(html, "A classic worth rereading") == ["#attention-is-all-you-need"]
    # A pick without a blurb reads as the entry's headline.
    assert "#deploying-models-at-scale" in hrefs(html, "Deploying models at scale")
    assert find_all(html, "article", id="attention-is-all-you-need")
    assert find_all(html, "article", id="deploying-models-at-scale")


def test_issue_page_numbers_its_section_headings(client, full_issue):
    html = page(client, issue_url(2020, 47))

    assert "1. Machine Learning Papers" in html
    assert "2. Technical Articles" in html
    assert html.index("1. Machine Learning Papers") < html.index("2. Technical Articles")


def test_issue_page_shows_each_entry_in_full(client, full_issue):
    html = page(client, issue_url(2020, 47))

    headline = find_all(html, "a", class_="entry-link")[0]
    assert headline.text == "Attention Is All You Need"
    assert headline.get("href") == "https://arxiv.org/abs/1706.03762"
    assert "Attention Is All You Need (arXiv)" in html
    assert "The <em>Transformer</em> architecture." in html
    [image] = find_all(html, "img", alt="The Transformer architecture diagram")
    assert image.get("src") == "/media/entries/2020/transformer.png"
    [card] = [
        link
        for link in find_all(html, "a")
        if link.get("href") == "https://github.com/tensorflow/tensor2tensor"
    ]
    assert "tensor2tensor" in card.text
    assert "Library of deep learning models and datasets." in card.text
    assert "GitHub" in card.text


def test_issue_page_links_each_tag_to_its_page(client, full_issue):
    html = page(client, issue_url(2020, 47))

    for name in ("NLP", "人工智能"):
        assert reverse("digest:tag-detail", args=[Tag.objects.get(name=name).slug]) in hrefs(
            html, name
        )


def test_issue_page_links_previous_and_next_published_issues(client):
    make_issue(week=45)
    make_issue(week=46, status=Issue.Status.DRAFT)
    make_issue(week=47)
    make_issue(week=48, status=Issue.Status.SCHEDULED, publish_at=future())
    make_issue(week=49)

    html = page(client, issue_url(2020, 47))

    # Above the entries and below them.
    assert hrefs(html, "Week 45, 2020") == [issue_url(2020, 45)] * 2
    assert hrefs(html, "Week 49, 2020") == [issue_url(2020, 49)] * 2
    assert issue_url(2020, 46) not in hrefs(html)
    assert issue_url(2020, 48) not in hrefs(html)


def test_first_and_last_issue_have_only_one_neighbour(client):
    make_issue(week=46)
    make_issue(week=47)

    first, last = page(client, issue_url(2020, 46)), page(client, issue_url(2020, 47))

    assert issue_url(2020, 47) in hrefs(first) and 'rel="prev"' not in first
    assert issue_url(2020, 46) in hrefs(last) and 'rel="next"' not in last


def test_issue_page_links_its_month_and_the_two_most_recent_summaries_before_it(client):
    make_issue(week=33)  # August
    make_issue(week=38)  # September
    make_issue(week=42)  # October
    make_issue(week=45)  # November
    make_issue(week=47)  # November

    html = page(client, issue_url(2020, 47))

    assert month_url(2020, 11) in hrefs(html, "November 2020 summary")
    assert hrefs(html, "October 2020 summary") == [month_url(2020, 10)]
    assert hrefs(html, "September 2020 summary") == [month_url(2020, 9)]
    assert month_url(2020, 8) not in hrefs(html)


def test_scheduled_issue_whose_publish_time_passed_is_shown(client):
    make_issue(week=47, status=Issue.Status.SCHEDULED, publish_at=past())

    assert "Week 47, 2020" in page(client, issue_url(2020, 47))


# --- Home and archive ------------------------------------------------------------------------


def test_home_shows_the_latest_visible_issue_in_full_and_the_recent_ones(client):
    make_entry(make_issue(week=45), headline="Old news")
    make_entry(make_issue(week=46), headline="Last week's news")
    latest = make_issue(week=47, intro="The **newest** intro.")
    make_entry(latest, headline="Fresh news", summary="All the *details*.")
    make_entry(make_issue(week=48, status=Issue.Status.DRAFT), headline="Unfinished news")

    html = page(client, reverse("digest:home"))

    assert "The <strong>newest</strong> intro." in html
    assert "Fresh news" in html
    assert "All the <em>details</em>." in html
    assert hrefs(html, "Week 46, 2020")
    assert issue_url(2020, 45) in hrefs(html)
    assert "Unfinished news" not in html
    assert issue_url(2020, 48) not in hrefs(html)


def test_home_without_any_visible_issue_says_so(client):
    make_issue(week=47, status=Issue.Status.DRAFT)

    html = page(client, reverse("digest:home"))

    assert "No issue has been published yet." in html


def test_archive_lists_the_years_with_their_issue_counts(client):
    make_issue(year=2019, week=50)
    make_issue(year=2020, week=46)
    make_issue(year=2020, week=47)
    make_issue(year=2020, week=48, status=Issue.Status.DRAFT)

    html = page(client, reverse("digest:archive-index"))

    assert reverse("digest:year-archive", args=[2020]) in hrefs(html, "2020")
    assert reverse("digest:year-archive", args=[2019]) in hrefs(html, "2019")
    assert "2 issues" in html
    assert "1 issue" in html


def test_year_page_groups_its_issues_by_month(client):
    make_issue(week=44)  # Thursday 29 October
    make_issue(week=45)  # Thursday 5 November
    make_issue(week=46)
    make_issue(week=47, status=Issue.Status.DRAFT)

    html = page(client, reverse("digest:year-archive", args=[2020]))

    positions = [
        html.index(text)
        for text in ("October", "Week 44, 2020", "November", "Week 45, 2020", "Week 46, 2020")
    ]
    assert positions == sorted(positions)
    assert month_url(2020, 10) in hrefs(html)
    assert month_url(2020, 11) in hrefs(html)
    assert "Week 47, 2020" not in html


# --- Tags ------------------------------------------------------------------------------------


def test_tag_index_lists_tags_of_visible_entries_only(client):
    make_entry(make_issue(week=47), tags=["NLP"])
    make_entry(make_issue(week=48, status=Issue.Status.DRAFT), tags=["Secret project"])

    html = page(client, reverse("digest:tag-index"))

    assert tag_url(Tag.objects.get(name="NLP")) in hrefs(html, "NLP")
    assert "Secret project" not in html


def test_tag_index_gives_each_tag_its_count_most_used_first_in_its_own_language(client):
    issue = make_issue(week=47)
    for _ in range(3):
        make_entry(issue, tags=["机器学习", "<b>Bold</b> & co"])
    make_entry(issue, tags=["机器学习"])
    make_entry(make_issue(week=48, status=Issue.Status.DRAFT), tags=["<b>Bold</b> & co"])

    html = page(client, reverse("digest:tag-index"))

    links = [link for link in find_all(html, "a") if link.inside("ul", "tag-cloud")]
    counts = [count for count in find_all(html, "span") if count.inside("ul", "tag-cloud")]
    items = [
        (link.text, link.get("href"), link.get("lang"), count.text)
        for link, count in zip(links, counts, strict=True)
    ]
    chinese, bold = Tag.objects.get(name="机器学习"), Tag.objects.get(name="<b>Bold</b> & co")
    assert items == [
        ("机器学习", tag_url(chinese), "zh-Hans", "4"),
        ("<b>Bold</b> & co", tag_url(bold), None, "3"),  # the draft's entry not counted
    ]
    assert "<b>Bold</b>" not in html


def test_tag_index_without_tags_says_so(client):
    make_entry(make_issue(week=47))

    assert "No tags yet." in page(client, reverse("digest:tag-index"))


def test_tag_page_lists_the_visible_entries_with_the_tag(client):
    issue = make_issue(week=47)
    make_entry(issue, tags=["NLP"], headline="Tagged entry")
    make_entry(issue, tags=["Vision"], headline="Other entry")
    make_entry(make_issue(week=48, status=Issue.Status.DRAFT), tags=["NLP"], headline="Draft")

    html = page(client, tag_url(Tag.objects.get(name="NLP")))

    assert "Tagged entry" in html
    assert f"{issue_url(2020, 47)}#tagged-entry" in hrefs(html, "Week 47, 2020")
    assert "Other entry" not in html
    assert "Draft" not in html


def test_chinese_tag_has_a_unicode_slug_and_a_page(client):
    make_entry(make_issue(), tags=["人工智能"], headline="A Chinese-tagged entry")
    tag = Tag.objects.get(name="人工智能")

    assert tag.slug == "人工智能"
    html = page(client, reverse("digest:tag-detail", args=[tag.slug]))
    assert "A Chinese-tagged entry" in html


def test_tags_differing_only_in_case_are_one_tag(client):
    issue = make_issue()
    make_entry(issue, tags=["AI"], headline="Upper-case tag")
    make_entry(issue, tags=["ai"], headline="Lower-case tag")

    [tag] = Tag.objects.filter(name__iexact="ai")
    html = page(client, tag_url(tag))
    assert "Upper-case tag" in html
    assert "Lower-case tag" in html


@pytest.fixture
def tag_on_25_entries():
    issue = make_issue()
    for n in range(1, 26):
        make_entry(issue, tags=["NLP"], position=n, headline=f"Tagged entry #{n:02d}")
    return Tag.objects.get(name="NLP")


def test_tag_page_shows_20_entries_per_page(client, tag_on_25_entries):
    html = page(client, tag_url(tag_on_25_entries))

    assert len(find_all(html, "article", class_="entry")) == 20
    assert "Tagged entry #01" in html and "Tagged entry #20" in html
    assert "Tagged entry #21" not in html
    assert "?page=2" in hrefs(html)


def test_tag_page_2_shows_the_rest(client, tag_on_25_entries):
    html = page(client, tag_url(tag_on_25_entries) + "?page=2")

    assert len(find_all(html, "article", class_="entry")) == 5
    assert "Tagged entry #21" in html and "Tagged entry #25" in html
    assert "Tagged entry #20" not in html


@pytest.mark.parametrize("number", ["99", "abc", "0", "-1", "2.0", "99999999999999999999999"])
def test_tag_page_beyond_the_last_or_not_a_number_is_not_found(client, tag_on_25_entries, number):
    response = client.get(tag_url(tag_on_25_entries) + f"?page={number}")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


# --- Not found -------------------------------------------------------------------------------


@pytest.fixture
def archive():
    """A published week 47 of 2020, plus issues no reader may see yet."""
    make_entry(make_issue(year=2020, week=47), tags=["NLP"])
    make_entry(make_issue(year=2020, week=40, status=Issue.Status.DRAFT), tags=["Draft only"])
    make_issue(year=2020, week=41, status=Issue.Status.IN_REVIEW)
    make_issue(year=2020, week=42, status=Issue.Status.SCHEDULED, publish_at=future())


@pytest.mark.parametrize(
    "url",
    [
        "/issues/1999/",
        "/issues/20a0/",
        "/issues/abcd/",
        "/issues/2020/13/",
        "/issues/2020/00/",
        "/issues/2020/7/",
        "/issues/2020/12/",
        "/issues/2020/week-0/",
        "/issues/2020/week-54/",
        "/issues/2020/week-99/",
        "/issues/2020/week-abc/",
        "/issues/2020/week-46/",
        "/issues/2021/week-53/",
        "/issues/2020/week-40/",
        "/issues/2020/week-41/",
        "/issues/2020/week-42/",
        "/tags/unknown-tag/",
        "/tags/draft-only/",
        "/no-such-page/",
    ],
    ids=lambda url: url,
)
def test_unknown_or_hidden_page_is_a_styled_404(client, archive, url):
    response = client.get(url)

    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert reverse("digest:archive-index") in hrefs(html)


def test_draft_and_scheduled_issues_are_listed_nowhere(client, archive):
    for url in (
        reverse("digest:home"),
        reverse("digest:archive-index"),
        reverse("digest:year-archive", args=[2020]),
        month_url(2020, 11),
        reverse("digest:tag-index"),
    ):
        links = hrefs(page(client, url))
        for week in (40, 41, 42):
            assert issue_url(2020, week) not in links, url


def test_a_scheduled_issue_appears_once_its_publish_time_has_passed(client):
    issue = make_issue(week=47, status=Issue.Status.SCHEDULED, publish_at=future())
    assert client.get(issue_url(2020, 47)).status_code == 404

    Issue.objects.filter(pk=issue.pk).update(
        publish_at=issue.publish_at - datetime.timedelta(days=2)
    )

    assert client.get(issue_url(2020, 47)).status_code == 200
