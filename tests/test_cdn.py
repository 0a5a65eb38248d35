"""The HTTP cache in front of the site is told exactly which pages changed (digest.cdn)."""

import pytest

from digest import cdn
from digest.models import Issue, PendingPurge
from tests.factories import make_full_issue

pytestmark = pytest.mark.django_db


class FakeCache:
    """Stands in for Varnish: records what it was asked to drop, or refuses."""

    def __init__(self, answers=True):
        self.answers, self.purged = answers, []

    def purge(self, scopes):
        if not self.answers:
            raise cdn.PurgeError("no answer")
        self.purged.append(set(scopes))


@pytest.fixture
def fake_cache(monkeypatch, settings):
    settings.DIGEST_CDN_PURGE_URLS = ["http://cache.test/"]
    fake = FakeCache()
    monkeypatch.setattr(cdn, "purger", lambda: fake)
    return fake


@pytest.fixture
def issue():
    issue = make_full_issue(2020, 47)
    PendingPurge.objects.all().delete()
    return issue


def test_a_change_queues_the_scopes_it_touches(issue):
    entry = issue.entries.first()
    entry.headline = "Edited"
    entry.save()
    assert set(PendingPurge.objects.values_list("scope", flat=True)) == {
        "content",
        f"issue:{issue.pk}",
    }


def test_purging_sends_the_queued_scopes_and_empties_the_queue(issue, fake_cache):
    tags = {f"tag:{tag.pk}" for entry in issue.entries.all() for tag in entry.tags.all()}
    sections = {f"section:{entry.section_id}" for entry in issue.entries.all()}
    assert tags
    Issue.objects.filter(pk=issue.pk).update(status="draft")
    assert cdn.purge()
    assert fake_cache.purged == [
        {
            "content",
            "visibility",
            f"issue:{issue.pk}",
            f"visible-year:{issue.year}",
            f"visible-week:{issue.week}",
            f"visible-at:{issue.year}-{issue.week}",
            *tags,  # the pages of the tags its entries carry
            *sections,  # the feeds of the sections holding them
        }
    ]
    assert not PendingPurge.objects.exists()


def test_scopes_stay_queued_when_the_cache_does_not_answer(issue, fake_cache):
    Issue.objects.filter(pk=issue.pk).update(title="Renamed")
    fake_cache.answers = False
    assert cdn.purge() == []
    assert PendingPurge.objects.filter(scope=f"issue:{issue.pk}").exists()


def test_a_scope_changed_again_during_a_purge_stays_queued(issue, fake_cache, monkeypatch):
    Issue.objects.filter(pk=issue.pk).update(title="First")
    original = fake_cache.purge

    def change_meanwhile(scopes):
        original(scopes)
        Issue.objects.filter(pk=issue.pk).update(title="Second")  # after the ban went out

    monkeypatch.setattr(fake_cache, "purge", change_meanwhile)
    cdn.purge()
    assert PendingPurge.objects.filter(scope=f"issue:{issue.pk}").exists()


def test_saving_through_the_models_purges_after_the_commit(
    issue, fake_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        entry = issue.entries.first()
        entry.summary = "A new summary"
        entry.save()
    assert {"content", f"issue:{issue.pk}"} <= set().union(*fake_cache.purged)


def test_cached_pages_name_their_scopes_and_let_the_cdn_keep_them(client, issue, settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.DIGEST_CDN_PURGE_URLS = ["http://cache.test/"]
    for state in ("miss", "hit"):
        response = client.get(issue.get_absolute_url())
        assert response["X-Cache"] == state
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"public", "max-age=0", "s-maxage=86400", "stale-while-revalidate=10"} <= directives
        assert f"issue:{issue.pk}" in response["Surrogate-Key"].split()
        assert "visibility" in response["Surrogate-Key"].split()


def test_without_a_cdn_shared_caches_must_ask_every_time(client, issue, settings):
    settings.PAGE_CACHE_ENABLED = True
    response = client.get(issue.get_absolute_url())
    assert "s-maxage" not in response["Cache-Control"]
    assert "must-revalidate" in response["Cache-Control"]
    assert not response.has_header("Surrogate-Key")


def test_a_cdn_keeps_a_page_only_until_the_next_issue_goes_live(client, issue, settings):
    import datetime

    from django.utils import timezone

    from tests.factories import make_entry, make_issue

    settings.PAGE_CACHE_ENABLED = True
    settings.DIGEST_CDN_PURGE_URLS = ["http://cache.test/"]
    due = timezone.now() + datetime.timedelta(minutes=10)
    make_entry(make_issue(2020, 48, status=Issue.Status.SCHEDULED, publish_at=due))
    response = client.get(issue.get_absolute_url())
    max_age = [p for p in response["Cache-Control"].split(", ") if p.startswith("s-maxage=")]
    assert 590 <= int(max_age[0].split("=")[1]) <= 600
    assert "stale-while-revalidate" not in response["Cache-Control"], "not a moment longer"
