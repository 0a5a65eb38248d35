"""Control characters never reach the database: a vertical tab pasted from Word, a NUL, an
escape sequence are removed from every text field however it is saved (admin, import, shell),
so the feeds — XML, which forbids them — and the pages always answer."""

import importlib

import feedparser
import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from taggit.models import Tag

from digest.models import Entry, Issue, Pick, Section
from tests.admin_forms import admin_errors, entry_row, post_issue_form
from tests.crawl import public_urls
from tests.factories import make_entry, make_issue, make_pick
from tests.hostile_corpus import CONTROL_CHARACTERS, HOSTILE_HEADLINES

pytestmark = pytest.mark.django_db


def repair():
    """The data migration that repairs what was stored before these rules."""
    return importlib.import_module("digest.migrations.0009_repair_tag_slugs_and_control_characters")


FEEDS = ["/feeds/issues.atom", "/feeds/issues.rss"]


def has_control_characters(text):
    return any(character in text for character in CONTROL_CHARACTERS)


def test_a_vertical_tab_in_a_headline_leaves_every_feed_readable(client):
    issue = make_issue()
    make_entry(issue, headline="Soft\x0bline break", tags=["NLP"])

    for url in [*FEEDS, "/sections/papers/feed/", "/tags/nlp/feed/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, (url, parsed.bozo_exception)
        assert "Soft line break" in response.content.decode(), url


@pytest.mark.parametrize("character", CONTROL_CHARACTERS)
def test_control_characters_leave_every_text_field_when_saved(character):
    text = f"before{character}after"
    issue = make_issue(title=text, intro=text, cover_alt=text)
    entry = make_entry(
        issue,
        headline=text,
        original_title=text,
        summary=text,
        image_alt=text,
        card_title=text,
        card_description=text,
        card_site=text,
        # PostgreSQL refuses a NUL even in the lookup taggit makes before saving a tag; the
        # admin and the importer clean tag names before that (tests/test_tag_names.py).
        tags=[text] if character != "\x00" else [],
    )
    make_pick(issue, entry, blurb=text)
    Section.objects.create(name_en=text, name_zh=f"{text}中", slug="odd", position=9)

    for model in (Issue, Entry, Pick, Section, Tag):
        for row in model.objects.values():
            texts = [value for value in row.values() if isinstance(value, str)]
            assert not any(has_control_characters(value) for value in texts), (model, row)
    assert Entry.objects.get().headline in {"beforeafter", "before after"}


def test_pasted_line_and_page_breaks_become_spaces():
    issue = make_issue()

    entry = make_entry(issue, headline="Soft\x0bbreak and page\x0cbreak")

    assert entry.headline == "Soft break and page break"


def test_tabs_and_line_breaks_stay(client):
    issue = make_issue()

    entry = make_entry(issue, summary="First line\r\nsecond\tline\n\nNext paragraph.")

    assert entry.summary == "First line\r\nsecond\tline\n\nNext paragraph."


def test_a_headline_with_a_vertical_tab_typed_in_the_admin_is_cleaned(admin_client, client):
    issue = make_issue()
    url = reverse("admin:digest_issue_change", args=[issue.pk])
    row = entry_row(section="1", headline="Pasted\x0bfrom Word", summary="A\x1b[31m summary")

    response = post_issue_form(admin_client, url, entries=[row])

    assert response.status_code == 302, admin_errors(response)
    entry = Entry.objects.get()
    assert (entry.headline, entry.summary) == ("Pasted from Word", "A[31m summary")
    assert client.get("/feeds/issues.atom").status_code == 200


def test_control_characters_in_an_imported_document_are_removed(tmp_path, client):
    path = tmp_path / "week.md"
    path.write_text(
        "# Week 10, 2021\n\nIntro\x07 with a bell.\n\n# 1. Papers\n\n# Head\x1bline\n\n"
        "A Paper\n[https://papers.example.org/abs/1](https://papers.example.org/abs/1)\n\n"
        "Sum\x00mary \x08here.\n",
        encoding="utf-8",
    )

    call_command("import_issue", str(path), "--publish")

    entry = Entry.objects.get()
    assert (entry.headline, entry.summary) == ("Headline", "Summary here.")
    assert Issue.objects.get().intro == "Intro with a bell."
    assert {client.get(url).status_code for url in FEEDS} == {200}


@pytest.mark.parametrize("headline", HOSTILE_HEADLINES)
def test_every_public_page_and_feed_answers_with_a_hostile_headline(client, headline):
    issue = make_issue()
    entry = make_entry(issue, headline=headline, tags=["NLP"])
    make_pick(issue, entry, blurb=headline)

    statuses = {url: client.get(url).status_code for url in public_urls(issue)}

    assert {url: status for url, status in statuses.items() if status != 200} == {}


def test_the_migration_removes_control_characters_saved_before():
    client = Client(raise_request_exception=False)
    issue = make_issue()
    entry = make_entry(issue, tags=["NLP"])
    Entry.objects.filter(pk=entry.pk).update(
        headline="Soft\x0bbreak", summary_html="<p>a\x1bb</p>", search_text="soft\x0bbreak"
    )
    Tag.objects.update(name="N\x07LP")
    assert client.get("/feeds/issues.atom").status_code == 500

    repair().clean_text(apps, None)
    repair().repair_tags(apps, None)

    entry.refresh_from_db()
    assert (entry.headline, entry.summary_html, entry.search_text) == (
        "Soft break",
        "<p>ab</p>",
        "soft break",
    )
    assert Tag.objects.get().name == "NLP"
    assert client.get("/feeds/issues.atom").status_code == 200
