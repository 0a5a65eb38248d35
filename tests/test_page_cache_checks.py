"""Configurations in which cached pages could go stale are refused or reported by `check`."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection


def test_a_database_without_freshness_triggers_is_refused_with_the_page_cache_on(
    settings, monkeypatch
):
    settings.PAGE_CACHE_ENABLED = True
    monkeypatch.setattr(connection, "vendor", "mysql")
    with pytest.raises(SystemCheckError, match="digest.E001"):
        call_command("check")


def test_any_database_is_accepted_with_the_page_cache_off(settings, monkeypatch):
    settings.PAGE_CACHE_ENABLED = False
    monkeypatch.setattr(connection, "vendor", "mysql")
    call_command("check")


def drop_a_trigger():
    """As SQLite does when a migration rebuilds a table."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER digest_content_changed ON digest_pick")
        else:
            cursor.execute("DROP TRIGGER digest_content_changed_digest_pick_update")


@pytest.mark.django_db
def test_a_missing_trigger_is_reported(settings, capsys):
    settings.PAGE_CACHE_ENABLED = True
    call_command("check", "--database", "default")
    assert "digest.W002" not in capsys.readouterr().err
    drop_a_trigger()
    call_command("check", "--database", "default")
    assert "digest.W002" in capsys.readouterr().err


@pytest.mark.django_db
def test_every_migrate_installs_the_triggers_again(settings, capsys):
    settings.PAGE_CACHE_ENABLED = True
    drop_a_trigger()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    call_command("check", "--database", "default")
    assert "digest.W002" not in capsys.readouterr().err
