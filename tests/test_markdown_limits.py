"""Markdown has limits an editor is told about, and anything within them renders in full.

A Markdown field (intro, summary) and a live preview request hold at most
DIGEST_MARKDOWN_MAX_LENGTH characters, and lists, quotes and tables may not be nested deeper
than the renderer goes; the admin, the importer and the preview say so in plain words. The
renderer (markdown-it-py) works in time proportional to the text, and never exhausts the
stack: how long the worst texts take is measured by benchmarks/markdown_worst_cases.py, not
here.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import CONTRIBUTOR
from digest import markdown
from digest.issue_format import ImportProblem, import_document, parse_document
from digest.markdown import render_markdown
from digest.models import Entry, Issue
from tests.admin_forms import admin_errors, entry_row, post_issue_form
from tests.factories import make_entry, make_issue
from tests.hostile_corpus import PATHOLOGICAL_MARKDOWN, REFUSED_MARKDOWN
from tests.html_inspection import find_all

pytestmark = pytest.mark.django_db

PREVIEW_URL = "/markdownx/markdownify/"
TOO_LONG = "longer than the 10,000 characters a Markdown field holds"
TOO_DEEP = "nested too deeply here (at most 8 lists within one another)"


def nested_list(depth):
    return "".join("  " * level + f"- level {level}\n" for level in range(depth))


def nested_divs(depth):
    return '<div markdown="1">\n' * depth + "x\n" + "</div>\n" * depth


@pytest.fixture
def contributor_client(client, django_user_model):
    user = django_user_model.objects.create_user("carl", "carl@example.com", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name=CONTRIBUTOR))
    client.force_login(user)
    return client


# --- The renderer -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", PATHOLOGICAL_MARKDOWN)
def test_pathological_markdown_within_the_limits_renders_and_may_be_saved(name):
    text = PATHOLOGICAL_MARKDOWN[name]

    assert markdown.markdown_problem(text) is None
    render_markdown(text)


@pytest.mark.parametrize("depth", [300, 1000])
def test_deep_nesting_never_exhausts_the_stack(depth):
    render_markdown("".join("    " * level + "- x\n" for level in range(depth)))
    render_markdown("> " * depth + "deep")
    render_markdown(nested_divs(depth))


def test_lists_nested_as_deep_as_allowed_render_in_full():
    html = render_markdown(nested_list(8) + "\nAfter the lists.")

    assert [item.text.split()[-1] for item in find_all(html, "li")][-1] == "7"
    assert "After the lists." in html


@pytest.mark.parametrize("name", REFUSED_MARKDOWN)
def test_markdown_beyond_the_limits_is_refused_with_a_reason(name):
    problem = markdown.markdown_problem(REFUSED_MARKDOWN[name])

    assert problem is not None
    assert TOO_LONG in problem or TOO_DEEP in problem


def test_a_text_of_exactly_the_length_limit_is_accepted(settings):
    assert markdown.markdown_problem("a" * settings.DIGEST_MARKDOWN_MAX_LENGTH) is None
    assert TOO_LONG in markdown.markdown_problem("a" * (settings.DIGEST_MARKDOWN_MAX_LENGTH + 1))


def test_the_length_limit_comes_from_the_settings(settings):
    settings.DIGEST_MARKDOWN_MAX_LENGTH = 50

    assert "longer than the 50 characters" in markdown.markdown_problem("a" * 51)


# --- Where editors write: admin, import, live preview -----------------------------------------


def test_the_admin_refuses_a_summary_over_the_length_limit(admin_client):
    issue = make_issue(status=Issue.Status.DRAFT)
    url = reverse("admin:digest_issue_change", args=[issue.pk])
    row = entry_row(section="1", headline="Long", summary="![" * 8000)

    response = post_issue_form(admin_client, url, entries=[row])

    assert response.status_code == 200
    assert TOO_LONG in str(admin_errors(response))
    assert not Entry.objects.exists()


def test_the_admin_refuses_an_intro_nested_too_deeply(admin_client):
    issue = make_issue(status=Issue.Status.DRAFT)
    url = reverse("admin:digest_issue_change", args=[issue.pk])

    response = post_issue_form(admin_client, url, intro=nested_list(30))

    assert response.status_code == 200
    assert TOO_DEEP in str(admin_errors(response))
    issue.refresh_from_db()
    assert issue.intro == ""


def test_an_import_with_a_summary_over_the_limit_is_refused_at_the_entry():
    document = (
        "# Week 10, 2021\n\n# 1. Papers\n\n# A long entry\n\n"
        "A Paper\n[https://papers.example.org/abs/1](https://papers.example.org/abs/1)\n\n"
        + "Lorem ipsum dolor sit amet. " * 400
        + "\n"
    )

    with pytest.raises(ImportProblem) as problem:
        import_document(parse_document(document, "week.md"))

    assert problem.value.line == 5
    assert TOO_LONG in problem.value.message
    assert not Issue.objects.exists()


def test_the_preview_shows_why_a_text_over_the_limit_cannot_be_saved(contributor_client):
    response = contributor_client.post(PREVIEW_URL, {"content": "![" * 8000})

    assert response.status_code == 400
    [message] = find_all(response.content.decode(), "p", class_="markdown-refused")
    assert TOO_LONG in message.text


def test_the_preview_shows_why_deep_nesting_cannot_be_saved(contributor_client):
    response = contributor_client.post(PREVIEW_URL, {"content": nested_list(30)})

    assert response.status_code == 400
    assert TOO_DEEP in response.content.decode()


def test_the_preview_refuses_a_huge_paste_without_reading_it(contributor_client):
    response = contributor_client.post(PREVIEW_URL, {"content": REFUSED_MARKDOWN["a 3 MB paste"]})

    assert response.status_code == 413
    assert TOO_LONG in response.content.decode()


def test_the_preview_escapes_nothing_it_should_not(contributor_client):
    response = contributor_client.post(PREVIEW_URL, {"content": "**within** the limits"})

    assert response.status_code == 200
    assert response.content.decode() == "<p><strong>within</strong> the limits</p>"


def test_text_saved_beyond_the_limits_from_the_shell_still_renders():
    issue = make_issue()

    entry = make_entry(issue, summary=nested_divs(1000))

    assert "x" in entry.summary_html
