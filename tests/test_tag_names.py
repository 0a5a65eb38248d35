"""Every tag has a page: names without letters or digits ("🤖", "？", "---") get a non-empty,
stable slug however the tag is created (admin, import, shell), existing tags are repaired, and
no tag name makes a page or feed fail. Tag feeds exist only for tags readers may see."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape
from taggit.models import Tag

from digest.issue_format import ImportProblem, parse_document
from digest.models import Entry, Issue
from tests.admin_forms import admin_errors, entry_row, post_issue_form
from tests.crawl import public_urls
from tests.factories import make_entry, make_issue
from tests.hostile_corpus import HARD_TAG_NAMES, SYMBOL_TAG_NAMES

pytestmark = pytest.mark.django_db


def repair():
    """The data migration that repairs what was stored before these rules."""
    return importlib.import_module("digest.migrations.0009_repair_tag_slugs_and_control_characters")


def statuses(client, urls):
    return {url: client.get(url).status_code for url in urls}


@pytest.mark.parametrize("name", SYMBOL_TAG_NAMES)
def test_a_tag_without_letters_or_digits_gets_a_slug_and_a_page(client, name):
    issue = make_issue()
    make_entry(issue, tags=[name])

    tag = Tag.objects.get()

    assert tag.slug
    response = client.get(reverse("digest:tag-detail", args=[tag.slug]))
    assert response.status_code == 200
    assert escape(tag.name) in response.content.decode()


def test_symbol_tags_are_told_apart_by_their_slugs():
    issue = make_issue()
    make_entry(issue, tags=SYMBOL_TAG_NAMES)

    slugs = list(Tag.objects.values_list("slug", flat=True))

    assert all(slugs) and len(set(slugs)) == len(SYMBOL_TAG_NAMES)
    assert Tag.objects.get(name="🤖").slug == "u1f916"
    assert Tag.objects.get(name="？").slug == "uff1f"


def test_every_public_page_and_feed_answers_with_hard_tag_names_published(client):
    issue = make_issue()
    for number, name in enumerate(HARD_TAG_NAMES):
        make_entry(issue, tags=[name], headline=f"Entry {number}")

    answers = statuses(client, public_urls(issue))

    assert {url: status for url, status in answers.items() if status != 200} == {}


def test_the_contributors_preview_of_a_draft_with_a_symbol_tag_answers(client, superuser):
    issue = make_issue(status=Issue.Status.DRAFT)
    make_entry(issue, tags=["🤖"])
    client.force_login(superuser)

    response = client.get(issue.get_absolute_url())

    assert response.status_code == 200
    assert "🤖" in response.content.decode()


def test_a_tag_typed_in_the_admin_gets_a_slug(admin_client):
    issue = make_issue(status=Issue.Status.DRAFT)
    url = reverse("admin:digest_issue_change", args=[issue.pk])
    row = entry_row(section="1", headline="Robots", tags="🤖, ？, ---, 机器学习")

    response = post_issue_form(admin_client, url, entries=[row])

    assert response.status_code == 302, admin_errors(response)
    assert dict(Tag.objects.values_list("name", "slug")) == {
        "🤖": "u1f916",
        "？": "uff1f",
        "---": "u002d-u002d-u002d",
        "机器学习": "机器学习",
    }


def test_a_too_long_tag_typed_in_the_admin_is_refused_with_a_message(admin_client):
    issue = make_issue(status=Issue.Status.DRAFT)
    url = reverse("admin:digest_issue_change", args=[issue.pk])
    row = entry_row(section="1", headline="Robots", tags="fine, " + "x" * 101)

    response = post_issue_form(admin_client, url, entries=[row])

    assert response.status_code == 200
    assert "is longer than 100 characters" in str(admin_errors(response))
    assert not Tag.objects.exists()


DOCUMENT = """# Week 10, 2021

# 1. Machine Learning Papers

# A first entry

A First Paper
[https://papers.example.org/abs/1](https://papers.example.org/abs/1)

Its summary.

Tags: {tags}
"""


def test_tags_of_an_imported_document_get_slugs(tmp_path, client):
    path = Path(tmp_path / "week.md")
    path.write_text(DOCUMENT.format(tags="🤖, ？, ---, \x07bell, nu\x00ll"), encoding="utf-8")

    call_command("import_issue", str(path), "--publish")

    assert dict(Tag.objects.values_list("name", "slug")) == {
        "🤖": "u1f916",
        "？": "uff1f",
        "---": "u002d-u002d-u002d",
        "bell": "bell",
        "null": "null",
    }
    issue = Issue.objects.get()
    assert set(statuses(client, public_urls(issue)).values()) == {200}


def test_a_too_long_tag_in_a_document_is_refused_at_its_line():
    with pytest.raises(ImportProblem) as problem:
        parse_document(DOCUMENT.format(tags="x" * 101), "week.md")

    assert problem.value.line == 12
    assert "longer than 100 characters" in problem.value.message


def test_a_tag_keeps_its_slug_when_renamed():
    issue = make_issue()
    make_entry(issue, tags=["🤖"])
    tag = Tag.objects.get()

    tag.name = "Robots"
    tag.save()

    tag.refresh_from_db()
    assert tag.slug == "u1f916"


def test_a_tag_made_in_the_shell_without_a_slug_gets_one():
    tag = Tag.objects.create(name="？？")

    assert tag.slug == "uff1f-uff1f"
    assert Tag.objects.create(name="?？").slug == "u003f-uff1f"


def test_a_tag_name_longer_than_a_tag_may_be_is_refused_in_the_shell():
    with pytest.raises(ValidationError):
        Tag.objects.create(name="x" * 101)


def test_the_migration_gives_tags_with_an_empty_slug_one(client):
    issue = make_issue()
    make_entry(issue, tags=["🤖", "NLP"])
    make_entry(issue, tags=["？"])
    # What taggit gave them: "" to the first, then "" numbered.
    Tag.objects.filter(name="🤖").update(slug="")
    Tag.objects.filter(name="？").update(slug="_1")

    repair().repair_tags(apps, None)

    assert dict(Tag.objects.values_list("name", "slug")) == {
        "🤖": "u1f916",
        "？": "_1",  # not empty, and its address may be known: kept
        "NLP": "nlp",
    }
    assert set(statuses(client, public_urls(issue)).values()) == {200}


# --- Tag feeds ------------------------------------------------------------------------------


def test_the_feed_of_a_tag_only_drafts_use_is_not_found(client):
    draft = make_issue(status=Issue.Status.DRAFT)
    make_entry(draft, tags=["Buy cheap pills"])
    slug = Tag.objects.get().slug

    response = client.get(reverse("digest:feed-tag", args=[slug]))

    assert response.status_code == 404
    assert b"Buy cheap pills" not in response.content
    assert client.get(reverse("digest:tag-detail", args=[slug])).status_code == 404


def test_the_feed_of_a_tag_appears_once_an_entry_with_it_is_published(client):
    draft = make_issue(status=Issue.Status.DRAFT)
    make_entry(draft, tags=["Robotics"])
    url = reverse("digest:feed-tag", args=[Tag.objects.get().slug])
    assert client.get(url).status_code == 404

    Issue.objects.filter(pk=draft.pk).update(
        status=Issue.Status.PUBLISHED, publish_at=Entry.objects.get().issue.created_at
    )

    response = client.get(url)
    assert response.status_code == 200
    assert "Robotics" in response.content.decode()
