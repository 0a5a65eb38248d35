"""Tests: like development, with fast password hashing; DATABASE_URL selects PostgreSQL."""

from .dev import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests read pages in English (unprefixed) unless they choose a language; the site's default
# is Chinese (tests that need it set LANGUAGE_CODE, the browser tests among them).
LANGUAGE_CODE = "en"
# The sign-in lockout has its own tests, which switch it on.
AXES_ENABLED = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files come from the finders; no collectstatic needed to run the suite.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# Look static files up when asked rather than list them all each time a test client starts.
WHITENOISE_AUTOREFRESH = True
# Pages are built fresh in tests; the page cache's own tests switch it on.
PAGE_CACHE_ENABLED = False
# The link fetcher's tests and browser journeys read pages from fake servers on 127.0.0.1;
# only loopback is added, private networks stay refused (digest.link_fetch).
DIGEST_LINK_FETCH_ALLOW_LOOPBACK = True
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    # A test database need not wait for the disk at each commit.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
