"""Tag suggestions in a real browser: typing in an entry's tags field offers the existing tags
that match the term after the last comma, as completions of the whole field."""

import pytest
from playwright.sync_api import expect
from taggit.models import Tag

from digest.models import Issue
from tests.e2e.browsing import ENGLISH, LIVE_DB, log_in
from tests.factories import make_entry, make_issue

pytestmark = LIVE_DB


@pytest.fixture
def issue(db):
    issue = make_issue(week=47, status=Issue.Status.DRAFT)
    make_entry(issue, headline="Saved headline")
    for name in ["人工智能", "智能体", "machine learning", "NLP"]:
        Tag.objects.create(name=name)
    return issue


def test_typing_in_a_tags_field_offers_matching_existing_tags(new_context, editor_user, issue):
    page = new_context(locale=ENGLISH).new_page()
    log_in(page, editor_user, next_path=f"/admin/digest/issue/{issue.pk}/change/")
    page.locator("#entries-0 .entry-toggle").click()  # saved entries are folded to one line
    tags = page.locator("#id_entries-0-tags")

    tags.press_sequentially("NLP, 智能")

    # Suggestions for what was typed on the way ("N", "NLP") come and go; wait for the last.
    options = page.locator("datalist option")
    expect(options.first).to_have_attribute("value", "NLP, 智能体")
    assert tags.get_attribute("list") == page.locator("datalist").get_attribute("id")
    assert [option.get_attribute("value") for option in options.all()] == [
        "NLP, 智能体",
        "NLP, 人工智能",
    ]

    tags.fill("")
    tags.press_sequentially("machine")
    # A name with a space is quoted, as the tags field reads it.
    expect(options).to_have_count(1)
    expect(options.first).to_have_attribute("value", '"machine learning"')
