"""Scheduled issues: hidden from readers until their publish time, visible from that minute on
without any command, and recorded as published once by `publish_scheduled`, however many
copies of it run at the same time."""

import threading
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from taggit.models import Tag

from digest.models import Issue, StatusChange
from tests.factories import make_entry, make_issue, past
from tests.workflow_fixtures import tokyo

pytestmark = pytest.mark.django_db

S = Issue.Status
PUBLISH_AT = tokyo(2020, 11, 22, 9, 0)  # Sunday 09:00, when week 47 goes out
SCHEDULED_HEADLINE = "Headline of the scheduled week"
SCHEDULED_TAG = "scheduled-only-tag"
SHARED_TAG = "机器学习"


def publish_scheduled():
    """Run the command as cron would; returns what it printed."""
    out = StringIO()
    call_command("publish_scheduled", stdout=out)
    return out.getvalue()


@pytest.fixture
def archive():
    """Week 46 published; week 47 scheduled for Sunday 22 November 09:00 in Tokyo."""
    with time_machine.travel(tokyo(2020, 11, 20, 12, 0), tick=False):
        published = make_issue(week=46, publish_at=tokyo(2020, 11, 15, 9, 0))
        make_entry(published, headline="Headline of last week", tags=[SHARED_TAG])
        scheduled = make_issue(
            week=47, status=S.SCHEDULED, publish_at=PUBLISH_AT, intro="Intro of the scheduled week"
        )
        make_entry(scheduled, headline=SCHEDULED_HEADLINE, tags=[SHARED_TAG, SCHEDULED_TAG])
    return scheduled


def tag_url(name):
    return reverse("digest:tag-detail", args=[Tag.objects.get(name=name).slug])


def reader_view(client, scheduled):
    """What a reader finds of the scheduled issue on each page: {page: shown?}."""
    issue_url = scheduled.get_absolute_url()
    home = client.get(reverse("digest:home")).content.decode()
    archive = client.get(reverse("digest:archive-index")).content.decode()
    year = client.get(reverse("digest:year-archive", args=[2020])).content.decode()
    month = client.get(reverse("digest:month-summary", args=[2020, 11])).content.decode()
    shared_tag = client.get(tag_url(SHARED_TAG)).content.decode()
    tag_index = client.get(reverse("digest:tag-index")).content.decode()
    return {
        "issue page": client.get(issue_url).status_code == 200,
        "home": SCHEDULED_HEADLINE in home or issue_url in home,
        "archive": "2 issues" in archive,
        "year": issue_url in year,
        "month": SCHEDULED_HEADLINE in month,
        "shared tag": SCHEDULED_HEADLINE in shared_tag,
        "own tag page": client.get(tag_url(SCHEDULED_TAG)).status_code == 200,
        "tag index": SCHEDULED_TAG in tag_index,
    }


# --- Visibility by time ----------------------------------------------------------------------


def test_scheduled_issue_is_hidden_from_readers_until_its_publish_time(client, archive):
    with time_machine.travel(tokyo(2020, 11, 22, 8, 59, 59), tick=False):
        shown = reader_view(client, archive)

    assert shown == dict.fromkeys(shown, False)
    # Hidden, but not gone: the page of the week before still works.
    assert client.get(reverse("digest:issue-detail", args=[2020, 46])).status_code == 200


def test_scheduled_issue_is_visible_from_its_publish_minute_without_any_command(client, archive):
    with time_machine.travel(PUBLISH_AT, tick=False):
        shown = reader_view(client, archive)

    assert shown == dict.fromkeys(shown, True)
    archive.refresh_from_db()
    assert archive.status == S.SCHEDULED  # nothing recorded it yet, readers see it anyway


def test_a_hidden_scheduled_issue_page_is_a_404_not_a_preview(client, archive):
    with time_machine.travel(tokyo(2020, 11, 21, 9, 0), tick=False):
        response = client.get(archive.get_absolute_url())

    assert response.status_code == 404
    assert SCHEDULED_HEADLINE not in response.content.decode()


# --- publish_scheduled -----------------------------------------------------------------------


def test_publish_scheduled_records_due_issues_as_published(archive):
    with time_machine.travel(tokyo(2020, 11, 22, 9, 3), tick=False):
        output = publish_scheduled()

    archive.refresh_from_db()
    assert archive.status == S.PUBLISHED
    assert archive.published_at == archive.publish_at == PUBLISH_AT
    [change] = StatusChange.objects.filter(issue=archive)
    assert change.actor is None
    assert (change.from_status, change.to_status) == (S.SCHEDULED, S.PUBLISHED)
    assert change.at == tokyo(2020, 11, 22, 9, 3)
    assert "Published Week 47, 2020" in output


def test_publish_scheduled_leaves_issues_that_are_not_due_alone(archive):
    with time_machine.travel(tokyo(2020, 11, 22, 8, 59), tick=False):
        output = publish_scheduled()

    archive.refresh_from_db()
    assert (archive.status, archive.published_at) == (S.SCHEDULED, None)
    assert not StatusChange.objects.exists()
    assert "Published" not in output


def test_publish_scheduled_touches_only_scheduled_issues():
    draft = make_issue(week=45, status=S.DRAFT, publish_at=past(3))
    review = make_issue(week=46, status=S.IN_REVIEW, publish_at=past(3))
    published = make_issue(week=47, status=S.PUBLISHED, publish_at=past(3))

    publish_scheduled()

    assert [Issue.objects.get(pk=i.pk).status for i in (draft, review, published)] == [
        S.DRAFT,
        S.IN_REVIEW,
        S.PUBLISHED,
    ]
    assert Issue.objects.get(pk=published.pk).published_at is None
    assert not StatusChange.objects.exists()


def test_publish_scheduled_records_each_issue_once(archive):
    with time_machine.travel(tokyo(2020, 11, 22, 9, 1), tick=False):
        publish_scheduled()
    with time_machine.travel(tokyo(2020, 11, 22, 9, 2), tick=False):
        second_run = publish_scheduled()

    assert StatusChange.objects.filter(issue=archive).count() == 1
    archive.refresh_from_db()
    assert archive.published_at == PUBLISH_AT
    assert "Published" not in second_run


def test_publish_scheduled_picks_up_each_issue_when_it_is_due():
    with time_machine.travel(tokyo(2020, 11, 20, 12, 0), tick=False):
        first = make_issue(week=47, status=S.SCHEDULED, publish_at=PUBLISH_AT)
        second = make_issue(week=48, status=S.SCHEDULED, publish_at=tokyo(2020, 11, 29, 9))

    with time_machine.travel(tokyo(2020, 11, 22, 9, 0), tick=False):
        publish_scheduled()
    statuses = [Issue.objects.get(pk=i.pk).status for i in (first, second)]
    assert statuses == [S.PUBLISHED, S.SCHEDULED]

    with time_machine.travel(tokyo(2020, 11, 29, 9, 0), tick=False):
        publish_scheduled()
    statuses = [Issue.objects.get(pk=i.pk).status for i in (first, second)]
    assert statuses == [S.PUBLISHED, S.PUBLISHED]
    assert StatusChange.objects.count() == 2


def test_readers_see_a_recorded_issue_as_before(client, archive):
    with time_machine.travel(tokyo(2020, 11, 22, 9, 5), tick=False):
        before = reader_view(client, archive)
        publish_scheduled()
        after = reader_view(client, archive)

    assert before == after == dict.fromkeys(before, True)


# --- Several copies at once ------------------------------------------------------------------

THREADS = 6
DUE_ISSUES = 5


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Concurrent writers need PostgreSQL; SQLite serializes them (make test runs both).",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publish_scheduled_running_in_parallel_records_each_issue_exactly_once():
    issues = [
        make_issue(week=week, status=S.SCHEDULED, publish_at=past(1))
        for week in range(40, 40 + DUE_ISSUES)
    ]
    for issue in issues:
        make_entry(issue)
    barrier = threading.Barrier(THREADS)
    errors = []

    def run():
        try:
            barrier.wait(timeout=30)
            publish_scheduled()
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors
    for issue in issues:
        issue.refresh_from_db()
        assert issue.status == S.PUBLISHED
        assert issue.published_at == issue.publish_at
        assert StatusChange.objects.filter(issue=issue).count() == 1
