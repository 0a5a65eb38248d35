"""Stored contents after every kind of change: a page or feed never shows contents of an issue
rendered before a change it would show (digest.contents; the changes are those of
tests/test_page_cache_scopes.py)."""

import pytest
from django.utils import translation

from digest import contents
from digest.models import Entry, EntryContents, Issue, IssueContents
from tests.shared_data import shared_by_the_module
from tests.test_issue_contents import LANGUAGES, make_archive
from tests.test_page_cache_scopes import CHANGES

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def archive_built_once(request, django_db_setup, django_db_blocker):
    """The archive of tests/test_issue_contents.py, its contents rendered and stored in both
    languages, as pages and feeds have shown them, shared by the module's tests
    (tests.shared_data)."""
    with shared_by_the_module(request, django_db_blocker):
        make_archive()
        for issue in Issue.objects.all():
            for language in LANGUAGES:
                with translation.override(language):
                    shown(issue)
        yield


@pytest.fixture
def archive(archive_built_once):
    """The issues by week."""
    return {issue.week: issue for issue in Issue.objects.all()}


def shown(issue):
    """What the issue page, the feeds, the monthly summary, issue lists, tag pages and entry
    feeds show of `issue` and its entries."""
    entries = list(Entry.objects.filter(issue=issue).order_by("pk"))
    return (
        contents.issue_contents(issue),
        contents.feed_contents([issue])[issue.pk],
        contents.month_contents([issue]),
        contents.summaries([issue]),
        contents.entry_parts(entries),
        contents.entry_feed_html(entries),
    )


def is_stale(issue, language):
    """Whether the contents pages or feeds show of `issue` in `language` differ from a new
    rendering."""
    with translation.override(language):
        stored = shown(issue)
        IssueContents.objects.filter(issue=issue, language=language).delete()
        EntryContents.objects.filter(entry__issue=issue, language=language).delete()
        return stored != shown(issue)


@pytest.mark.parametrize("change", CHANGES)
def test_no_page_or_feed_shows_contents_rendered_before_a_change(archive, change):
    assert IssueContents.objects.count() == 40  # 5 issues, 2 languages, 4 kinds
    assert EntryContents.objects.count() == 40  # 5 issues of 4 entries, 2 languages

    CHANGES[change](archive)

    stale = [
        (issue.week, language)
        for issue in Issue.objects.all()
        for language in LANGUAGES
        if is_stale(issue, language)
    ]
    assert stale == []
