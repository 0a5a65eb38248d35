"""The editors' admin: every page loads, the Markdown editor is wired up, and an issue can be
built through the forms, entries first, then picks among them."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from taggit.models import Tag

from digest.models import Issue, Pick
from tests.admin_forms import admin_errors, entry_row, pick_row, post_issue_form
from tests.factories import make_entry, make_issue, section
from tests.html_inspection import find_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(superuser):
    """One object of each kind the admin manages."""
    issue = make_issue(year=2020, week=47, intro="Intro")
    entry = make_entry(issue, tags=["NLP"], headline="Transformers revisited")
    return {
        "issue": issue,
        "entry": entry,
        "section": section("papers"),
        "user": superuser,
        "tag": Tag.objects.get(name="NLP"),
    }


ADMIN_MODELS = {
    "issue": "digest_issue",
    "entry": "digest_entry",
    "section": "digest_section",
    "user": "accounts_user",
    "tag": "taggit_tag",
}


@pytest.mark.parametrize("model", ADMIN_MODELS)
@pytest.mark.parametrize("page", ["changelist", "add", "change"])
def test_admin_page_loads(admin_client, content, model, page):
    args = [content[model].pk] if page == "change" else []
    url = reverse(f"admin:{ADMIN_MODELS[model]}_{page}", args=args)

    response = admin_client.get(url)

    assert response.status_code == 200


# --- The Markdown editor ---------------------------------------------------------------------


def markdown_editors(html):
    """Names of the textareas wrapped in markdownx's editor (a div of class "markdownx")."""
    return {
        textarea.get("name")
        for textarea in find_all(html, "textarea")
        if textarea.inside("div", "markdownx") and "markdownx-editor" in textarea.classes
    }


def test_issue_change_page_loads_the_inline_editor_script(admin_client, content):
    response = admin_client.get(reverse("admin:digest_issue_change", args=[content["issue"].pk]))

    scripts = [script.get("src") for script in find_all(response.content, "script")]
    assert any((src or "").endswith("/static/digest/admin/markdownx-inlines.js") for src in scripts)
    assert any("markdownx/js/markdownx" in (src or "") for src in scripts)


def test_issue_change_page_edits_intro_and_entry_summaries_with_markdownx(admin_client, content):
    response = admin_client.get(reverse("admin:digest_issue_change", args=[content["issue"].pk]))

    editors = markdown_editors(response.content)

    assert "intro" in editors
    assert "entries-0-summary" in editors
    # The hidden row "Add another entry" copies must carry the editor too.
    assert "entries-__prefix__-summary" in editors


def test_issue_add_page_edits_the_intro_with_markdownx(admin_client):
    response = admin_client.get(reverse("admin:digest_issue_add"))

    editors = markdown_editors(response.content)

    assert "intro" in editors
    assert "entries-__prefix__-summary" in editors


# --- The issue list --------------------------------------------------------------------------


@pytest.fixture
def issues_to_filter():
    published = make_issue(year=2020, week=47, title="Published issue")
    make_entry(published, "papers", tags=["NLP"], headline="Transformers revisited")
    draft = make_issue(year=2021, week=3, status=Issue.Status.DRAFT, title="Draft issue")
    make_entry(draft, "articles", tags=["Vision"], headline="Convolutions forever")


def changelist(admin_client, **query):
    response = admin_client.get(reverse("admin:digest_issue_changelist"), query)
    # An unknown filter redirects to "?e=1"; a valid one answers 200.
    assert response.status_code == 200
    return response.content.decode()


def test_issue_list_filters_by_status(admin_client, issues_to_filter):
    html = changelist(admin_client, status="draft")

    assert "Draft issue" in html
    assert "Published issue" not in html


def test_issue_list_filters_by_year(admin_client, issues_to_filter):
    html = changelist(admin_client, year="2020")

    assert "Published issue" in html
    assert "Draft issue" not in html


def test_issue_list_filters_by_section(admin_client, issues_to_filter):
    html = changelist(admin_client, entries__section__id__exact=section("articles").pk)

    assert "Draft issue" in html
    assert "Published issue" not in html


def test_issue_list_filters_by_tag(admin_client, issues_to_filter):
    html = changelist(admin_client, entries__tags__id__exact=Tag.objects.get(name="NLP").pk)

    assert "Published issue" in html
    assert "Draft issue" not in html


def test_issue_list_search_finds_an_issue_by_a_word_of_an_entry_headline(
    admin_client, issues_to_filter
):
    html = changelist(admin_client, q="Transformers")

    assert "Published issue" in html
    assert "Draft issue" not in html


# --- Building an issue through the forms -----------------------------------------------------


def test_issue_is_built_with_entries_then_a_pick(admin_client):
    papers, articles = section("papers").pk, section("articles").pk
    response = post_issue_form(
        admin_client,
        reverse("admin:digest_issue_add"),
        2020,
        47,
        intro="A **busy** week.",
        entries=[
            entry_row(
                section=papers,
                position=1,
                headline="Scaling laws",
                source_url="https://arxiv.org/abs/2001.08361",
                summary="Bigger is *better*.",
                tags="AI, 人工智能",
            ),
            entry_row(section=articles, position=1, headline="Serving models"),
        ],
    )
    assert response.status_code == 302, admin_errors(response)
    issue = Issue.objects.get(year=2020, week=47)
    scaling = issue.entries.get(headline="Scaling laws")
    assert {tag.name for tag in scaling.tags.all()} == {"AI", "人工智能"}
    assert issue.intro_html == "<p>A <strong>busy</strong> week.</p>"
    assert scaling.summary_html == "<p>Bigger is <em>better</em>.</p>"

    response = post_issue_form(
        admin_client,
        reverse("admin:digest_issue_change", args=[issue.pk]),
        2020,
        47,
        intro="A **busy** week.",
        entries=[entry_row(entry) for entry in issue.entries.order_by("section__position")],
        picks=[pick_row(position=1, entry=scaling.pk, blurb="Read this first")],
    )

    assert response.status_code == 302, admin_errors(response)
    [pick] = Pick.objects.filter(issue=issue)
    assert (pick.entry, pick.blurb) == (scaling, "Read this first")
    assert {tag.name for tag in scaling.tags.all()} == {"AI", "人工智能"}


def test_issue_change_page_links_to_the_issue_on_the_site(admin_client, content):
    issue = content["issue"]

    response = admin_client.get(reverse("admin:digest_issue_change", args=[issue.pk]))

    targets = [
        link.get("href") for link in find_all(response.content, "a") if "View on site" in link.text
    ]
    assert targets
    for href in targets:
        if href.startswith(reverse("admin:index")):
            # The admin's own "view on site" link redirects through a short URL.
            href = urlsplit(admin_client.get(href)["Location"]).path
        assert href == issue.get_absolute_url() == "/issues/2020/week-47/"
