"""The page cache: fast for anonymous readers, never stale, never leaking."""

import datetime

import pytest
import time_machine
from django.core.cache import caches
from django.test import Client
from django.utils import timezone, translation

from digest.cache import page_key
from digest.models import Entry, Issue
from tests.factories import make_entry, make_full_issue, make_issue, make_pick
from tests.services import REDIS_PORT, answers, redis_cache

pytestmark = pytest.mark.django_db


REDIS_WITH_WORKER_COPIES = {
    "default": redis_cache("page-cache"),
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test"},
}


def empty(alias):
    """Empty a cache; in Redis only this test process's keys."""
    backend = caches[alias]
    if hasattr(backend, "delete_pattern"):
        backend.delete_pattern("*")
    else:
        backend.clear()


@pytest.fixture(
    autouse=True,
    params=[
        "memory",
        pytest.param(
            "redis",
            marks=pytest.mark.skipif(not answers(REDIS_PORT), reason="Redis does not answer"),
        ),
    ],
)
def page_cache_on(request, settings):
    """Every test runs with the cache in this process's memory, and with Redis plus each
    worker's copies of pages, as production runs it."""
    settings.PAGE_CACHE_ENABLED = True
    if request.param == "redis":
        settings.CACHES = REDIS_WITH_WORKER_COPIES
    configured = settings.CACHES
    for alias in configured:
        empty(alias)
    yield request.param
    if configured == settings.CACHES:  # not replaced by the test (the outage test does)
        for alias in configured:
            empty(alias)


@pytest.fixture
def committed():
    """Make a change as any code would; the database's triggers renew the content version."""

    def run(change, *args, **kwargs):
        return change(*args, **kwargs)

    return run


def get(client, url, **headers):
    response = client.get(url, **headers)
    return response, response.get("X-Cache")


@pytest.fixture
def issue(committed):
    return committed(make_full_issue, 2020, 47)


def test_anonymous_page_is_built_once_then_served_from_cache(client, issue):
    first, first_state = get(client, issue.get_absolute_url())
    second, second_state = get(client, issue.get_absolute_url())
    assert (first.status_code, second.status_code) == (200, 200)
    assert (first_state, second_state) == ("miss", "hit")
    assert first.content == second.content


def test_cached_page_costs_one_small_query_for_the_content_version(
    client, issue, django_assert_num_queries
):
    get(client, "/")
    with django_assert_num_queries(1) as queries:
        _, state = get(client, "/")
    assert state == "hit"
    assert "digest_contentversion" in queries.captured_queries[0]["sql"]


def test_each_language_has_its_own_cached_page(client, issue):
    english, _ = get(client, issue.get_absolute_url())
    with translation.override("zh-hans"):
        chinese_address = issue.get_absolute_url()
    chinese, state = get(client, chinese_address)
    assert chinese_address == "/zh-hans/issues/2020/week-47/"  # the tests' default is English
    assert state == "miss"
    assert "Week 47, 2020" in english.content.decode()
    assert "2020 年第 47 周" in chinese.content.decode()


def test_editing_an_entry_makes_every_page_showing_it_fresh(client, issue, committed):
    entry = issue.entries.first()
    for url in ["/", issue.get_absolute_url(), "/issues/2020/11/"]:
        get(client, url)
    entry.headline = "A freshly edited headline"
    committed(entry.save)
    for url in ["/", issue.get_absolute_url(), "/issues/2020/11/"]:
        response, state = get(client, url)
        assert state == "miss", url
        assert "A freshly edited headline" in response.content.decode(), url


def _save_intro(issue, entry):
    issue = Issue.objects.get(pk=issue.pk)
    issue.intro = "A new intro"
    issue.save()


def _rename_section(issue, entry):
    section = entry.section
    section.name_en = "Renamed section"
    section.save()


def _rename_tag(issue, entry):
    tag = entry.tags.first()
    tag.name = "Renamed tag"
    tag.save()


CHANGES = {
    "issue saved": _save_intro,
    "entry added": lambda issue, entry: make_entry(issue, headline="A brand new entry"),
    "entry deleted": lambda issue, entry: entry.delete(),
    "pick added": lambda issue, entry: make_pick(issue, entry, position=9),
    "pick deleted": lambda issue, entry: issue.picks.first().delete(),
    "section renamed": _rename_section,
    "tag added": lambda issue, entry: entry.tags.add("brand-new-tag"),
    "tag removed": lambda issue, entry: entry.tags.remove(*entry.tags.all()),
    "tag renamed": _rename_tag,
    "issue deleted": lambda issue, entry: Issue.objects.get(pk=issue.pk).delete(),
}


@pytest.mark.parametrize("change", CHANGES)
def test_every_kind_of_change_invalidates_cached_pages(client, issue, committed, change):
    get(client, issue.get_absolute_url())
    assert get(client, issue.get_absolute_url())[1] == "hit"
    entry = issue.entries.order_by("pk").last()
    committed(CHANGES[change], issue, entry)
    _, state = get(client, issue.get_absolute_url())
    assert state != "hit"


def test_status_change_hides_a_cached_issue_at_once(client, issue, committed, superuser):
    get(client, issue.get_absolute_url())
    committed(Issue.objects.get(pk=issue.pk).apply_transition, "unpublish", superuser)
    response, _ = get(client, issue.get_absolute_url())
    assert response.status_code == 404


def test_scheduled_issue_appears_at_its_time_although_nothing_was_saved(client, committed):
    committed(make_full_issue, 2020, 46)
    due = timezone.now() + datetime.timedelta(hours=2)
    scheduled = committed(
        make_issue, 2020, 47, status=Issue.Status.SCHEDULED, publish_at=due, intro="Due soon"
    )
    committed(make_entry, scheduled, headline="The scheduled headline")
    before, _ = get(client, "/")
    assert "The scheduled headline" not in before.content.decode()
    assert get(client, "/")[1] == "hit"
    with time_machine.travel(due + datetime.timedelta(minutes=1)):
        after, state = get(client, "/")
        assert state == "miss"
        assert "The scheduled headline" in after.content.decode()
        assert get(client, scheduled.get_absolute_url())[0].status_code == 200


def test_requests_with_a_session_never_use_the_cache(client, issue, superuser):
    client.force_login(superuser)
    response, state = get(client, issue.get_absolute_url())
    assert response.status_code == 200
    assert state is None
    client.logout()
    client.cookies.clear()
    _, state = get(client, issue.get_absolute_url())
    assert state == "miss", "a staff visit must not have filled the cache"


def test_staff_preview_is_never_cached(client, committed, superuser):
    draft = committed(make_issue, 2020, 48, status=Issue.Status.DRAFT)
    committed(make_entry, draft, headline="Secret draft headline")
    client.force_login(superuser)
    preview, state = get(client, draft.get_absolute_url())
    assert "Secret draft headline" in preview.content.decode()
    assert state is None
    anonymous = client.__class__()
    response, _ = get(anonymous, draft.get_absolute_url())
    assert response.status_code == 404
    assert "Secret draft headline" not in response.content.decode()


def test_shared_preview_link_is_never_cached(client, committed, superuser, rf):
    draft = committed(make_issue, 2020, 48, status=Issue.Status.DRAFT)
    committed(make_entry, draft, headline="Reviewer-only headline")
    link = committed(
        draft.preview_links.create,
        created_by=superuser,
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    for _ in range(2):
        response, state = get(client, link.get_absolute_url())
        assert response.status_code == 200
        assert state is None
    assert "no-cache" in response["Cache-Control"]
    assert _cached_pages(rf, link.get_absolute_url()) == []


def _cached_pages(rf, url):
    """The page stored for `url`, in the shared cache and in this worker's copies."""
    key = page_key(rf.get(url))
    return [caches[alias].get(key) for alias in caches.settings if caches[alias].get(key)]


def test_pages_carry_an_etag_and_answer_304_when_unchanged(client, issue):
    response, _ = get(client, issue.get_absolute_url())
    etag = response["ETag"]
    again = client.get(issue.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_cache_outage_is_logged_and_pages_come_from_the_database(client, issue, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        }
    }
    response = client.get(issue.get_absolute_url())
    assert response.status_code == 200
    assert "Week 47, 2020" in response.content.decode()
    assert "Page cache unavailable" in caplog.text


@pytest.mark.parametrize("page_cache_on", ["redis"], indirect=True)
def test_a_worker_serves_its_own_copy_while_the_version_is_current(client, issue, committed):
    url = issue.get_absolute_url()
    get(client, url)
    # The copy in this worker's memory answers even without the page in Redis ...
    empty("default")
    response, state = get(client, url)
    assert state == "hit"
    # ... but only at the version Redis holds: a change elsewhere makes it stale at once.
    entry = issue.entries.first()
    entry.headline = "Edited on another app server"
    committed(entry.save)
    response, state = get(client, url)
    assert state == "miss"
    assert "Edited on another app server" in response.content.decode()


@pytest.mark.parametrize("page_cache_on", ["redis"], indirect=True)
def test_a_page_built_by_another_worker_is_served_from_redis(client, issue):
    url = issue.get_absolute_url()
    built, _ = get(client, url)
    caches["pages"].clear()  # as in a worker that has not served the page yet

    response, state = get(client, url)

    assert state == "hit"
    assert response.content == built.content
    assert get(client, url)[1] == "hit"


def test_query_parameters_a_page_does_not_read_share_its_cached_copy(client, issue):
    url = issue.get_absolute_url()
    get(client, f"{url}?utm_source=newsletter")
    for junk in ["?fbclid=abc", "?utm_source=other&x=1", ""]:
        assert get(client, f"{url}{junk}")[1] == "hit", junk


def test_query_parameters_a_page_reads_keep_their_own_copies(client, issue):
    get(client, "/search/?q=paper&ref=a")
    assert get(client, "/search/?ref=b&q=paper")[1] == "hit"
    assert get(client, "/search/?q=other")[1] == "miss"
    assert get(client, "/search/?q=paper&page=2")[1] == "miss"


def test_https_and_http_pages_are_cached_apart(client, issue):
    get(client, issue.get_absolute_url())
    response = client.get(issue.get_absolute_url(), secure=True)
    assert response["X-Cache"] == "miss"
    assert client.get(issue.get_absolute_url(), secure=True)["X-Cache"] == "hit"


def test_cached_pages_tell_browsers_and_proxies_to_revalidate(client, issue):
    for state in ["miss", "hit"]:
        response, seen = get(client, issue.get_absolute_url())
        assert seen == state
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"max-age=0", "must-revalidate"} <= directives
        # The URL decides the language: nothing varies with the browser's Accept-Language.
        assert "Cookie" in response["Vary"] and "Accept-Language" not in response["Vary"]


UNTRACKED_CHANGES = {
    "QuerySet.update()": lambda issue: Issue.objects.filter(pk=issue.pk).update(
        title="Changed with update()"
    ),
    "raw SQL": lambda issue: _raw_sql(
        "UPDATE digest_issue SET title = %s WHERE id = %s", ["Changed with update()", issue.pk]
    ),
}


def _raw_sql(sql, params):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.parametrize("change", UNTRACKED_CHANGES)
def test_changes_that_send_no_signal_make_pages_fresh_too(client, issue, change):
    get(client, issue.get_absolute_url())
    UNTRACKED_CHANGES[change](issue)
    response, state = get(client, issue.get_absolute_url())
    assert state == "miss"
    assert "Changed with update()" in response.content.decode()


def test_a_schedule_committed_while_a_page_is_built_is_not_lost(client, issue, monkeypatch):
    """Another editor schedules an issue between the moment a request reads the content
    version and the moment it stores the page it built."""
    from digest import cache as page_cache

    due = timezone.now() + datetime.timedelta(hours=1)
    original = page_cache.next_publication

    def schedule_meanwhile():
        found = original()
        scheduled = make_issue(2020, 48, status=Issue.Status.SCHEDULED, publish_at=due)
        make_entry(scheduled, headline="Scheduled by another editor")
        return found

    monkeypatch.setattr(page_cache, "next_publication", schedule_meanwhile)
    get(client, "/")
    monkeypatch.setattr(page_cache, "next_publication", original)
    with time_machine.travel(due + datetime.timedelta(minutes=1)):
        response, state = get(client, "/")
    assert state == "miss"
    assert "Scheduled by another editor" in response.content.decode()


def rebuild_while(change, client, url, monkeypatch):
    """Request `url`, whose cached copy is stale, making `change` while the page is rebuilt
    (after the request read the versions, before it stores the page)."""
    from digest import cache as page_cache

    original = page_cache.next_publication

    def change_meanwhile():
        change()
        return original()

    monkeypatch.setattr(page_cache, "next_publication", change_meanwhile)
    response = get(client, url)
    monkeypatch.setattr(page_cache, "next_publication", original)
    return response


def test_a_change_elsewhere_while_a_page_is_rebuilt_does_not_cost_its_copy(
    client, issue, monkeypatch
):
    make_issue(2020, 46)
    make_issue(2020, 48)
    elsewhere = make_entry(make_issue(2021, 10), headline="Far away")
    url = issue.get_absolute_url()
    get(client, url)
    Entry.objects.filter(issue=issue).update(headline="Edited on this page")

    def edit_elsewhere():
        elsewhere.headline = "Edited far away"
        elsewhere.save()

    response, state = rebuild_while(edit_elsewhere, client, url, monkeypatch)
    assert state == "miss" and "Edited on this page" in response.content.decode()
    assert get(client, url)[1] == "hit"


def test_a_change_on_the_page_while_it_is_rebuilt_is_never_hidden_by_its_copy(
    client, issue, monkeypatch
):
    url = issue.get_absolute_url()
    get(client, url)
    Entry.objects.filter(issue=issue).update(headline="First edit")

    def edit_this_page():
        Entry.objects.filter(issue=issue).update(headline="Second edit, during the rebuild")

    rebuild_while(edit_this_page, client, url, monkeypatch)
    response, state = get(client, url)
    assert state == "miss"
    assert "Second edit, during the rebuild" in response.content.decode()


def hidden_while_rebuilt(issue, rf):
    """Cache the home page, delete one of its entries (a removal: the previous copy may not
    be served), and claim its rebuild as another request would; the page's cache key and the
    deleted entry's headline."""
    from django.core.cache import cache

    from digest.cache import page_key

    assert get(Client(), "/")[1] == "miss"
    gone = issue.entries.order_by("-pk").first()
    gone.delete()
    key = page_key(rf.get("/"))
    cache.add(f"{key}:rebuild", 1, 10)
    return key, f">{gone.headline}<"


def test_requests_for_a_page_with_removed_content_wait_for_the_one_rebuild(
    client, issue, rf, monkeypatch
):
    from django.core.cache import cache

    from digest import cache as page_cache

    key, headline = hidden_while_rebuilt(issue, rf)
    other = []

    def the_other_request_stores_it(seconds):
        if not other:
            cache.delete(f"{key}:rebuild")
            other.append(get(Client(), "/")[1])

    monkeypatch.setattr(page_cache, "pause", the_other_request_stores_it)
    response, state = get(client, "/")
    assert other == ["miss"]
    assert state == "waited"
    assert headline not in response.content.decode()


def test_a_request_waiting_for_a_rebuild_that_gives_up_builds_the_page_itself(
    client, issue, rf, monkeypatch
):
    from django.core.cache import cache

    from digest import cache as page_cache

    key, headline = hidden_while_rebuilt(issue, rf)
    monkeypatch.setattr(page_cache, "pause", lambda seconds: cache.delete(f"{key}:rebuild"))
    response, state = get(client, "/")
    assert state == "miss"
    assert headline not in response.content.decode()


@pytest.mark.parametrize("page_cache_on", ["redis"], indirect=True)
def test_an_emptied_redis_never_brings_back_an_unpublished_page(client, issue, superuser):
    url = issue.get_absolute_url()
    get(client, url)
    Issue.objects.get(pk=issue.pk).apply_transition("unpublish", superuser)
    assert get(client, url)[0].status_code == 404
    empty("default")  # as after a Redis restart or flush
    make_full_issue(2019, 3)  # an unrelated change
    response, _state = get(client, url)
    assert response.status_code == 404
