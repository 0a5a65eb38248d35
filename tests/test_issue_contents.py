"""An issue's contents are rendered once per language and stored (digest.contents): pages show
the stored rendering while it is current, and never one made before a change it would show."""

from unittest import mock

import pytest
from django.db import DatabaseError, connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from digest import contents
from digest.cache import renew_everything
from digest.models import EntryContents, Issue, IssueContents
from tests.factories import make_full_issue
from tests.shared_data import shared_by_the_module

pytestmark = pytest.mark.django_db

ISSUE = "/issues/2020/week-47/"
CHINESE_ISSUE = "/zh-hans/issues/2020/week-47/"
LANGUAGES = ("en", "zh-hans")


def make_archive():
    """Five published issues."""
    for week in (40, 44, 45, 46, 47):
        make_full_issue(2020, week, entries=4, tags=("shared", f"only-{week}"))


@pytest.fixture(scope="module")
def archive_built_once(request, django_db_setup, django_db_blocker):
    """The archive, shared by the module's tests (tests.shared_data)."""
    with shared_by_the_module(request, django_db_blocker):
        make_archive()
        yield


@pytest.fixture
def archive(archive_built_once):
    """The issues by week."""
    return {issue.week: issue for issue in Issue.objects.all()}


def test_a_page_shows_the_stored_rendering_while_it_is_current(client, archive):
    client.get(ISSUE)
    IssueContents.objects.update(html="<p>What was stored</p>")

    assert "What was stored" in client.get(ISSUE).content.decode()


def test_each_language_has_its_own_rendering(client, archive):
    english = client.get(ISSUE).content.decode()
    chinese = client.get(CHINESE_ISSUE).content.decode()

    assert "picks of the week" in english
    assert "每周编辑精选" in chinese
    assert "picks of the week" not in chinese
    assert set(IssueContents.objects.values_list("language", flat=True)) == {"en", "zh-hans"}


def test_new_code_renders_every_issue_again(client, archive):
    """A deployment (every one runs `migrate`) may change templates and translations."""
    client.get(ISSUE)
    IssueContents.objects.update(html="<p>Rendered by the previous code</p>")

    renew_everything()

    assert "Rendered by the previous code" not in client.get(ISSUE).content.decode()


def test_a_rendering_that_cannot_be_stored_is_still_shown(client, archive):
    failing = mock.patch.object(
        IssueContents.objects, "bulk_create", side_effect=DatabaseError("database is locked")
    )
    with failing:
        response = client.get(ISSUE)

    assert response.status_code == 200
    assert archive[47].entries.first().headline in response.content.decode()
    assert not IssueContents.objects.exists()


def test_a_page_viewed_again_renders_nothing(client, archive):
    client.get(ISSUE)
    rendering = mock.patch.object(
        contents, "render_for_page", side_effect=AssertionError("rendered again")
    )
    with rendering:
        response = client.get(ISSUE)

    assert response.status_code == 200


def test_a_feed_shows_the_stored_rendering_while_it_is_current(client, archive):
    client.get("/feeds/issues.atom")
    IssueContents.objects.filter(kind=IssueContents.Kind.FEED).update(html="<p>Kept</p>")

    assert client.get("/feeds/issues.atom").content.decode().count("&lt;p&gt;Kept") == 5
    assert client.get("/feeds/issues.rss").content.decode().count("&lt;p&gt;Kept") == 5


@pytest.mark.parametrize("feed", ["/feeds/issues.atom", "/feeds/issues.rss"])
def test_a_feed_of_stored_issues_reads_no_tags_sections_or_picks(client, archive, feed):
    """Once the issues' renderings are stored, a feed reads only what it shows around them
    (each issue's language comes from its headlines)."""
    client.get(feed)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(feed).status_code == 200

    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert "digest_issuecontents" in read
    assert not {"digest_taggedentry", "digest_section", "digest_pick"} & set(read.split('"'))


def test_a_monthly_summary_shows_the_stored_weeks_while_they_are_current(client, archive):
    client.get("/issues/2020/11/")
    IssueContents.objects.filter(kind=IssueContents.Kind.MONTH).update(html="<p>Kept week</p>")

    # Weeks 45 to 47 (week 44 belongs to October).
    assert client.get("/issues/2020/11/").content.decode().count("<p>Kept week</p>") == 3


def test_issue_lists_show_the_stored_lines_while_they_are_current(client, archive):
    client.get("/issues/2020/")
    IssueContents.objects.filter(kind=IssueContents.Kind.SUMMARY).update(html="<li>Kept</li>")

    assert client.get("/issues/2020/").content.decode().count("<li>Kept</li>") == 5
    assert client.get("/issues/").content.decode().count("<li>Kept</li>") == 5
    assert client.get("/").content.decode().count("<li>Kept</li>") == 4  # all but the newest


def test_an_issue_deleted_while_its_page_is_built_is_left_out_or_not_found(archive):
    issue = archive[47]
    Issue.objects.filter(pk=issue.pk).delete()  # after the page listed it

    assert contents.summaries([archive[46], issue]) == contents.summaries([archive[46]])
    assert contents.month_contents([issue]) == []
    assert contents.feed_contents([issue]) == {}
    with pytest.raises(Http404):
        contents.issue_contents(issue)


def test_a_tag_page_shows_the_stored_entries_while_they_are_current(client, archive):
    client.get("/tags/shared/")
    EntryContents.objects.update(headline="Kept headline", body="<p>Kept body</p>")

    page = client.get("/tags/shared/").content.decode()
    assert page.count("Kept headline") == page.count("<p>Kept body</p>") == 20


@pytest.mark.parametrize("feed", ["/tags/shared/feed/", "/sections/papers/feed/"])
def test_an_entry_feed_shows_the_stored_entries_while_they_are_current(client, archive, feed):
    client.get(feed)
    EntryContents.objects.update(feed='<p>Kept <a href="/issues/">entry</a></p>')

    shown = client.get(feed).content.decode()
    # Escaped inside <content type="html">, its site-relative link made absolute.
    kept = '&lt;p&gt;Kept &lt;a href="http://testserver/issues/"&gt;entry'
    assert shown.count(kept) == shown.count("<entry>") > 0
