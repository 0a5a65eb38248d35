"""System checks for configurations in which Digest's promises could not hold."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import connections

# Databases for which migration 0006 installs the triggers that keep cached pages fresh.
FRESHNESS_DATABASES = {"sqlite", "postgresql"}
TRIGGERS = {
    "sqlite": "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
    "AND name LIKE 'digest_content_changed_%'",
    "postgresql": "SELECT count(*) FROM pg_trigger WHERE tgname = 'digest_content_changed'",
}
TRIGGERS_EXPECTED = {"sqlite": 18, "postgresql": 6}  # 6 tables, one trigger per event on SQLite


@register(Tags.caches)
def page_cache_can_stay_fresh(app_configs, **kwargs):
    vendor = connections["default"].vendor
    if settings.PAGE_CACHE_ENABLED and vendor not in FRESHNESS_DATABASES:
        return [
            Error(
                f"The page cache cannot be kept fresh on {vendor}: it relies on database "
                "triggers that Digest installs on SQLite and PostgreSQL only.",
                hint="Use SQLite or PostgreSQL, or set DIGEST_PAGE_CACHE=0.",
                id="digest.E001",
            )
        ]
    return []


@register(Tags.database)
def content_triggers_are_installed(app_configs, databases=None, **kwargs):
    """With `check --database default` (and during `migrate`): the triggers are in place.
    A warning, not an error, so that `migrate` itself may put them back."""
    errors = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor not in TRIGGERS:
            continue
        if "digest_contentversion" not in connection.introspection.table_names():
            continue  # not migrated that far yet
        with connection.cursor() as cursor:
            cursor.execute(TRIGGERS[connection.vendor])
            (found,) = cursor.fetchone()
        if settings.PAGE_CACHE_ENABLED and found < TRIGGERS_EXPECTED[connection.vendor]:
            errors.append(
                Warning(
                    f"Database {alias!r} lacks the triggers that keep cached pages fresh "
                    f"({found} of {TRIGGERS_EXPECTED[connection.vendor]}).",
                    hint="Run `manage.py migrate`, which installs them again, or set "
                    "DIGEST_PAGE_CACHE=0.",
                    id="digest.W002",
                )
            )
    return errors
