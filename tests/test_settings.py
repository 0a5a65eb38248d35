"""Settings read from the environment: production refuses to start half-configured, development
needs no configuration at all. Each case runs the settings modules afresh in an environment of
its own (and one starts a process, as an operator would)."""

import importlib
import os
import re
import sys
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import pytest
from django.conf import global_settings
from django.core.exceptions import ImproperlyConfigured

from tests.processes import clean_environment, manage

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PROD = "config.settings.prod"
PROD_ENV = {"DJANGO_SECRET_KEY": "a-long-random-test-secret", "DJANGO_ALLOWED_HOSTS": "digest.test"}
PACKAGE = "config.settings"


def settings_module(name, **variables):
    """The settings module `name` as a process whose environment holds only `variables` would
    run it: it and the settings modules it imports are run again under that environment, and
    this process's own are put back afterwards."""
    environment = clean_environment(DJANGO_SETTINGS_MODULE=name, **variables)
    with (
        mock.patch.dict(sys.modules),
        mock.patch.dict(vars(sys.modules[PACKAGE])),
        mock.patch.dict(os.environ, environment, clear=True),
    ):
        for module in [module for module in sys.modules if module.startswith(f"{PACKAGE}.")]:
            del sys.modules[module]
        return importlib.import_module(name)


def settings_of(name, **variables):
    """What the settings module `name` computes in an environment holding only `variables`
    (with Django's defaults for what it leaves unset, as `django.conf.settings` has them)."""
    settings = SimpleNamespace(
        **{**vars(global_settings), **vars(settings_module(name, **variables))}
    )
    database = settings.DATABASES["default"]
    return {
        "DEBUG": settings.DEBUG,
        "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
        "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
        "DATABASE_ENGINE": database["ENGINE"],
        "DATABASE_NAME": str(database["NAME"]),
        "CACHE_BACKEND": settings.CACHES["default"]["BACKEND"],
        "TIME_ZONE": settings.TIME_ZONE,
        "LANGUAGE_CODE": settings.LANGUAGE_CODE,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "LINK_FETCH_ALLOW_LOOPBACK": settings.DIGEST_LINK_FETCH_ALLOW_LOOPBACK,
        "ARXIV_API_URL": settings.DIGEST_ARXIV_API_URL,
        "EMAIL": [
            settings.EMAIL_BACKEND,
            settings.EMAIL_HOST,
            settings.EMAIL_PORT,
            settings.EMAIL_HOST_USER,
            settings.EMAIL_HOST_PASSWORD,
            settings.EMAIL_USE_TLS,
            settings.DEFAULT_FROM_EMAIL,
        ],
    }


def prod_settings(**variables):
    return settings_of(PROD, **{**PROD_ENV, **variables})


# --- Production refuses to start half-configured ---------------------------------------------


def test_production_without_a_secret_key_refuses_to_start():
    env = clean_environment(DJANGO_SETTINGS_MODULE=PROD, DJANGO_ALLOWED_HOSTS="digest.test")
    result = manage("check", env=env, check=False)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_with_an_empty_secret_key_refuses_to_start():
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        settings_module(PROD, DJANGO_SECRET_KEY="", DJANGO_ALLOWED_HOSTS="digest.test")


def test_production_without_allowed_hosts_refuses_to_start():
    with pytest.raises(ImproperlyConfigured, match="DJANGO_ALLOWED_HOSTS"):
        settings_module(PROD, DJANGO_SECRET_KEY="a-long-random-test-secret")


def test_production_reads_allowed_hosts_as_a_comma_separated_list():
    settings = prod_settings(DJANGO_ALLOWED_HOSTS="digest.test, www.digest.test")

    assert settings["ALLOWED_HOSTS"] == ["digest.test", "www.digest.test"]


@pytest.mark.parametrize("debug", ["", "0", "1", "true"])
def test_production_never_runs_in_debug_mode(debug):
    assert prod_settings(DJANGO_DEBUG=debug)["DEBUG"] is False


def test_production_redirects_to_https_by_default():
    assert prod_settings()["SECURE_SSL_REDIRECT"] is True


def test_production_https_redirect_can_be_turned_off_behind_a_proxy_that_does_it():
    assert prod_settings(DJANGO_SECURE_SSL_REDIRECT="0")["SECURE_SSL_REDIRECT"] is False


# --- Database, cache, locale, media ----------------------------------------------------------


def test_without_database_url_the_database_is_sqlite_in_the_project_folder():
    settings = prod_settings()

    assert settings["DATABASE_ENGINE"] == "django.db.backends.sqlite3"
    assert Path(settings["DATABASE_NAME"]) == PROJECT_ROOT / "db.sqlite3"


def test_a_postgres_database_url_selects_postgresql():
    settings = prod_settings(DATABASE_URL="postgres://digest:pw@db.internal:5432/digest")

    assert settings["DATABASE_ENGINE"] == "django.db.backends.postgresql"
    assert settings["DATABASE_NAME"] == "digest"


def test_redis_url_selects_the_redis_cache():
    settings = prod_settings(REDIS_URL="redis://cache.internal:6379/0")

    assert settings["CACHE_BACKEND"] == "django_redis.cache.RedisCache"


def test_without_redis_url_the_cache_is_in_process_memory():
    assert prod_settings()["CACHE_BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_time_zone_language_and_media_folder_come_from_the_environment(tmp_path):
    settings = prod_settings(
        DJANGO_TIME_ZONE="Europe/Paris",
        DJANGO_LANGUAGE_CODE="en",
        DJANGO_MEDIA_ROOT=str(tmp_path / "uploads"),
    )

    assert settings["TIME_ZONE"] == "Europe/Paris"
    assert settings["LANGUAGE_CODE"] == "en"
    assert Path(settings["MEDIA_ROOT"]) == tmp_path / "uploads"


# --- Outgoing requests and e-mail ------------------------------------------------------------


@pytest.mark.parametrize("settings_module", [PROD, "config.settings.dev"])
def test_the_link_fetcher_never_reaches_loopback_outside_the_tests(settings_module):
    # Not an environment variable: setting one changes nothing.
    settings = settings_of(settings_module, **PROD_ENV, DIGEST_LINK_FETCH_ALLOW_LOOPBACK="1")

    assert settings["LINK_FETCH_ALLOW_LOOPBACK"] is False
    assert settings["ARXIV_API_URL"] == "https://export.arxiv.org/api/query"


def test_production_sends_email_through_the_smtp_server_the_environment_names():
    settings = prod_settings(
        DJANGO_EMAIL_HOST="smtp.digest.test",
        DJANGO_EMAIL_PORT="587",
        DJANGO_EMAIL_HOST_USER="digest",
        DJANGO_EMAIL_HOST_PASSWORD="s3cret",
        DJANGO_EMAIL_USE_TLS="1",
        DJANGO_DEFAULT_FROM_EMAIL="Digest <editors@digest.test>",
    )

    assert settings["EMAIL"] == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.digest.test",
        587,
        "digest",
        "s3cret",
        True,
        "Digest <editors@digest.test>",
    ]


def test_development_prints_email_on_the_console():
    backend = settings_of("config.settings.dev")["EMAIL"][0]

    assert backend == "django.core.mail.backends.console.EmailBackend"


# --- Development needs nothing ---------------------------------------------------------------


def test_development_settings_load_with_an_empty_environment():
    settings = settings_of("config.settings.dev")

    assert settings["DEBUG"] is True
    assert settings["DATABASE_ENGINE"] == "django.db.backends.sqlite3"
    assert settings["SECURE_SSL_REDIRECT"] is False


def test_manage_py_check_passes_with_an_empty_environment():
    result = manage("check", env={}, check=False)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_every_environment_variable_the_settings_read_is_documented():
    base = (PROJECT_ROOT / "config" / "settings" / "base.py").read_text()
    readme = (PROJECT_ROOT / "README.md").read_text()
    read = set(re.findall(r'env\.\w+\("([A-Z_]+)"', base)) | set(
        re.findall(r'_names\("([A-Z_]+)"\)', base)
    )
    assert len(read) > 20
    assert {name for name in read if f"`{name}`" not in readme} == set()
