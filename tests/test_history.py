"""Versions of issues: every admin save keeps the whole issue (entries, picks and tags), and an
editor can bring any version back, even of a deleted issue, without touching its status."""

import pytest
import time_machine
from django.urls import reverse
from taggit.models import Tag

from digest import history
from digest.models import Entry, Issue, Pick
from tests.admin_forms import ENTRY_FIELDS
from tests.factories import make_entry, make_issue, make_pick, section
from tests.html_inspection import find_all
from tests.workflow_fixtures import (
    admin_messages,
    change_form_data,
    change_url,
    client_for,
    confirm_restore,
    member,
    page_text,
    restore_url,
    tokyo,
    transition_url,
    versions_url,
)

pytestmark = pytest.mark.django_db

S = Issue.Status


@pytest.fixture
def chief(db):
    return member("editor", username="erika", display_name="Erika Editor")


@pytest.fixture
def chief_client(chief):
    return client_for(chief)


@pytest.fixture
def issue(db):
    """A draft with two tagged entries, the first of them picked."""
    issue = make_issue(week=47, status=S.DRAFT, intro="Old intro.")
    first = make_entry(
        issue, headline="First entry", summary="Old summary.", tags=["AI", "人工智能"]
    )
    make_entry(issue, headline="Second entry", summary="Second summary.", tags=["NLP"])
    make_pick(issue, first, blurb="Old blurb")
    return issue


def admin_save(client, issue, **changes):
    """Save the issue's change form as `client`'s user, with `changes` to its fields."""
    data = change_form_data(client, issue)
    data.update(changes)
    response = client.post(change_url(issue), data)
    assert response.status_code == 302, admin_messages(response) or page_text(response)[:3000]
    return response


def add_entry_row(data, issue, headline):
    """Add a new entry row to the entries inline of form `data`."""
    index = int(data["entries-TOTAL_FORMS"])
    row = {
        **ENTRY_FIELDS,
        "issue": str(issue.pk),
        "section": str(section("papers").pk),
        "headline": headline,
        "position": "99",
    }
    data.update({f"entries-{index}-{name}": value for name, value in row.items()})
    data["entries-TOTAL_FORMS"] = str(index + 1)


def entry_tags(entry):
    return {tag.name for tag in Entry.objects.get(pk=entry.pk).tags.all()}


def oldest_version(issue):
    return history.versions_of(issue.pk).last()


def restore(client, version):
    """Restore `version` as `client`'s user: open its restore page and confirm."""
    response = confirm_restore(client, version)
    assert response.status_code == 200
    return response


# --- Versions are stored -----------------------------------------------------------------------


def test_saving_in_the_admin_stores_a_version_shown_with_who_and_when(chief_client, issue):
    with time_machine.travel(tokyo(2020, 11, 18, 10, 30), tick=False):
        admin_save(chief_client, issue, intro="Better intro.")

    response = chief_client.get(versions_url(issue))

    assert response.status_code == 200
    [row] = [row for row in find_all(response.content, "tr") if "Erika Editor" in row.text]
    text = " ".join(row.text.split())
    assert "Wed 18 Nov 2020 10:30 (Asia/Tokyo)" in text
    assert "Changed Intro." in text
    assert "Restore this version" in text


def test_each_save_is_a_new_version(chief_client, issue):
    admin_save(chief_client, issue, intro="One.")
    admin_save(chief_client, issue, intro="Two.")

    assert history.versions_of(issue.pk).count() == 2


def test_a_status_change_is_a_version_too(chief_client, issue):
    chief_client.post(transition_url(issue, "submit"), {"confirm": "yes"})

    [version] = history.versions_of(issue.pk)
    assert version.revision.get_comment() == "Status: In review."
    assert version.revision.user.username == "erika"


# --- Restoring -------------------------------------------------------------------------------


def test_restoring_brings_back_intro_summaries_entries_picks_and_tags(chief_client, issue):
    first, second = issue.entries.order_by("position")
    admin_save(chief_client, issue)  # the version to come back to
    data = change_form_data(chief_client, issue)
    data.update(
        {
            "intro": "New intro.",
            "entries-0-summary": "New summary.",
            "entries-0-tags": "AI, 强化学习",
            "picks-0-DELETE": "on",
        }
    )
    add_entry_row(data, issue, "Added later")
    assert chief_client.post(change_url(issue), data).status_code == 302
    # The edit went through, tags included.
    assert Entry.objects.get(pk=first.pk).summary == "New summary."
    assert entry_tags(first) == {"AI", "强化学习"}
    assert not Pick.objects.filter(issue=issue).exists()

    response = restore(chief_client, oldest_version(issue))

    assert any("was restored as it was on" in message for message in admin_messages(response))
    issue.refresh_from_db()
    assert issue.intro == "Old intro."
    assert "Old intro." in issue.intro_html
    assert set(issue.entries.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert Entry.objects.get(pk=first.pk).summary == "Old summary."
    assert "Old summary." in Entry.objects.get(pk=first.pk).summary_html
    [pick] = Pick.objects.filter(issue=issue)
    assert (pick.entry_id, pick.blurb) == (first.pk, "Old blurb")
    assert entry_tags(first) == {"AI", "人工智能"}
    assert entry_tags(second) == {"NLP"}
    # And the editor sees the restored issue in the form.
    form = change_form_data(chief_client, issue)
    assert form["intro"] == "Old intro."
    assert {form["entries-0-tags"], form["entries-1-tags"]} == {"AI, 人工智能", "NLP"}


def test_restoring_keeps_a_published_issue_published(chief_client, issue, client):
    admin_save(chief_client, issue)
    chief_client.post(transition_url(issue, "publish"), {"confirm": "yes"})
    admin_save(chief_client, issue, intro="Corrected intro.")
    issue.refresh_from_db()
    published_at, publish_at = issue.published_at, issue.publish_at

    restore(chief_client, oldest_version(issue))

    issue.refresh_from_db()
    assert issue.status == S.PUBLISHED
    assert (issue.published_at, issue.publish_at) == (published_at, publish_at)
    assert issue.intro == "Old intro."
    assert "Old intro." in client.get(issue.get_absolute_url()).content.decode()


def test_restoring_keeps_a_draft_a_draft(chief_client, issue):
    chief_client.post(transition_url(issue, "publish"), {"confirm": "yes"})
    admin_save(chief_client, issue, intro="Published intro.")
    chief_client.post(transition_url(issue, "unpublish"))

    restore(chief_client, history.versions_of(issue.pk).get(revision__comment="Changed Intro."))

    issue.refresh_from_db()
    assert (issue.status, issue.published_at) == (S.DRAFT, None)
    assert issue.intro == "Published intro."


def test_a_restore_is_itself_a_version(chief_client, issue):
    admin_save(chief_client, issue)
    admin_save(chief_client, issue, intro="Newer.")

    restore(chief_client, oldest_version(issue))

    newest = history.versions_of(issue.pk).first()
    assert newest.revision.get_comment().startswith("Restored the version of")
    assert newest.revision.user.username == "erika"


def test_a_tag_used_elsewhere_is_never_deleted_by_a_restore(chief_client, issue):
    other = make_entry(make_issue(week=46), tags=["强化学习", "人工智能"])
    first = issue.entries.order_by("position").first()
    admin_save(chief_client, issue)
    admin_save(chief_client, issue, **{"entries-0-tags": "AI, 强化学习"})

    restore(chief_client, oldest_version(issue))

    assert Tag.objects.filter(name="强化学习").exists()
    assert entry_tags(other) == {"强化学习", "人工智能"}
    assert entry_tags(first) == {"AI", "人工智能"}


def test_a_tag_deleted_since_the_version_comes_back_with_it(chief_client, issue):
    first = issue.entries.order_by("position").first()
    admin_save(chief_client, issue)
    admin_save(chief_client, issue, **{"entries-0-tags": "AI"})
    Tag.objects.filter(name="人工智能").delete()

    restore(chief_client, oldest_version(issue))

    assert entry_tags(first) == {"AI", "人工智能"}


# --- Deleted issues ----------------------------------------------------------------------------


def delete_in_admin(client, issue):
    url = reverse("admin:digest_issue_delete", args=[issue.pk])
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302, page_text(response)[:3000]
    assert not Issue.objects.filter(pk=issue.pk).exists()


def test_a_deleted_issue_is_listed_and_comes_back_as_a_draft_with_its_content(chief_client, issue):
    chief_client.post(transition_url(issue, "publish"), {"confirm": "yes"})
    first, second = issue.entries.order_by("position")
    issue_pk = issue.pk
    delete_in_admin(chief_client, issue)

    deleted_page = chief_client.get(reverse("admin:digest_issue_deleted"))

    assert deleted_page.status_code == 200
    assert "Week 47, 2020" in page_text(deleted_page)
    [link] = [
        link for link in find_all(deleted_page.content, "a") if "/restore/" in link.get("href", "")
    ]
    deleted = history.deleted_issues().get()
    assert link.get("href") == restore_url(deleted)
    response = restore(chief_client, deleted)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("admin:digest_issue_change", args=[issue_pk])
    restored = Issue.objects.get(pk=issue_pk)
    assert (restored.status, restored.published_at) == (S.DRAFT, None)
    assert restored.intro == "Old intro."
    assert set(restored.entries.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert Pick.objects.get(issue=restored).entry_id == first.pk
    assert entry_tags(first) == {"AI", "人工智能"}
    assert entry_tags(second) == {"NLP"}
    # No longer deleted, and not visible to readers until published again.
    assert "Week 47, 2020" not in page_text(chief_client.get(reverse("admin:digest_issue_deleted")))
    assert client_for(None).get(restored.get_absolute_url()).status_code == 404


# --- Who may restore ---------------------------------------------------------------------------


def test_a_contributor_cannot_restore(chief_client, issue):
    admin_save(chief_client, issue)
    admin_save(chief_client, issue, intro="Newer.")
    contributor = client_for(member("contributor"))

    response = contributor.post(restore_url(oldest_version(issue)))

    assert response.status_code == 403
    issue.refresh_from_db()
    assert issue.intro == "Newer."


def test_a_contributor_sees_versions_without_restore_buttons(chief_client, issue):
    admin_save(chief_client, issue)
    contributor = client_for(member("contributor"))

    response = contributor.get(versions_url(issue))

    assert response.status_code == 200
    assert "Erika Editor" in page_text(response)
    assert "Restore this version" not in page_text(response)
    assert contributor.get(reverse("admin:digest_issue_deleted")).status_code == 403


# --- A restore is a new version ----------------------------------------------------------------


def test_restoring_never_sets_the_version_counter_back(chief_client, issue):
    admin_save(chief_client, issue)
    for intro in ("Two.", "Three.", "Four.", "Five.", "Six."):
        admin_save(chief_client, issue, intro=intro)
    issue.refresh_from_db()
    before = issue.version

    restore(chief_client, oldest_version(issue))

    issue.refresh_from_db()
    assert issue.version > before


def test_a_form_opened_before_a_restore_is_refused_as_stale(chief_client, issue):
    admin_save(chief_client, issue)
    # As many saves after the version to restore as the restore itself used to count up again
    # (revert, save, two entries): the counter would come back to the very number this form has.
    for intro in ("Two.", "Three.", "Four.", "Five."):
        admin_save(chief_client, issue, intro=intro)
    opened_before = change_form_data(chief_client, issue)

    restore(chief_client, oldest_version(issue))
    response = chief_client.post(change_url(issue), {**opened_before, "title": "Overwrite?"})

    assert response.status_code == 200
    assert "your changes were NOT saved" in page_text(response)
    issue.refresh_from_db()
    assert (issue.title, issue.intro) == ("", "Old intro.")
