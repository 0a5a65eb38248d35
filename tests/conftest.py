import gc
import os
from collections import Counter

import pytest
from django.contrib.auth.models import Permission
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import clear_url_caches

from tests import processes, template_records
from tests.shared_data import content_triggers_immediate, in_a_test_transaction, uses_the_database

# The browser tests need Chromium and take minutes: `make e2e` runs them (DIGEST_E2E=1).
collect_ignore = [] if os.environ.get("DIGEST_E2E") else ["e2e"]


def pytest_configure(config):
    """The tests make and drop many short-lived objects (pages, querysets, models): Python's
    cycle collector runs less often (it took ~6 % of a run's time), and not at all over what
    is loaded before the tests start (`pytest_collection_finish`). About 3 % faster."""
    gc.set_threshold(50_000, 50, 100)


def pytest_collection_finish(session):
    gc.collect()
    gc.freeze()


def pytest_collection_modifyitems(config, items):
    """`make test` runs the suite on SQLite, then on PostgreSQL: in the PostgreSQL run, tests
    that never reach the database (settings, Markdown, proxies in front of the SQLite site)
    would only repeat themselves, so they run once, with SQLite, and are reported deselected.

    The parallel runs (`--dist loadfile --no-loadscope-reorder`) hand out modules in this
    order: those that start servers or commands first (they take longest, and wait on other
    processes), then the others by their number of tests, so that the workers finish together.
    """
    from django.db import connection

    if connection.vendor != "sqlite":
        kept, once = [], []
        for item in items:
            (kept if uses_the_database(item) else once).append(item)
        config.hook.pytest_deselected(items=once)
        items[:] = kept
    tests_in = Counter(item.module for item in items)
    items.sort(key=lambda item: (not starts_processes(item.module), -tests_in[item.module]))


def starts_processes(module):
    """Whether the tests of `module` start servers or commands (tests.processes)."""
    return any(
        getattr(value, "__module__", None) == processes.__name__ for value in vars(module).values()
    )


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request activates its page's language (by
    its URL) for the rest of the thread, which must not carry over into the next test."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files of a test go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@receiver(setting_changed)
def forget_reversed_urls(setting, **kwargs):
    """Which language goes unprefixed follows LANGUAGE_CODE, which only tests change: forget
    the URLs reversed under the previous one (Django's resolver and digest.links)."""
    if setting == "LANGUAGE_CODE":
        from digest import links

        clear_url_caches()
        links._reverse.cache_clear()


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("boss", "boss@example.com", "pw")


@pytest.fixture
def admin_client(superuser):
    """A client signed in as a superuser; the `client` fixture stays an anonymous reader."""
    from django.test import Client

    signed_in = Client()
    signed_in.force_login(superuser)
    return signed_in


@pytest.fixture
def editor(django_user_model):
    """A staff member who may change issues, without being a superuser."""
    user = django_user_model.objects.create_user("editor", "editor@example.com", "pw")
    user.is_staff = True
    user.save()
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="digest", codename="change_issue")
    )
    return user


@pytest.fixture
def reader(django_user_model):
    """A signed-in user who is not staff."""
    return django_user_model.objects.create_user("reader", "reader@example.com", "pw")


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (it is process-local memory in tests)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def triggers_immediate_in_a_test_transaction(request):
    """See tests.shared_data.content_triggers_immediate."""
    if in_a_test_transaction(request.node):
        request.getfixturevalue("db")
        content_triggers_immediate()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by emptying the database. Django's runner runs those tests
    last; parallel runs (pytest-xdist) do not, so put back the rows the migrations created
    (sections, roles, content versions) for the tests that follow on this worker."""
    yield
    marker = item.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    if nextitem is None:
        return  # the last test of this worker: the test database is already gone
    following = nextitem.get_closest_marker("django_db")
    if following is not None and following.kwargs.get("serialized_rollback"):
        return  # the next test puts those rows back itself, as it starts
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(autouse=True, scope="session")
def responses_without_template_records(django_test_environment):
    """See tests.template_records."""
    template_records.stop()
