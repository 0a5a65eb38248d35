"""Restoring a version first shows what it would change in the issue as it is now — title, intro,
entries, picks and tags — and restores only when the editor confirms, warning when readers would
see the change at once."""

import pytest
from django.urls import reverse

from digest import history
from digest.models import Entry, Issue
from tests.factories import make_entry, make_issue, make_pick
from tests.html_inspection import elements
from tests.workflow_fixtures import (
    admin_messages,
    client_for,
    confirm_restore,
    member,
    page_text,
    restore_url,
    versions_url,
)

pytestmark = pytest.mark.django_db

S = Issue.Status


@pytest.fixture
def chief(db):
    return member("editor", username="erika")


@pytest.fixture
def chief_client(chief):
    return client_for(chief)


def issue_with_history(chief, status=S.DRAFT):
    """(issue, version): an issue whose stored version differs from it now in every way."""
    issue = make_issue(week=47, status=status, intro="Old intro.")
    first = make_entry(
        issue, headline="First entry", summary="Old summary.", tags=["AI", "人工智能"]
    )
    second = make_entry(issue, headline="Second entry", tags=["NLP"])
    pick = make_pick(issue, first, blurb="Old blurb")
    history.record_version(issue, chief, "The good version.")
    version = history.versions_of(issue.pk).get()

    issue.refresh_from_db()
    issue.title, issue.intro = "New title", "New intro."
    issue.save()
    first.headline, first.summary = "First entry, renamed", "New summary."
    first.save()
    first.tags.set(["AI", "强化学习"])
    second.delete()
    make_entry(issue, headline="Added later")
    pick.blurb = "New blurb"
    pick.save()
    history.record_version(issue, chief, "Later changes.")
    issue.refresh_from_db()
    return issue, version


def diff_rows(response):
    """[(field, now, after)] of the page's tables of changes."""
    page = elements(response.content)
    return [
        tuple(
            " ".join(cell.text.split())
            for cell in page
            if cell.tag in ("th", "td") and cell.ancestors and cell.ancestors[-1] is row
        )
        for row in page
        if row.tag == "tr" and row.inside("tbody") and row.inside("table", "restore-diff")
    ]


def texts_of(response, tag, css_class):
    """The texts of the `tag` elements inside an element having `css_class`."""
    return [
        " ".join(element.text.split())
        for element in elements(response.content)
        if element.tag == tag and any(css_class in parent.classes for parent in element.ancestors)
    ]


def test_the_restore_page_shows_what_would_change_and_changes_nothing(chief, chief_client):
    issue, version = issue_with_history(chief)

    response = chief_client.get(restore_url(version))

    assert response.status_code == 200
    rows = diff_rows(response)
    assert ("Title", "New title", "—") in rows
    assert ("Intro", "New intro.", "Old intro.") in rows
    assert ("Headline", "First entry, renamed", "First entry") in rows
    assert texts_of(response, "h4", "restore-preview") == ["First entry, renamed"]
    assert ("Summary", "New summary.", "Old summary.") in rows
    assert ("Tags", "AI, 强化学习", "AI, 人工智能") in rows
    assert texts_of(response, "li", "entries-back") == ["Second entry"]
    assert texts_of(response, "li", "entries-removed") == ["Added later"]
    assert ("New blurb", "Old blurb") in diff_rows(response)
    # Looking changes nothing.
    after_looking = Issue.objects.get(pk=issue.pk)
    assert (after_looking.title, after_looking.version) == ("New title", issue.version)


def test_restoring_needs_the_confirmation(chief, chief_client):
    issue, version = issue_with_history(chief)

    unconfirmed = chief_client.post(restore_url(version))

    assert unconfirmed.status_code == 200
    assert "What restoring changes" in page_text(unconfirmed)
    assert Issue.objects.get(pk=issue.pk).intro == "New intro."

    confirmed = confirm_restore(chief_client, version)

    assert any("was restored as it was on" in text for text in admin_messages(confirmed))
    issue.refresh_from_db()
    assert (issue.title, issue.intro) == ("", "Old intro.")
    assert sorted(issue.entries.values_list("headline", flat=True)) == [
        "First entry",
        "Second entry",
    ]


def test_the_restore_page_warns_when_readers_see_the_issue(chief, chief_client):
    _issue, version = issue_with_history(chief, status=S.PUBLISHED)

    response = chief_client.get(restore_url(version))

    assert "This issue is live: readers see the restored version as soon as you confirm." in (
        page_text(response)
    )


def test_the_restore_page_of_a_draft_says_it_stays_a_draft(chief, chief_client):
    _issue, version = issue_with_history(chief, status=S.DRAFT)

    text = page_text(chief_client.get(restore_url(version)))

    assert "The issue stays draft: restoring changes its content, not its status." in text
    assert "This issue is live" not in text


def test_confirming_after_the_issue_changed_again_shows_the_new_changes(chief, chief_client):
    issue, version = issue_with_history(chief)
    page = chief_client.get(restore_url(version))
    assert page.status_code == 200
    shown = {"confirm": "yes", "shown_version": issue.version}
    Issue.objects.filter(pk=issue.pk).update(intro="Changed meanwhile.", version=issue.version + 1)

    response = chief_client.post(restore_url(version), shown)

    assert response.status_code == 200
    assert admin_messages(response) == [
        "The issue changed while you were looking: check the changes again."
    ]
    assert ("Intro", "Changed meanwhile.", "Old intro.") in diff_rows(response)
    assert Issue.objects.get(pk=issue.pk).intro == "Changed meanwhile."


def test_a_version_equal_to_the_issue_says_nothing_would_change(chief, chief_client):
    issue = make_issue(week=47, status=S.DRAFT, intro="Same.")
    make_entry(issue, headline="Only entry", tags=["AI"])
    history.record_version(issue, chief, "Now.")

    response = chief_client.get(restore_url(history.versions_of(issue.pk).get()))

    assert "This version is the same as the issue now: restoring it changes nothing." in (
        page_text(response)
    )
    assert diff_rows(response) == []


def test_a_deleted_issue_shows_everything_that_comes_back_as_a_draft(chief, chief_client):
    issue, _version = issue_with_history(chief, status=S.PUBLISHED)
    url = reverse("admin:digest_issue_delete", args=[issue.pk])
    assert chief_client.post(url, {"post": "yes"}).status_code == 302
    deleted = history.deleted_issues().get()

    response = chief_client.get(restore_url(deleted))

    text = page_text(response)
    assert "This issue was deleted. It comes back as a draft" in text
    assert "This issue is live" not in text
    assert texts_of(response, "li", "entries-back") == ["First entry, renamed", "Added later"]
    assert ("Intro", "—", "New intro.") in diff_rows(response)

    confirm_restore(chief_client, deleted)

    restored = Issue.objects.get(pk=issue.pk)
    assert (restored.status, restored.intro) == (S.DRAFT, "New intro.")
    assert Entry.objects.filter(issue=restored).count() == 2


def test_the_versions_page_links_to_the_restore_page_instead_of_restoring(chief, chief_client):
    issue, version = issue_with_history(chief)

    response = chief_client.get(versions_url(issue))

    restore_controls = [
        (element.tag, element.get("href") or element.get("action"))
        for element in elements(response.content)
        if restore_url(version) in (element.get("href", ""), element.get("action", ""))
    ]
    assert restore_controls == [("a", restore_url(version))]


def test_a_contributor_cannot_open_the_restore_page(chief):
    _issue, version = issue_with_history(chief)

    response = client_for(member("contributor")).get(restore_url(version))

    assert response.status_code == 403


def test_the_restore_page_reads_in_chinese(chief, chief_client, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    _issue, version = issue_with_history(chief, status=S.PUBLISHED)

    text = page_text(chief_client.get(restore_url(version), HTTP_ACCEPT_LANGUAGE="zh-hans"))

    assert "恢复将带来的变化" in text
    assert "本期已上线：一经确认，读者看到的就是恢复后的版本。" in text
