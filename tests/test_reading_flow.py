"""How an issue page reads: the entries start soon (contents folded, or beside the text on wide
screens), the neighbouring weeks and the issue's own month are linked above and below, each
headline leads to its source and says where, and a figure that was not imported leaves a
visible note. Pictures: the first of a page is loaded at once, the others when scrolled to.

What the browser shows (positions, colours, layout shift) is measured in tests/e2e/.
"""

import pytest
from django.urls import reverse
from taggit.models import Tag

from tests.factories import make_entry, make_issue, make_pick
from tests.html_inspection import elements, find_all

pytestmark = pytest.mark.django_db


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response.content.decode()


def issue_url(year, week):
    return reverse("digest:issue-detail", args=[year, week])


def month_url(year, month):
    return reverse("digest:month-summary", args=[year, month])


def index_of(html, matches):
    """The document-order index of the first element for which `matches(element)` is true."""
    return next(i for i, element in enumerate(elements(html)) if matches(element))


def indexes_of(html, matches):
    return [i for i, element in enumerate(elements(html)) if matches(element)]


def is_entry(element):
    return element.tag == "article" and "entry" in element.classes


def links_to(url):
    return lambda element: element.tag == "a" and element.get("href") == url


@pytest.fixture
def issue():
    """Week 47 of 2020 with picks and entries in two sections, between weeks 46 and 48."""
    make_issue(week=46)
    issue = make_issue(week=47, intro="This week's intro.")
    first = make_entry(issue, "papers", headline="First paper", position=1)
    make_entry(issue, "papers", headline="Second paper", position=2)
    article = make_entry(issue, "articles", headline="An article", position=1)
    make_pick(issue, first, 1)
    make_pick(issue, article, 2)
    make_issue(week=48)
    return issue


# --- Where the entries start ------------------------------------------------------------------


def test_contents_are_folded_between_the_picks_and_the_first_entry(client, issue):
    html = page(client, issue_url(2020, 47))

    [contents] = find_all(html, "details", class_="toc-details")
    assert "open" not in contents.attrs, "folded until the reader opens it (or a wide screen)"
    assert contents.inside("nav")
    picks = index_of(html, lambda e: e.tag == "section" and "picks" in e.classes)
    folded = index_of(html, lambda e: e.tag == "details")
    assert picks < folded < index_of(html, is_entry)
    listed = [link.get("href") for link in find_all(html, "a") if link.inside("details")]
    assert listed == [
        "#section-papers",
        "#first-paper",
        "#second-paper",
        "#section-articles",
        "#an-article",
    ]


def test_previous_and_next_week_are_linked_above_and_below_the_entries(client, issue):
    html = page(client, issue_url(2020, 47))

    first_entry, last_entry = indexes_of(html, is_entry)[0], indexes_of(html, is_entry)[-1]
    for url in (issue_url(2020, 46), issue_url(2020, 48)):
        above, below = indexes_of(html, links_to(url))
        assert above < first_entry and below > last_entry, url


def test_issue_page_links_its_own_month_summary_above_and_below_the_entries(client, issue):
    html = page(client, issue_url(2020, 47))

    above, below = indexes_of(html, links_to(month_url(2020, 11)))
    assert above < index_of(html, is_entry) < below


def test_an_issue_of_the_first_month_links_its_month_summary(client):
    make_entry(make_issue(week=45))  # the archive's only month: no earlier summary exists

    html = page(client, issue_url(2020, 45))

    assert indexes_of(html, links_to(month_url(2020, 11)))


def test_home_links_the_latest_issue_own_month_summary(client, issue):
    html = page(client, reverse("digest:home"))

    assert indexes_of(html, links_to(month_url(2020, 11)))


# --- Entries --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source_url", "label"),
    [
        ("https://arxiv.org/abs/2011.03775", "arXiv"),
        ("https://arxiv.org/pdf/2011.03775.pdf", "arXiv · PDF"),
        ("https://arxiv.org/pdf/2011.03775v2", "arXiv · PDF"),
        (
            "http://hirokatsukataoka.net/pdf/accv20_kataoka_fractaldb.pdf",
            "hirokatsukataoka.net · PDF",
        ),
        ("https://github.com/google-research/vision_transformer", "github.com"),
        ("https://www.example.com/posts/1?ref=feed", "example.com"),
    ],
)
def test_entry_headline_links_to_its_source_and_says_where_it_leads(client, source_url, label):
    entry = make_entry(make_issue(), headline="A headline", source_url=source_url)

    html = page(client, issue_url(2020, 47))

    [link] = [a for a in find_all(html, "a", href=source_url) if a.inside("h3")]
    assert link.text == entry.headline
    [kind] = find_all(html, "span", class_="source-kind")
    assert kind.text == label
    assert kind.inside("article", "entry")


def test_entry_without_a_source_link_has_a_plain_headline_and_no_kind(client):
    make_entry(make_issue(), headline="Hearsay", source_url="", original_title="Rumours")

    html = page(client, issue_url(2020, 47))

    assert [a.get("href") for a in find_all(html, "a") if a.inside("h3")] == ["#hearsay"]
    assert not find_all(html, "span", class_="source-kind")
    assert "Rumours" in html


def test_original_titles_are_never_set_in_italics(client):
    make_entry(make_issue(), original_title="迁移学习的组合观")

    html = page(client, issue_url(2020, 47))

    [title] = find_all(html, "span", class_="entry-original")
    assert title.text == "迁移学习的组合观"
    assert not title.inside("em") and not title.inside("i")


def test_copy_link_button_sits_on_the_source_line_not_in_the_headline(client):
    entry = make_entry(make_issue(), headline="A long headline that fills a phone's line")

    html = page(client, issue_url(2020, 47))

    [button] = find_all(html, "button", class_="copy-link")
    assert button.get("data-copy-anchor") == entry.slug
    assert not button.inside("h3")
    assert button.inside("div", "entry-meta")


def test_a_figure_that_was_not_imported_leaves_a_visible_note(client):
    make_entry(make_issue(), headline="Pictured", missing_image="img/db6e16.png")
    make_entry(make_issue(week=48), headline="Not pictured")

    missing = page(client, issue_url(2020, 47))
    without = page(client, issue_url(2020, 48))

    [note] = find_all(missing, "figure", class_="entry-image-missing")
    assert "Figure not available" in note.text
    assert note.inside("article", "entry")
    assert not find_all(without, "figure", class_="entry-image-missing")


def test_the_note_of_a_missing_figure_keeps_its_description(client):
    make_entry(make_issue(), missing_image="img/roof.png", image_alt="The rebuilt roof")

    [note] = find_all(page(client, issue_url(2020, 47)), "figure", class_="entry-image-missing")

    assert "The rebuilt roof" in note.text


# --- Loading pictures -------------------------------------------------------------------------


def image_loading(html):
    """[(src, loading attribute or None), ...] of the page's pictures, in document order."""
    return [(image.get("src"), image.get("loading")) for image in find_all(html, "img")]


def entries_with_images(issue, count, section="papers", start=1):
    return [
        make_entry(issue, section, position=n, image=f"entries/2020/figure-{issue.week}-{n}.png")
        for n in range(start, start + count)
    ]


def test_first_picture_of_an_issue_page_loads_at_once_and_the_others_lazily(client):
    issue = make_issue()
    make_entry(issue, "papers", position=1)  # no picture
    entries_with_images(issue, 2, start=2)
    entries_with_images(issue, 1, section="articles")

    loading = image_loading(page(client, issue_url(2020, 47)))

    assert [value for _src, value in loading] == [None, "lazy", "lazy"]
    assert loading[0][0] == "/media/entries/2020/figure-47-2.png"


def test_a_cover_is_the_first_picture_and_every_entry_picture_is_lazy(client):
    issue = make_issue(cover_image="covers/2020/cover.png")
    entries_with_images(issue, 2)

    loading = image_loading(page(client, issue_url(2020, 47)))

    assert loading == [
        ("/media/covers/2020/cover.png", None),
        ("/media/entries/2020/figure-47-1.png", "lazy"),
        ("/media/entries/2020/figure-47-2.png", "lazy"),
    ]


def test_first_picture_of_a_tag_page_loads_at_once(client):
    older, newer = make_issue(week=46), make_issue(week=47)
    make_entry(newer, tags=["Vision"])  # the newest entry, without a picture
    for issue in (newer, older):
        make_entry(issue, tags=["Vision"], position=5, image=f"entries/2020/{issue.week}.png")

    url = reverse("digest:tag-detail", args=[Tag.objects.get(name="Vision").slug])

    for html in (page(client, url), page(client, url)):  # the second from stored entries
        assert image_loading(html) == [
            ("/media/entries/2020/47.png", None),
            ("/media/entries/2020/46.png", "lazy"),
        ]


def test_first_picture_of_a_month_summary_loads_at_once(client):
    entries_with_images(make_issue(week=45), 2)
    entries_with_images(make_issue(week=46), 1)

    html = page(client, month_url(2020, 11))

    assert [value for _src, value in image_loading(html)] == [None, "lazy", "lazy"]


def test_first_picture_of_a_month_loads_at_once_when_its_first_week_has_none(client):
    make_entry(make_issue(week=45))
    entries_with_images(make_issue(week=46), 2)
    entries_with_images(make_issue(week=47), 1)

    first_view = page(client, month_url(2020, 11))
    again = page(client, month_url(2020, 11))  # from the stored weeks (digest.contents)

    for html in (first_view, again):
        assert [value for _src, value in image_loading(html)] == [None, "lazy", "lazy"]
