"""Test data built once for all the tests of a module, where building it for each test would
cost most of the module's time.

`shared_by_the_module` opens a transaction for the module, in which its fixture builds the data;
pytest-django runs each test in a savepoint inside it, so what a test changes is undone before
the next one, and the transaction is rolled back after the module's last test. The data then
is there for every test that follows in the module, whether it asked for it or not: a module
shares data only if all of its tests start from it. A transactional test would commit and empty
the tables under the others, so such a module may not have one.
"""

import contextlib

from django.db import connection, transaction

# Fixtures through which a test reaches the database (pytest-django refuses it otherwise).
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup"}


def uses_the_database(item):
    return item.get_closest_marker("django_db") is not None or bool(
        DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def in_a_test_transaction(item):
    """Whether the test runs inside a transaction rolled back at its end (not a transactional
    test, which commits)."""
    marker = item.get_closest_marker("django_db")
    if "transactional_db" in item.fixturenames or (marker and marker.kwargs.get("transaction")):
        return False
    return marker is not None or "db" in item.fixturenames


def content_triggers_immediate():
    """On PostgreSQL the triggers that renew the content versions (digest.cache) run at commit,
    which a test inside a transaction never reaches; make them run at each change instead, as
    they do on SQLite. (The versions decide which stored pages and issue contents are current.)
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS digest_content_changed IMMEDIATE")


@contextlib.contextmanager
def shared_by_the_module(request, django_db_blocker):
    """In a module-scoped fixture: build the module's data inside the `with` block and yield
    from it (see above)."""
    transactional = [
        item.name
        for item in request.session.items
        if item.module is request.module and uses_the_database(item)
        if not in_a_test_transaction(item)
    ]
    assert not transactional, f"transactional tests cannot share data: {transactional}"
    with django_db_blocker.unblock(), transaction.atomic():
        content_triggers_immediate()
        yield
        transaction.set_rollback(True)
